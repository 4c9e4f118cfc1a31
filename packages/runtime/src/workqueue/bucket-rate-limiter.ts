/** An overall token bucket over all keys: `burst` at once, then `qps` per second (golang.org/x/time/rate's Reserve). */
import { realClock, type Clock } from '../clock/index.js';
import { TokenBucket } from '../flowcontrol/token-bucket.js';
import type { RateLimiter } from './rate-limiter.js';

/** 10 retries per second overall (client-go's default): bounds the load a failing controller puts on the apiserver. */
export const DEFAULT_BUCKET_QPS = 10;
/** Burst of 100 (client-go's default): a burst of failures right after start is retried without waiting. */
export const DEFAULT_BUCKET_BURST = 100;

export class BucketRateLimiter implements RateLimiter {
  private readonly bucket: TokenBucket;

  constructor(qps: number = DEFAULT_BUCKET_QPS, burst: number = DEFAULT_BUCKET_BURST, clock: Clock = realClock) {
    if (!(qps > 0) || !(burst >= 1)) throw new Error('BucketRateLimiter needs qps > 0 and burst >= 1');
    // Starts full, as a fresh rate.Limiter does.
    this.bucket = new TokenBucket(clock, burst, qps / 1000);
  }

  /** Reserves one token; the delay is how long until that token exists (0 while the burst lasts). */
  when(): number {
    return this.bucket.reserve();
  }

  forget(): void {}

  numRequeues(): number {
    return 0;
  }
}
