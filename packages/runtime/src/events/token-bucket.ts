/** A token bucket on an injectable clock, as client-go's flowcontrol rate limiter behind the event spam filter. */
import type { Clock } from '../clock/index.js';

export class TokenBucket {
  private tokens: number;
  private last: number;

  /** Starts full: `burst` tokens, one more every `refillIntervalMs`, never above `burst`. */
  constructor(
    private readonly clock: Pick<Clock, 'now'>,
    private readonly burst: number,
    private readonly refillIntervalMs: number,
  ) {
    this.tokens = burst;
    this.last = clock.now();
  }

  /** Takes one token if there is one. */
  tryAccept(): boolean {
    const now = this.clock.now();
    if (now > this.last) {
      this.tokens = Math.min(this.burst, this.tokens + (now - this.last) / this.refillIntervalMs);
      this.last = now;
    }
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
