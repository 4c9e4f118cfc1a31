/** The base work queue: FIFO, never holds a key twice, never hands one key to two workers at once. */
import type { Registry } from 'prom-client';
import { realClock, type Clock } from '../clock/index.js';
import { noopQueueMetrics, queueMetrics, type QueueMetrics } from './metrics.js';

export interface QueueOptions {
  /** Names the queue in metrics; an unnamed queue records none. */
  name?: string;
  clock?: Clock;
  /** Where metrics go; prom-client's default registry when absent. */
  metricsRegistry?: Registry;
}

/** What `get` resolves to: a key to process, or `shutdown: true` when the worker should exit. */
export type QueueItem = { key: string; shutdown: false } | { key: undefined; shutdown: true };

/**
 * client-go's workqueue semantics:
 * - `dirty` holds every key that needs processing; `queue` is the FIFO of dirty keys not being
 *   processed; `processing` holds keys a worker has taken and not yet marked done.
 * - add of a dirty key is a no-op; add of a key being processed only marks it dirty, and `done`
 *   puts it back in line, so one key is never processed by two workers at once.
 * - after shutdown, adds are ignored; `get` still hands out what is queued, then `shutdown: true`.
 */
export class WorkQueue {
  protected readonly clock: Clock;
  protected readonly metrics: QueueMetrics;
  private readonly queue = new Set<string>(); // a Set keeps insertion order: a FIFO of unique keys
  private readonly dirty = new Set<string>();
  private readonly processing = new Set<string>();
  private readonly getters: Array<(item: QueueItem) => void> = [];
  private drainWaiters: Array<() => void> = [];
  private shutdownFlag = false;
  private draining = false;

  constructor(options: QueueOptions = {}) {
    this.clock = options.clock ?? realClock;
    this.metrics = options.name ? queueMetrics(options.name, this.clock, options.metricsRegistry) : noopQueueMetrics;
  }

  /** Marks `key` as needing processing. */
  add(key: string): void {
    if (this.shutdownFlag || this.dirty.has(key)) return;
    this.metrics.add(key);
    this.dirty.add(key);
    if (this.processing.has(key)) return;
    this.enqueue(key);
  }

  /** Waits for a key to process; the caller must call `done(key)` when finished with it. */
  get(): Promise<QueueItem> {
    const key = this.pop();
    if (key !== undefined) return Promise.resolve({ key, shutdown: false });
    if (this.shutdownFlag) return Promise.resolve({ key: undefined, shutdown: true });
    return new Promise((resolve) => this.getters.push(resolve));
  }

  /** Marks `key` finished; if it was added again while processing, it goes back in line. */
  done(key: string): void {
    if (!this.processing.delete(key)) return;
    this.metrics.done(key);
    if (this.dirty.has(key)) this.enqueue(key);
    if (this.processing.size === 0) this.releaseDrainWaiters();
  }

  /** Number of keys waiting to be taken (not counting keys being processed). */
  len(): number {
    return this.queue.size;
  }

  /** Stops accepting keys and releases idle workers; in-flight keys are not waited for. */
  shutDown(): void {
    this.draining = false;
    this.beginShutdown();
    this.releaseDrainWaiters();
  }

  /** Stops accepting keys, then resolves once every key taken by a worker is done. */
  shutDownWithDrain(): Promise<void> {
    this.draining = true;
    this.beginShutdown();
    if (this.processing.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.drainWaiters.push(resolve));
  }

  shuttingDown(): boolean {
    return this.shutdownFlag;
  }

  /** Hook for subclasses to release their own resources (timers) at shutdown. */
  protected onShutdown(): void {}

  private beginShutdown(): void {
    if (!this.shutdownFlag) {
      this.shutdownFlag = true;
      this.onShutdown();
      this.metrics.close();
    }
    // Idle workers exit; keys still queued are handed out by later get() calls, as in client-go.
    if (this.queue.size === 0) {
      for (const resolve of this.getters.splice(0)) resolve({ key: undefined, shutdown: true });
    }
  }

  /** Puts a dirty key in line, or straight into the hands of a waiting worker. */
  private enqueue(key: string): void {
    this.queue.add(key);
    const getter = this.getters.shift();
    if (getter) getter({ key: this.pop() as string, shutdown: false });
  }

  private pop(): string | undefined {
    const next = this.queue.values().next();
    if (next.done) return undefined;
    const key = next.value;
    this.queue.delete(key);
    this.dirty.delete(key);
    this.processing.add(key);
    this.metrics.get(key);
    if (this.shutdownFlag && this.queue.size === 0) {
      for (const resolve of this.getters.splice(0)) resolve({ key: undefined, shutdown: true });
    }
    return key;
  }

  private releaseDrainWaiters(): void {
    if (this.processing.size !== 0 && this.draining) return;
    const waiters = this.drainWaiters;
    this.drainWaiters = [];
    for (const resolve of waiters) resolve();
  }
}
