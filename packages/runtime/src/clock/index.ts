/**
 * Injectable time for the runtime. How to use it:
 * - Take a `clock: Clock` option (default `realClock`) and never call Date.now, setTimeout or a
 *   sleep directly; use `clock.now()`, `clock.setTimeout(fn, ms)` / `clock.clearTimeout(h)` and
 *   `await clock.sleep(ms, signal)` (rejects with `signal.reason` on abort).
 * - In tests pass `new FakeClock()`: time stands still until the test calls `clock.step(ms)`
 *   (fires due timers synchronously, in due order) or `await clock.advance(ms)` (also lets promise
 *   continuations run between timers). `hasWaiters()` / `nextTimerAt()` tell whether, and when,
 *   something is waiting on the clock, so a test can assert a backoff without sleeping.
 */
export { realClock, sleepOn, type Clock, type TimerHandle } from './clock.js';
export { FakeClock, FAKE_CLOCK_DEFAULT_START } from './fake-clock.js';
