/** The Clock seam: every timer, delay and timestamp in the runtime goes through one of these. */

declare const timerBrand: unique symbol;

/** An opaque handle returned by `Clock.setTimeout`; only good for `Clock.clearTimeout` of the same clock. */
export type TimerHandle = { readonly [timerBrand]: true };

export interface Clock {
  /** Wall-clock time in milliseconds since the Unix epoch. */
  now(): number;
  /** Calls `fn` once, `ms` milliseconds from now (0 or less: on the next turn). */
  setTimeout(fn: () => void, ms: number): TimerHandle;
  /** Cancels a timer of this clock; unknown or already-fired handles are ignored. */
  clearTimeout(handle: TimerHandle): void;
  /** Resolves after `ms`; rejects with `signal.reason` when the signal aborts first. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** Builds `sleep` on top of a clock's own timers, so fake and real clocks abort the same way. */
export function sleepOn(clock: Pick<Clock, 'setTimeout' | 'clearTimeout'>, ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = (): void => {
      clock.clearTimeout(handle);
      reject(signal?.reason);
    };
    const handle = clock.setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Node's timers take at most 2^31-1 ms (~24.8 days) and fire at once beyond it; longer waits are chained. */
const MAX_NODE_TIMER_MS = 2 ** 31 - 1;

/** A real timer; `current` is swapped while a long wait is chained. */
interface RealTimer {
  current: NodeJS.Timeout;
}

function realSetTimeout(fn: () => void, ms: number): TimerHandle {
  const due = Date.now() + Math.max(0, ms);
  const timer: RealTimer = { current: undefined as unknown as NodeJS.Timeout };
  const arm = (wait: number): void => {
    timer.current = globalThis.setTimeout(() => {
      const left = due - Date.now();
      if (left > 0) arm(left);
      else fn();
    }, Math.min(Math.max(0, wait), MAX_NODE_TIMER_MS));
  };
  arm(ms);
  return timer as unknown as TimerHandle;
}

/** The process's real clock (Date.now and Node's timers). */
export const realClock: Clock = {
  now: () => Date.now(),
  setTimeout: realSetTimeout,
  clearTimeout: (handle) => globalThis.clearTimeout((handle as unknown as RealTimer).current),
  sleep: (ms, signal) => sleepOn(realClock, ms, signal),
};
