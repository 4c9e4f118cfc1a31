/** The controller skeleton: N workers take keys from a rate-limited queue and reconcile them; one place decides retries. */
import { pino, type Logger } from 'pino';
import type { Registry } from 'prom-client';
import { realClock, type Clock } from '../clock/index.js';
import { RateLimitingQueue, type RateLimiter } from '../workqueue/index.js';
import { isTerminalError, type Reconciler, type Result } from './reconciler.js';

/** One worker by default (controller-runtime's MaxConcurrentReconciles): simplest to reason about; raise per controller. */
export const DEFAULT_WORKERS = 1;

export interface ControllerOptions {
  /** Names the controller in logs and its queue in metrics. */
  name: string;
  reconciler: Reconciler;
  /** Concurrent reconciles (distinct keys only); default DEFAULT_WORKERS. */
  workers?: number;
  /** Default: defaultControllerRateLimiter(clock). */
  rateLimiter?: RateLimiter;
  clock?: Clock;
  /** Default: a silent logger. */
  logger?: Logger;
  /** Where the queue's metrics go; prom-client's default registry when absent. */
  metricsRegistry?: Registry;
}

export interface StopOptions {
  /** Abort the signal passed to in-flight reconciles (they are still awaited). Default false. */
  abortInFlight?: boolean;
}

type Outcome = { ok: true; result: Result } | { ok: false; err: unknown };

export class Controller {
  readonly name: string;
  readonly queue: RateLimitingQueue;
  private readonly reconciler: Reconciler;
  private readonly workerCount: number;
  private readonly logger: Logger;
  private readonly abort = new AbortController();
  private workers: Promise<void>[] = [];
  private started = false;
  private stopping = false;
  private stopped: Promise<void> | undefined;

  constructor(options: ControllerOptions) {
    this.name = options.name;
    this.reconciler = options.reconciler;
    this.workerCount = options.workers ?? DEFAULT_WORKERS;
    if (!Number.isInteger(this.workerCount) || this.workerCount < 1) throw new Error('workers must be a positive integer');
    this.logger = (options.logger ?? pino({ enabled: false })).child({ controller: options.name });
    this.queue = new RateLimitingQueue({
      name: options.name,
      clock: options.clock ?? realClock,
      ...(options.rateLimiter ? { rateLimiter: options.rateLimiter } : {}),
      ...(options.metricsRegistry ? { metricsRegistry: options.metricsRegistry } : {}),
    });
  }

  /** Asks for `key` to be reconciled (what event handlers call). */
  enqueue(key: string): void {
    this.queue.add(key);
  }

  /** Asks for `key` to be reconciled once `ms` have passed. */
  enqueueAfter(key: string, ms: number): void {
    this.queue.addAfter(key, ms);
  }

  /** Starts the workers; keys enqueued before start wait in the queue. */
  start(): void {
    if (this.started) throw new Error(`controller ${this.name} already started`);
    if (this.stopping) throw new Error(`controller ${this.name} is stopped`);
    this.started = true;
    for (let i = 0; i < this.workerCount; i++) this.workers.push(this.work());
    this.logger.info({ workers: this.workerCount }, 'controller started');
  }

  /**
   * Graceful stop: workers take no new keys, in-flight reconciles finish (their outcome no longer
   * requeues anything), the queue drains and shuts down. Idempotent; resolves when all workers exited.
   */
  stop(options: StopOptions = {}): Promise<void> {
    if (options.abortInFlight) this.abort.abort(new Error(`controller ${this.name} stopping`));
    if (!this.stopped) {
      this.stopping = true;
      this.stopped = (async () => {
        await this.queue.shutDownWithDrain();
        await Promise.all(this.workers);
        this.logger.info('controller stopped');
      })();
    }
    return this.stopped;
  }

  private async work(): Promise<void> {
    for (;;) {
      const item = await this.queue.get();
      if (item.shutdown) return;
      if (this.stopping) {
        this.queue.done(item.key); // stopping: hand back keys still in line without reconciling them
        continue;
      }
      await this.process(item.key);
    }
  }

  private async process(key: string): Promise<void> {
    let outcome: Outcome;
    try {
      outcome = { ok: true, result: await this.reconciler.reconcile(key, this.abort.signal) };
    } catch (err) {
      outcome = { ok: false, err };
    }
    try {
      this.settle(key, outcome);
    } finally {
      this.queue.done(key);
    }
  }

  /** The one place that decides what happens to a key after reconcile. */
  private settle(key: string, outcome: Outcome): void {
    if (outcome.ok) {
      this.queue.forget(key);
      const after = outcome.result?.requeueAfter;
      if (after !== undefined && after > 0) this.queue.addAfter(key, after);
      return;
    }
    if (isTerminalError(outcome.err)) {
      this.queue.forget(key);
      this.logger.error({ key, err: outcome.err }, 'reconcile failed with a terminal error; not retrying');
      return;
    }
    this.logger.warn({ key, err: outcome.err, requeues: this.queue.numRequeues(key) }, 'reconcile failed; requeueing with backoff');
    this.queue.addRateLimited(key);
  }
}
