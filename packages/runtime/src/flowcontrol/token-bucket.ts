/** A token bucket on an injectable clock: the one rate limiter behind the work queue's overall limit and the event spam filter. */
import type { Clock } from '../clock/index.js';

export class TokenBucket {
  private tokens: number;
  private last: number;

  /** Starts full: `burst` tokens, refilled at `tokensPerMs`, never above `burst`. */
  constructor(
    private readonly clock: Pick<Clock, 'now'>,
    private readonly burst: number,
    private readonly tokensPerMs: number,
  ) {
    this.tokens = burst;
    this.last = clock.now();
  }

  private refill(): void {
    const now = this.clock.now();
    if (now > this.last) {
      this.tokens = Math.min(this.burst, this.tokens + (now - this.last) * this.tokensPerMs);
      this.last = now;
    }
  }

  /** Takes one token if there is one (the spam filter: drop when empty). */
  tryAccept(): boolean {
    this.refill();
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  /** Takes one token even if it does not exist yet; returns how long until it does (0 while the burst lasts). */
  reserve(): number {
    this.refill();
    this.tokens -= 1;
    return this.tokens >= 0 ? 0 : -this.tokens / this.tokensPerMs;
  }
}
