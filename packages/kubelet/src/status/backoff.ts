/** A per-key exponential back-off with an injectable clock, behaving like client-go's flowcontrol.Backoff (without jitter). */
import type { Clock } from '@skiff/runtime';

export interface BackoffOptions {
  /** The first delay after a failure. */
  initialMs: number;
  /** The cap the doubling stops at; an entry idle for twice this long starts over at `initialMs`. */
  maxMs: number;
  clock: Pick<Clock, 'now'>;
}

interface Entry {
  delayMs: number;
  /** When `next` last ran for the key (clock time). */
  lastUpdate: number;
}

/** Per-key delays: `next` records a failure (doubling the delay), `isInBackOff*` asks whether to wait. */
export class Backoff {
  private readonly entries = new Map<string, Entry>();
  private readonly initialMs: number;
  private readonly maxMs: number;
  private readonly clock: Pick<Clock, 'now'>;

  constructor(options: BackoffOptions) {
    this.initialMs = options.initialMs;
    this.maxMs = options.maxMs;
    this.clock = options.clock;
  }

  /** The current delay for `key` (0 when it has none). */
  get(key: string): number {
    return this.entries.get(key)?.delayMs ?? 0;
  }

  /**
   * Records a failure at `eventTime`: the first one (or the first after a quiet spell longer than twice the cap)
   * starts at the initial delay, each further one doubles it up to the cap.
   */
  next(key: string, eventTime: number = this.clock.now()): void {
    const entry = this.entries.get(key);
    const delayMs = entry === undefined || this.expired(entry, eventTime) ? this.initialMs : Math.min(entry.delayMs * 2, this.maxMs);
    this.entries.set(key, { delayMs, lastUpdate: this.clock.now() });
  }

  /** True while less than the current delay has passed since `eventTime` (e.g. when the container last finished). */
  isInBackOffSince(key: string, eventTime: number, now: number = this.clock.now()): boolean {
    const entry = this.entries.get(key);
    if (entry === undefined || this.expired(entry, eventTime)) return false;
    return now - eventTime < entry.delayMs;
  }

  /** True while less than the current delay has passed since the last `next` for `key`. */
  isInBackOff(key: string, now: number = this.clock.now()): boolean {
    const entry = this.entries.get(key);
    if (entry === undefined || this.expired(entry, now)) return false;
    return now - entry.lastUpdate < entry.delayMs;
  }

  /** Forgets `key`: its next failure starts at the initial delay again. */
  reset(key: string): void {
    this.entries.delete(key);
  }

  /** Drops entries idle for longer than twice the cap (they would start over anyway). */
  gc(now: number = this.clock.now()): void {
    for (const [key, entry] of this.entries) if (this.expired(entry, now)) this.entries.delete(key);
  }

  /** How many keys have an entry (for tests and metrics). */
  get size(): number {
    return this.entries.size;
  }

  private expired(entry: Entry, eventTime: number): boolean {
    return eventTime - entry.lastUpdate > 2 * this.maxMs;
  }
}

/** What the crash-loop and image-pull backoffs share: one Backoff underneath, read and pruned by key. */
export abstract class KeyedBackoff {
  protected readonly backoff: Backoff;

  protected constructor(options: BackoffOptions) {
    this.backoff = new Backoff(options);
  }

  /** The current delay of `key` in ms (0: none). */
  delay(key: string): number {
    return this.backoff.get(key);
  }

  /** Forgets `key`. */
  reset(key: string): void {
    this.backoff.reset(key);
  }

  /** Drops entries idle long enough to have started over anyway. */
  gc(now?: number): void {
    this.backoff.gc(now);
  }
}
