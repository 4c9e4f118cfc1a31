/** An overall token bucket over all keys: `burst` at once, then `qps` per second (golang.org/x/time/rate's Reserve). */
import { realClock, type Clock } from '../clock/index.js';
import type { RateLimiter } from './rate-limiter.js';

/** 10 retries per second overall (client-go's default): bounds the load a failing controller puts on the apiserver. */
export const DEFAULT_BUCKET_QPS = 10;
/** Burst of 100 (client-go's default): a burst of failures right after start is retried without waiting. */
export const DEFAULT_BUCKET_BURST = 100;

export class BucketRateLimiter implements RateLimiter {
  private tokens: number;
  private last: number;

  constructor(
    private readonly qps: number = DEFAULT_BUCKET_QPS,
    private readonly burst: number = DEFAULT_BUCKET_BURST,
    private readonly clock: Clock = realClock,
  ) {
    if (!(qps > 0) || !(burst >= 1)) throw new Error('BucketRateLimiter needs qps > 0 and burst >= 1');
    this.tokens = burst; // starts full, as a fresh rate.Limiter does
    this.last = clock.now();
  }

  /** Reserves one token; the delay is how long until that token exists (0 while the burst lasts). */
  when(): number {
    const now = this.clock.now();
    const elapsed = Math.max(0, now - this.last);
    this.tokens = Math.min(this.burst, this.tokens + (elapsed * this.qps) / 1000);
    this.last = Math.max(this.last, now);
    this.tokens -= 1;
    return this.tokens >= 0 ? 0 : (-this.tokens * 1000) / this.qps;
  }

  forget(): void {}

  numRequeues(): number {
    return 0;
  }
}
