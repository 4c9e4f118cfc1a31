/** The reflector's retry delays: exponential with jitter, forgotten after a quiet period (client-go's reflector backoff). */
import type { Clock } from '../clock/index.js';

/** First retry delay after a failed list or watch: short enough that a blip costs little. */
export const REFLECTOR_BACKOFF_INITIAL_MS = 800;
/** Longest base delay: an apiserver that is down for long is still retried twice a minute. */
export const REFLECTOR_BACKOFF_MAX_MS = 30_000;
/** Each consecutive failure doubles the delay. */
export const REFLECTOR_BACKOFF_FACTOR = 2;
/** Each delay is stretched by up to this fraction at random, so many reflectors do not retry in step. */
export const REFLECTOR_BACKOFF_JITTER = 1.0;
/** After this long without a failure the next failure starts again at the initial delay. */
export const REFLECTOR_BACKOFF_RESET_AFTER_MS = 2 * 60_000;

export interface ReflectorBackoffOptions {
  clock: Clock;
  /** Uniform in [0, 1); injectable so tests see exact delays. */
  random?: () => number;
  initialMs?: number;
  maxMs?: number;
  factor?: number;
  jitter?: number;
  resetAfterMs?: number;
}

/** Hands out the delay before each retry; call `next()` once per failure. */
export class ReflectorBackoff {
  private readonly clock: Clock;
  private readonly random: () => number;
  private readonly initialMs: number;
  private readonly maxMs: number;
  private readonly factor: number;
  private readonly jitter: number;
  private readonly resetAfterMs: number;
  private baseMs: number;
  private lastFailureAt: number | undefined;

  constructor(opts: ReflectorBackoffOptions) {
    this.clock = opts.clock;
    this.random = opts.random ?? Math.random;
    this.initialMs = opts.initialMs ?? REFLECTOR_BACKOFF_INITIAL_MS;
    this.maxMs = opts.maxMs ?? REFLECTOR_BACKOFF_MAX_MS;
    this.factor = opts.factor ?? REFLECTOR_BACKOFF_FACTOR;
    this.jitter = opts.jitter ?? REFLECTOR_BACKOFF_JITTER;
    this.resetAfterMs = opts.resetAfterMs ?? REFLECTOR_BACKOFF_RESET_AFTER_MS;
    this.baseMs = this.initialMs;
  }

  /** The delay for a failure now: base x (1 + jitter x random), never above the maximum. */
  next(): number {
    const now = this.clock.now();
    if (this.lastFailureAt !== undefined && now - this.lastFailureAt >= this.resetAfterMs) this.baseMs = this.initialMs;
    this.lastFailureAt = now;
    const base = this.baseMs;
    this.baseMs = Math.min(this.maxMs, base * this.factor);
    return Math.min(this.maxMs, Math.round(base * (1 + this.jitter * this.random())));
  }
}
