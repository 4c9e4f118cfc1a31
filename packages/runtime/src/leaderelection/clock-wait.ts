/** Abortable waits on an injectable clock, shared by the leader elector and the event recorder. */
import type { Clock } from '../clock/index.js';

/** Resolves after `ms` on `clock`, or at once when `signal` aborts (never rejects). */
export function waitFor(clock: Clock, ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      clock.clearTimeout(handle);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const handle = clock.setTimeout(done, Math.max(0, ms));
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** How a raced operation ended. */
export type RaceOutcome<T> = { kind: 'done'; value: T } | { kind: 'timeout' } | { kind: 'aborted' };

/**
 * Races `work` against a timer of `ms` on `clock` and against `signal`. The work is not cancelled
 * when it loses (the client interface takes no signal); its late result is dropped.
 */
export function race<T>(clock: Clock, work: Promise<T>, ms: number, signal?: AbortSignal): Promise<RaceOutcome<T>> {
  return new Promise((resolve) => {
    let settled = false;
    const finish = (outcome: RaceOutcome<T>): void => {
      if (settled) return;
      settled = true;
      clock.clearTimeout(handle);
      signal?.removeEventListener('abort', onAbort);
      resolve(outcome);
    };
    const onAbort = (): void => finish({ kind: 'aborted' });
    const handle = clock.setTimeout(() => finish({ kind: 'timeout' }), Math.max(0, ms));
    if (signal?.aborted) onAbort();
    else signal?.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => finish({ kind: 'done', value }),
      // Callers pass work that does not reject; treat a stray rejection like a timeout.
      () => finish({ kind: 'timeout' }),
    );
  });
}
