/** client-go's ControllerExpectations: stop a controller acting twice before its cache has seen its own writes. */
import { realClock, type Clock } from '../clock/index.js';

/**
 * Expectations older than 5 minutes count as satisfied (client-go's ExpectationsTimeout): a
 * watch event that never arrives must not stall the controller for good.
 */
export const EXPECTATIONS_TTL_MS = 5 * 60 * 1000;

export interface ExpectationsOptions {
  clock?: Clock;
  /** Default EXPECTATIONS_TTL_MS. */
  ttlMs?: number;
}

/** Outstanding creations/deletions of one controller key, and when they were set. */
export interface ExpectationRecord {
  readonly add: number;
  readonly del: number;
  /** Clock time (ms) the expectations were set. */
  readonly timestamp: number;
}

/**
 * Usage: before creating N children of `key`, `expectCreations(key, N)`; the informer's add
 * handler calls `creationObserved(key)` for each child it sees (likewise for deletions); sync
 * only acts when `satisfied(key)`. A create that failed must be lowered with `creationObserved`.
 */
export class Expectations {
  private readonly clock: Clock;
  private readonly ttlMs: number;
  private readonly records = new Map<string, { add: number; del: number; timestamp: number }>();

  constructor(options: ExpectationsOptions = {}) {
    this.clock = options.clock ?? realClock;
    this.ttlMs = options.ttlMs ?? EXPECTATIONS_TTL_MS;
  }

  /** Replaces `key`'s expectations with `add` creations and `del` deletions, timestamped now. */
  setExpectations(key: string, add: number, del: number): void {
    this.records.set(key, { add, del, timestamp: this.clock.now() });
  }

  expectCreations(key: string, adds: number): void {
    this.setExpectations(key, adds, 0);
  }

  expectDeletions(key: string, dels: number): void {
    this.setExpectations(key, 0, dels);
  }

  /** Adds to existing expectations (no-op when `key` has none); keeps the original timestamp. */
  raiseExpectations(key: string, add: number, del: number): void {
    const record = this.records.get(key);
    if (!record) return;
    record.add += add;
    record.del += del;
  }

  /** Subtracts from existing expectations (no-op when `key` has none). */
  lowerExpectations(key: string, add: number, del: number): void {
    const record = this.records.get(key);
    if (!record) return;
    record.add -= add;
    record.del -= del;
  }

  creationObserved(key: string): void {
    this.lowerExpectations(key, 1, 0);
  }

  deletionObserved(key: string): void {
    this.lowerExpectations(key, 0, 1);
  }

  /**
   * Whether the controller may act on `key`: true when nothing is expected (no record, e.g. a
   * fresh controller), when everything expected was observed, or when the record has expired.
   */
  satisfied(key: string): boolean {
    const record = this.records.get(key);
    if (!record) return true;
    if (record.add <= 0 && record.del <= 0) return true;
    return this.clock.now() - record.timestamp > this.ttlMs;
  }

  get(key: string): ExpectationRecord | undefined {
    const record = this.records.get(key);
    return record ? { ...record } : undefined;
  }

  /** Drops `key`'s expectations (call when the controller's object is deleted). */
  delete(key: string): void {
    this.records.delete(key);
  }
}
