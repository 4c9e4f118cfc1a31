/** A watch's event queue: producers push, one consumer iterates; bounded, and ended promptly by stop(). */
import type { StoredObject, Watch, WatchEvent } from './interface.js';

/** Why a queue stopped taking events. */
export type QueueCloseReason = 'stopped' | 'overflow' | 'ended';

/** Once this many consumed slots sit at the front of the array, the array is compacted. */
const COMPACT_THRESHOLD = 1024;

export class WatchQueue<T extends StoredObject = StoredObject> implements Watch<T>, AsyncIterator<WatchEvent<T>> {
  private initial: readonly WatchEvent<T>[] = [];
  private initialPos = 0;
  private items: (WatchEvent<T> | undefined)[] = [];
  private head = 0;
  private waiters: Array<(r: IteratorResult<WatchEvent<T>>) => void> = [];
  /** No more events will be pushed; the consumer still drains what is queued. */
  private ended = false;
  /** The consumer is done (stopped, or the queue overflowed): nothing more is delivered. */
  private closed = false;
  private closeReason: QueueCloseReason | undefined;

  /**
   * @param limit pending live events beyond which the watcher is ended rather than buffering more
   * @param onClose called once when the queue stops taking events (to detach it from its producer)
   */
  constructor(
    private readonly limit: number,
    private readonly onClose?: (reason: QueueCloseReason) => void,
  ) {}

  /** Events delivered before any pushed event; they do not count against the limit. */
  setInitial(events: readonly WatchEvent<T>[]): void {
    this.initial = events;
    this.initialPos = 0;
  }

  /** Events queued and not yet consumed (initial ones excluded). */
  get pending(): number {
    return this.items.length - this.head;
  }

  /** Whether the queue still takes events. */
  get open(): boolean {
    return !this.closed && !this.ended;
  }

  /** Why the queue stopped taking events, once it has. */
  get reason(): QueueCloseReason | undefined {
    return this.closeReason;
  }

  /** Queues `event`; returns false when the queue no longer takes events (including when this push overflowed it). */
  push(event: WatchEvent<T>): boolean {
    if (this.closed || this.ended) return false;
    if (this.waiters.length > 0 && this.pending === 0 && this.initialPos >= this.initial.length) {
      this.waiters.shift()!({ value: event, done: false });
      return true;
    }
    this.items.push(event);
    if (this.pending > this.limit) {
      this.close('overflow');
      return false;
    }
    return true;
  }

  /** Producer: no more events; the consumer gets what is queued, then the end. */
  end(): void {
    if (this.closed || this.ended) return;
    this.ended = true;
    this.closeReason = 'ended';
    if (this.pending === 0 && this.initialPos >= this.initial.length) this.releaseWaiters();
    this.onClose?.('ended');
  }

  /** Consumer: ends iteration now, dropping anything queued. */
  stop(): void {
    this.close('stopped');
  }

  [Symbol.asyncIterator](): AsyncIterator<WatchEvent<T>> {
    return this;
  }

  next(): Promise<IteratorResult<WatchEvent<T>>> {
    if (this.closed) return Promise.resolve({ value: undefined, done: true });
    if (this.initialPos < this.initial.length) {
      const value = this.initial[this.initialPos++]!;
      if (this.initialPos >= this.initial.length) {
        this.initial = [];
        this.initialPos = 0;
      }
      return Promise.resolve({ value, done: false });
    }
    if (this.head < this.items.length) {
      const value = this.items[this.head]!;
      this.items[this.head++] = undefined;
      if (this.head === this.items.length) {
        this.items = [];
        this.head = 0;
      } else if (this.head >= COMPACT_THRESHOLD && this.head * 2 >= this.items.length) {
        this.items = this.items.slice(this.head);
        this.head = 0;
      }
      return Promise.resolve({ value, done: false });
    }
    if (this.ended) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  return(): Promise<IteratorResult<WatchEvent<T>>> {
    this.stop();
    return Promise.resolve({ value: undefined, done: true });
  }

  private close(reason: QueueCloseReason): void {
    if (this.closed) return;
    const wasEnded = this.ended;
    this.closed = true;
    this.closeReason = wasEnded ? this.closeReason : reason;
    this.initial = [];
    this.items = [];
    this.head = 0;
    this.releaseWaiters();
    if (!wasEnded) this.onClose?.(reason);
  }

  private releaseWaiters(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w({ value: undefined, done: true });
  }
}
