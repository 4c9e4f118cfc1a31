/** Per-key exponential backoff: base * 2^failures, capped; forgetting a key resets it. */
import type { RateLimiter } from './rate-limiter.js';

/** First retry after 5 ms (client-go's default): a transient conflict usually clears that fast. */
export const DEFAULT_BASE_DELAY_MS = 5;
/** Cap of 1000 s (client-go's default): a persistently failing key is still retried about every 17 min. */
export const DEFAULT_MAX_DELAY_MS = 1000 * 1000;

export class ItemExponentialFailureRateLimiter implements RateLimiter {
  private readonly failures = new Map<string, number>();

  constructor(
    private readonly baseDelayMs: number = DEFAULT_BASE_DELAY_MS,
    private readonly maxDelayMs: number = DEFAULT_MAX_DELAY_MS,
  ) {}

  when(key: string): number {
    const exp = this.failures.get(key) ?? 0;
    this.failures.set(key, exp + 1);
    const backoff = this.baseDelayMs * 2 ** exp; // becomes Infinity, never wraps, for huge exponents
    return Math.min(backoff, this.maxDelayMs);
  }

  forget(key: string): void {
    this.failures.delete(key);
  }

  numRequeues(key: string): number {
    return this.failures.get(key) ?? 0;
  }
}
