/** A manually driven Clock for tests: time only moves when the test calls step/setTime/advance. */
import { sleepOn, type Clock, type TimerHandle } from './clock.js';

/** Default start time of a FakeClock: a fixed instant, so test output never depends on the day it runs. */
export const FAKE_CLOCK_DEFAULT_START = Date.UTC(2024, 0, 1);

interface FakeTimer {
  readonly id: number;
  readonly due: number;
  readonly fn: () => void;
}

/** Lets every pending promise continuation run (one macrotask turn; no real time involved). */
function drainMicrotasks(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

export class FakeClock implements Clock {
  private time: number;
  private nextId = 1;
  /** Pending timers by id; ids grow, so (due, id) orders timers that fall due together by creation. */
  private readonly timers = new Map<number, FakeTimer>();

  constructor(start: number = FAKE_CLOCK_DEFAULT_START) {
    this.time = start;
  }

  now(): number {
    return this.time;
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    const timer: FakeTimer = { id: this.nextId++, due: this.time + Math.max(0, ms), fn };
    this.timers.set(timer.id, timer);
    return timer.id as unknown as TimerHandle;
  }

  clearTimeout(handle: TimerHandle): void {
    this.timers.delete(handle as unknown as number);
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return sleepOn(this, ms, signal);
  }

  /**
   * Moves time forward by `ms` and fires every timer due by then, earliest first (ties in creation
   * order), with `now()` equal to each timer's due time while it runs. Timers created by those
   * callbacks fire too if they fall due within the step. Synchronous: promise continuations run
   * after step returns (await a macrotask, or use `advance`).
   */
  step(ms: number): void {
    this.setTime(this.time + ms);
  }

  /** Sets the time (backwards too) and fires every timer due by then, as `step` does. */
  setTime(target: number): void {
    for (let timer = this.nextDue(target); timer; timer = this.nextDue(target)) {
      this.timers.delete(timer.id);
      this.time = Math.max(this.time, timer.due);
      timer.fn();
    }
    this.time = target;
  }

  /**
   * Like `step`, but lets promise continuations run after each timer fires, so async loops that
   * sleep, work and sleep again progress as they would in real time within the window.
   */
  async advance(ms: number): Promise<void> {
    const target = this.time + ms;
    await drainMicrotasks();
    for (let timer = this.nextDue(target); timer; timer = this.nextDue(target)) {
      this.timers.delete(timer.id);
      this.time = Math.max(this.time, timer.due);
      timer.fn();
      await drainMicrotasks();
    }
    this.time = target;
  }

  /** Whether any timer (or sleep) is pending. */
  hasWaiters(): boolean {
    return this.timers.size > 0;
  }

  /** How many timers (and sleeps) are pending. */
  waiterCount(): number {
    return this.timers.size;
  }

  /** The due time of the earliest pending timer, if any. */
  nextTimerAt(): number | undefined {
    return this.nextDue(Number.POSITIVE_INFINITY)?.due;
  }

  private nextDue(limit: number): FakeTimer | undefined {
    let best: FakeTimer | undefined;
    for (const timer of this.timers.values()) {
      if (timer.due > limit) continue;
      if (!best || timer.due < best.due || (timer.due === best.due && timer.id < best.id)) best = timer;
    }
    return best;
  }
}
