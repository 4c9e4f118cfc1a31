/** The reconcile contract: a key in, a Result (or a thrown error) out; the Controller alone decides retries. */

/** The object a key names: `namespace/name`, or just `name` for cluster-scoped objects. */
export interface Request {
  namespace?: string;
  name: string;
}

/** Success; `requeueAfter` (ms) asks to reconcile the key again later even if nothing changes. */
export type Result = { requeueAfter?: number } | void;

export interface Reconciler {
  /**
   * Brings the world in line with the object named by `key` (level-based: read it from the cache).
   * `signal` aborts when the controller is stopped hard. Throw a TerminalError for a failure that
   * retrying cannot fix; any other error is retried with rate-limited backoff.
   */
  reconcile(key: string, signal: AbortSignal): Promise<Result>;
}

/** A failure that retrying will not fix (bad spec, ...): logged and forgotten, not requeued. */
export class TerminalError extends Error {
  override readonly name = 'TerminalError';

  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
  }
}

/** Whether `err` or any error in its `cause` chain is a TerminalError. */
export function isTerminalError(err: unknown): boolean {
  const seen = new Set<unknown>();
  for (let e: unknown = err; e instanceof Error && !seen.has(e); e = e.cause) {
    if (e instanceof TerminalError) return true;
    seen.add(e);
  }
  return false;
}
