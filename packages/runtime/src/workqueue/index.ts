/** Work queues with client-go's semantics: dedup queue -> delaying queue -> rate-limited queue. */
export { WorkQueue, type QueueItem, type QueueOptions } from './queue.js';
export { DelayingQueue } from './delaying-queue.js';
export { RateLimitingQueue, type RateLimitingQueueOptions } from './rate-limiting-queue.js';
export { MaxOfRateLimiter, defaultControllerRateLimiter, type RateLimiter } from './rate-limiter.js';
export {
  ItemExponentialFailureRateLimiter,
  DEFAULT_BASE_DELAY_MS,
  DEFAULT_MAX_DELAY_MS,
} from './item-exponential-rate-limiter.js';
export { BucketRateLimiter, DEFAULT_BUCKET_QPS, DEFAULT_BUCKET_BURST } from './bucket-rate-limiter.js';
