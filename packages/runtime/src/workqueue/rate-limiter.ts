/** The RateLimiter contract of the rate-limited queue, the max-of combiner and the default controller limiter. */
import { realClock, type Clock } from '../clock/index.js';
import { BucketRateLimiter, DEFAULT_BUCKET_BURST, DEFAULT_BUCKET_QPS } from './bucket-rate-limiter.js';
import { DEFAULT_BASE_DELAY_MS, DEFAULT_MAX_DELAY_MS, ItemExponentialFailureRateLimiter } from './item-exponential-rate-limiter.js';

export interface RateLimiter {
  /** How long to wait before `key` may be processed again (records one more failure/request). */
  when(key: string): number;
  /** Stops tracking `key`: its next failure starts again at the first delay. */
  forget(key: string): void;
  /** How many times `key` has been rate-limited since it was last forgotten. */
  numRequeues(key: string): number;
}

/** Combines limiters: the longest delay wins, so a key waits for its own backoff and the overall budget. */
export class MaxOfRateLimiter implements RateLimiter {
  private readonly limiters: readonly RateLimiter[];

  constructor(...limiters: RateLimiter[]) {
    if (limiters.length === 0) throw new Error('MaxOfRateLimiter needs at least one limiter');
    this.limiters = limiters;
  }

  when(key: string): number {
    let delay = 0;
    for (const limiter of this.limiters) delay = Math.max(delay, limiter.when(key));
    return delay;
  }

  forget(key: string): void {
    for (const limiter of this.limiters) limiter.forget(key);
  }

  numRequeues(key: string): number {
    let n = 0;
    for (const limiter of this.limiters) n = Math.max(n, limiter.numRequeues(key));
    return n;
  }
}

/**
 * client-go's DefaultControllerRateLimiter: per-key exponential backoff (5 ms doubling to 1000 s)
 * combined with an overall token bucket (10 qps, burst 100).
 */
export function defaultControllerRateLimiter(clock: Clock = realClock): RateLimiter {
  return new MaxOfRateLimiter(
    new ItemExponentialFailureRateLimiter(DEFAULT_BASE_DELAY_MS, DEFAULT_MAX_DELAY_MS),
    new BucketRateLimiter(DEFAULT_BUCKET_QPS, DEFAULT_BUCKET_BURST, clock),
  );
}
