/**
 * Decides what to write for each event, after client-go's EventCorrelator: aggregate similar events,
 * turn repeats into a count bump (patch) of the Event already written, and drop spam per source+object.
 */
import type { Clock } from '../clock/index.js';
import type { CoreEvent } from './event-object.js';
import { LruMap } from './lru-map.js';
import { TokenBucket } from '../flowcontrol/token-bucket.js';

/** Entries kept by each cache (client-go's maxLruCacheEntries). */
export const MAX_CACHE_ENTRIES = 4096;
/** A repeat within this long of the last occurrence bumps the existing Event instead of writing a new one. */
export const CORRELATION_WINDOW_MS = 10 * 60 * 1000;
/** More than this many events differing only in message within the window become one combined event (client-go's value). */
export const AGGREGATE_MAX_EVENTS = 10;
/** Prefix of the message of a combined event, as Kubernetes writes it. */
export const AGGREGATE_MESSAGE_PREFIX = '(combined from similar events): ';
/** Events one source may write about one object at once (client-go's spam filter burst). */
export const DEFAULT_SPAM_BURST = 25;
/** One more event allowed per source+object every 5 minutes (client-go's qps of 1/300). */
export const DEFAULT_SPAM_REFILL_INTERVAL_MS = 5 * 60 * 1000;

export interface CorrelatorOptions {
  clock: Clock;
  spamBurst?: number;
  spamRefillIntervalMs?: number;
}

/** What to write for one event. */
export type Correlation =
  | { action: 'create'; key: string; event: CoreEvent }
  | { action: 'patch'; key: string; event: CoreEvent; patch: { count: number; lastTimestamp: string; message: string } }
  | { action: 'drop'; reason: 'spam' };

interface Written {
  name: string;
  count: number;
  firstTimestamp: string;
  /** When the last occurrence was recorded (clock ms). */
  lastSeen: number;
}

interface Similar {
  messages: Set<string>;
  lastSeen: number;
}

function objectKey(e: CoreEvent): string[] {
  const o = e.involvedObject;
  return [e.source.component, e.source.host ?? '', o.kind ?? '', o.namespace ?? '', o.name ?? '', o.uid ?? '', o.apiVersion ?? ''];
}

export class EventCorrelator {
  private readonly clock: Clock;
  private readonly written = new LruMap<string, Written>(MAX_CACHE_ENTRIES);
  private readonly similar = new LruMap<string, Similar>(MAX_CACHE_ENTRIES);
  private readonly spam = new LruMap<string, TokenBucket>(MAX_CACHE_ENTRIES);
  private readonly spamBurst: number;
  private readonly spamRefillIntervalMs: number;

  constructor(opts: CorrelatorOptions) {
    this.clock = opts.clock;
    this.spamBurst = opts.spamBurst ?? DEFAULT_SPAM_BURST;
    this.spamRefillIntervalMs = opts.spamRefillIntervalMs ?? DEFAULT_SPAM_REFILL_INTERVAL_MS;
  }

  /** Correlates one new event (count 1, fresh name) against what was written before. */
  correlate(input: CoreEvent): Correlation {
    const now = this.clock.now();
    const { event, key } = this.aggregate(input, now);
    const spamKey = JSON.stringify(objectKey(event));
    let bucket = this.spam.get(spamKey);
    if (!bucket) {
      bucket = new TokenBucket(this.clock, this.spamBurst, 1 / this.spamRefillIntervalMs);
      this.spam.set(spamKey, bucket);
    }
    if (!bucket.tryAccept()) return { action: 'drop', reason: 'spam' };

    const last = this.written.get(key);
    if (!last || now - last.lastSeen > CORRELATION_WINDOW_MS) return { action: 'create', key, event };
    const count = last.count + 1;
    const bumped: CoreEvent = {
      ...event,
      metadata: { ...event.metadata, name: last.name },
      count,
      firstTimestamp: last.firstTimestamp,
    };
    return { action: 'patch', key, event: bumped, patch: { count, lastTimestamp: event.lastTimestamp, message: event.message } };
  }

  /** Remembers an Event the server accepted, so the next repeat bumps it. */
  commit(key: string, written: CoreEvent): void {
    this.written.set(key, {
      name: written.metadata.name,
      count: written.count,
      firstTimestamp: written.firstTimestamp,
      lastSeen: this.clock.now(),
    });
  }

  /**
   * Events differing only in message: past AGGREGATE_MAX_EVENTS distinct messages within the window
   * they share one combined Event whose message is the latest one, prefixed.
   */
  private aggregate(event: CoreEvent, now: number): { event: CoreEvent; key: string } {
    const similarKey = JSON.stringify([...objectKey(event), event.involvedObject.fieldPath ?? '', event.type, event.reason]);
    const exactKey = JSON.stringify([similarKey, event.message]);
    let entry = this.similar.get(similarKey);
    if (!entry || now - entry.lastSeen > CORRELATION_WINDOW_MS) {
      entry = { messages: new Set(), lastSeen: now };
      this.similar.set(similarKey, entry);
    }
    entry.lastSeen = now;
    // Bounded: once full, every further message is combined anyway.
    if (entry.messages.size < AGGREGATE_MAX_EVENTS) entry.messages.add(event.message);
    if (entry.messages.size < AGGREGATE_MAX_EVENTS) return { event, key: exactKey };
    return { event: { ...event, message: AGGREGATE_MESSAGE_PREFIX + event.message }, key: similarKey };
  }
}
