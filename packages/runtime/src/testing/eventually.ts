/** Bounded polling for integration tests: wait for a condition on real servers, failing (not hanging) when it never holds. */
import assert from 'node:assert/strict';

export interface EventuallyOptions {
  /** Give up after this long (default 60 s); only a failing test ever waits it out. */
  timeoutMs?: number;
  /** Pause between checks (default 50 ms). */
  pollMs?: number;
}

const DEFAULT_TIMEOUT_MS = 60_000;
const DEFAULT_POLL_MS = 50;

/**
 * Calls `check` until it returns something other than undefined, null or false, and returns that. A throw from
 * `check` counts as "not yet" (servers are still coming up); the last one is named when the wait times out.
 */
export async function eventually<T>(what: string, check: () => T | undefined | null | false | Promise<T | undefined | null | false>, options: EventuallyOptions = {}): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  const pollMs = options.pollMs ?? DEFAULT_POLL_MS;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined && value !== null && value !== false) return value;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}${lastError ? `: ${String(lastError)}` : ''}`);
    await new Promise((r) => setTimeout(r, pollMs));
  }
}
