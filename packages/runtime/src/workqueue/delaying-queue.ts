/** A work queue that can also add a key after a delay, on the injected Clock. */
import type { TimerHandle } from '../clock/index.js';
import { WorkQueue, type QueueOptions } from './queue.js';
import { WaitingHeap } from './waiting-heap.js';

export class DelayingQueue extends WorkQueue {
  private readonly waiting = new WaitingHeap();
  private timer: { handle: TimerHandle; at: number } | undefined;

  constructor(options: QueueOptions = {}) {
    super(options);
  }

  /**
   * Adds `key` once `ms` have passed (at once when `ms <= 0`). A key already waiting keeps the
   * earlier of its two ready times.
   */
  addAfter(key: string, ms: number): void {
    if (this.shuttingDown()) return;
    this.metrics.retry();
    if (ms <= 0) {
      this.add(key);
      return;
    }
    if (this.waiting.offer(key, this.clock.now() + ms)) this.arm();
  }

  /** Number of keys waiting for their delay to pass. */
  waitingLen(): number {
    return this.waiting.size;
  }

  protected override onShutdown(): void {
    if (this.timer) this.clock.clearTimeout(this.timer.handle);
    this.timer = undefined;
    this.waiting.clear();
  }

  /** Keeps exactly one timer, set for the earliest waiting key. */
  private arm(): void {
    const at = this.waiting.peekReadyAt();
    if (this.timer && this.timer.at === at) return;
    if (this.timer) this.clock.clearTimeout(this.timer.handle);
    this.timer = undefined;
    if (at === undefined) return;
    const handle = this.clock.setTimeout(() => this.fire(), at - this.clock.now());
    this.timer = { handle, at };
  }

  private fire(): void {
    this.timer = undefined;
    const now = this.clock.now();
    for (let key = this.waiting.popReady(now); key !== undefined; key = this.waiting.popReady(now)) this.add(key);
    this.arm();
  }
}
