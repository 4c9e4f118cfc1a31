/** A watch cache for one resource prefix: one source watch feeds the current state, a ring of recent events and every watcher. */
import { pino, type Logger } from 'pino';
import type { CacheSource, SourceEvent, SourceListing } from './cache-source.js';
import { revisionOf, withResourceVersion } from './codec.js';
import type { StoredObject, Watch, WatchEvent, WatchOptions } from './interface.js';
import type { StorageMetrics } from './metrics.js';
import { RingBuffer } from './ring-buffer.js';
import { SharedEvent, type ObjectFilter } from './shared-event.js';
import { WatchQueue, type QueueCloseReason } from './watch-queue.js';

/**
 * Events kept per resource for watchers that resume from a revision. kube-apiserver keeps
 * ~100..several thousand; 10,000 covers a few minutes of heavy churn on one resource (so
 * reconnecting informers resume instead of relisting) while costing only references to
 * objects the cache already holds.
 */
export const DEFAULT_WATCH_CACHE_CAPACITY = 10_000;
/** How often idle watchers that asked for bookmarks get one; kube-apiserver sends them about once a minute. */
export const DEFAULT_BOOKMARK_INTERVAL_MS = 60_000;
/**
 * Live events a watcher may have pending before it is ended as too slow (its client then
 * re-watches from its last resourceVersion). Bounds memory per watcher; a healthy consumer
 * drains far faster than this fills.
 */
export const DEFAULT_WATCHER_QUEUE_LIMIT = 10_000;
/** First and longest wait between attempts to (re)establish the cache's list and watch. */
const INITIAL_BACKOFF_MS = 100;
const MAX_BACKOFF_MS = 5_000;

export interface WatchCacheOptions {
  capacity?: number;
  bookmarkIntervalMs?: number;
  watcherQueueLimit?: number;
  logger?: Logger;
  metrics?: StorageMetrics;
}

interface CacheWatcher {
  readonly prefix: string;
  readonly filter: ObjectFilter | undefined;
  /** Events at or below this revision are not delivered (the watcher already has them). */
  readonly minRevision: number;
  readonly bookmarks: boolean;
  readonly queue: WatchQueue;
}

type FollowOutcome = 'compacted' | 'error' | 'closed';

export class WatchCache {
  private state = new Map<string, StoredObject>();
  /** Every change up to this revision has been applied. */
  private revision = 0;
  /** The buffer holds every event after this revision. */
  private startRevision = 0;
  private readonly buffer: RingBuffer<SharedEvent>;
  /** Watchers by prefix, for prefixes ending in '/' (a resource, a namespace). */
  private readonly byPrefix = new Map<string, Set<CacheWatcher>>();
  /** Watchers of other prefixes (e.g. a single key), matched with startsWith. */
  private readonly otherPrefixes = new Map<string, Set<CacheWatcher>>();
  private readonly bookmarkWatchers = new Set<CacheWatcher>();
  private watcherCount = 0;
  private bookmarkTimer: NodeJS.Timeout | undefined;
  private sourceWatch: { close(): void } | undefined;
  private stopFollowing: (() => void) | undefined;
  private wake: (() => void) | undefined;
  private closed = false;
  private initialized = false;
  private resolveReady!: () => void;
  private readonly readyPromise = new Promise<void>((resolve) => (this.resolveReady = resolve));
  private readonly bookmarkIntervalMs: number;
  private readonly queueLimit: number;
  private readonly log: Logger;
  private readonly metrics: StorageMetrics | undefined;

  constructor(
    readonly prefix: string,
    private readonly source: CacheSource,
    opts: WatchCacheOptions = {},
  ) {
    this.buffer = new RingBuffer(opts.capacity ?? DEFAULT_WATCH_CACHE_CAPACITY);
    this.bookmarkIntervalMs = opts.bookmarkIntervalMs ?? DEFAULT_BOOKMARK_INTERVAL_MS;
    this.queueLimit = opts.watcherQueueLimit ?? DEFAULT_WATCHER_QUEUE_LIMIT;
    this.log = (opts.logger ?? pino({ level: 'silent' })).child({ resource: prefix });
    this.metrics = opts.metrics;
  }

  /** Starts listing and watching the source; keeps at it, with backoff, until close(). */
  start(): void {
    void this.run();
  }

  get isReady(): boolean {
    return this.initialized && !this.closed;
  }

  /** Resolves true once the cache holds a full listing, false if `timeoutMs` passes first or it closes. */
  async ready(timeoutMs: number): Promise<boolean> {
    if (this.isReady) return true;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
    await Promise.race([this.readyPromise, timeout]);
    clearTimeout(timer);
    return this.isReady;
  }

  /** The revision the cache is current to. */
  get currentRevision(): number {
    return this.revision;
  }

  /** The oldest revision a watch can resume from (it gets every event after it). */
  get oldestResumableRevision(): number {
    return this.startRevision;
  }

  /** The cached state of `key` (shared: read-only), possibly behind etcd; undefined when not known. */
  get(key: string): StoredObject | undefined {
    return this.isReady ? this.state.get(key) : undefined;
  }

  /**
   * Every cached object under `prefix` that passes `filter`, in key order, at the cache's
   * revision; undefined when the cache is not ready. Items are shared: read-only.
   */
  list(prefix: string, filter?: ObjectFilter): { items: StoredObject[]; revision: number } | undefined {
    if (!this.isReady) return undefined;
    const everything = prefix === this.prefix;
    const keys: string[] = [];
    for (const key of this.state.keys()) if (everything || key.startsWith(prefix)) keys.push(key);
    keys.sort();
    const items: StoredObject[] = [];
    for (const key of keys) {
      const obj = this.state.get(key)!;
      if (!filter || filter(obj)) items.push(obj);
    }
    return { items, revision: this.revision };
  }

  get size(): number {
    return this.state.size;
  }

  get watchers(): number {
    return this.watcherCount;
  }

  /**
   * Serves a watch of `prefix` (which lies under the cache's prefix) from the cache, or returns
   * undefined when it cannot: not yet initialised, or `opts.revision` older than the buffer.
   * Objects in events are shared between watchers and must be treated as read-only.
   */
  watch(prefix: string, opts: WatchOptions = {}): Watch | undefined {
    if (!this.isReady) return undefined;
    const from = opts.revision ?? 0;
    const filter = opts.filter;
    const initial: WatchEvent[] = [];
    let minRevision: number;
    if (from === 0) {
      minRevision = this.revision;
      const everything = prefix === this.prefix;
      for (const [key, obj] of this.state) {
        if (!everything && !key.startsWith(prefix)) continue;
        if (filter && !filter(obj)) continue;
        initial.push({ type: 'ADDED', object: obj, revision: revisionOf(obj) });
      }
    } else {
      if (from < this.startRevision) return undefined;
      minRevision = from;
      for (let i = this.buffer.findFirst((e) => e.revision > from); i < this.buffer.length; i++) {
        const e = this.buffer.at(i);
        if (!e.key.startsWith(prefix)) continue;
        const view = e.viewFor(filter);
        if (view) initial.push(view);
      }
    }
    const watcher: CacheWatcher = {
      prefix,
      filter,
      minRevision,
      bookmarks: opts.bookmarks === true,
      queue: new WatchQueue(this.queueLimit, (reason) => this.detach(watcher, reason)),
    };
    watcher.queue.setInitial(initial);
    this.register(watcher);
    return watcher.queue;
  }

  /** Stops the source watch and ends every watcher. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.stopFollowing?.();
    this.sourceWatch?.close();
    this.wake?.();
    if (this.bookmarkTimer) clearInterval(this.bookmarkTimer);
    this.bookmarkTimer = undefined;
    for (const set of [...this.byPrefix.values(), ...this.otherPrefixes.values()]) {
      for (const w of [...set]) w.queue.end();
    }
  }

  private async run(): Promise<void> {
    let delay = INITIAL_BACKOFF_MS;
    let needList = true;
    while (!this.closed) {
      try {
        if (needList) {
          const listing = await this.source.list(this.prefix);
          if (this.closed) return;
          this.replace(listing);
          needList = false;
        }
        const outcome = await this.follow(() => (delay = INITIAL_BACKOFF_MS));
        if (outcome === 'closed') return;
        if (outcome === 'compacted') needList = true;
      } catch (err) {
        this.log.warn({ err }, 'watch cache failed to list');
      }
      if (this.closed) return;
      await this.sleep(delay);
      delay = Math.min(delay * 2, MAX_BACKOFF_MS);
    }
  }

  /** Watches the source from the cache's revision until the watch ends; says how it ended. */
  private follow(onReady: () => void): Promise<FollowOutcome> {
    return new Promise<FollowOutcome>((resolve) => {
      this.stopFollowing = () => resolve('closed');
      try {
        this.sourceWatch = this.source.watch(this.prefix, this.revision, {
          onReady,
          onEvents: (events) => this.apply(events),
          onProgress: (revision) => this.advance(revision),
          onCompacted: (compactRevision) => {
            this.log.info({ revision: this.revision, compactRevision }, 'watch cache fell behind compaction; relisting');
            resolve('compacted');
          },
          onError: (err) => {
            this.log.warn({ err, revision: this.revision }, 'watch cache lost its watch; resuming');
            resolve('error');
          },
        });
      } catch (err) {
        this.log.warn({ err }, 'watch cache failed to watch');
        resolve('error');
      }
    }).finally(() => {
      this.sourceWatch = undefined;
      this.stopFollowing = undefined;
    });
  }

  private sleep(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    }).finally(() => {
      this.wake = undefined;
    });
  }

  /** Installs a listing: the first one as is; later ones (after losing history) by emitting the differences. */
  private replace(listing: SourceListing): void {
    const next = new Map(listing.items);
    const rev = listing.revision;
    this.metrics?.cacheInitializations.inc({ resource: this.prefix });
    if (!this.initialized) {
      this.state = next;
      this.revision = rev;
      this.startRevision = rev;
      this.initialized = true;
      this.updateGauges();
      this.resolveReady();
      return;
    }
    const changes: SharedEvent[] = [];
    for (const [key, obj] of next) {
      const prev = this.state.get(key);
      if (!prev) changes.push(new SharedEvent(key, { type: 'ADDED', object: obj, revision: rev }));
      else if (prev.metadata?.resourceVersion !== obj.metadata?.resourceVersion) {
        changes.push(new SharedEvent(key, { type: 'MODIFIED', object: obj, revision: rev, prevObject: prev }));
      }
    }
    for (const [key, prev] of this.state) {
      if (!next.has(key)) {
        changes.push(new SharedEvent(key, { type: 'DELETED', object: withResourceVersion(prev, String(rev)), revision: rev, prevObject: prev }));
      }
    }
    this.state = next;
    // The differences are not history: watchers resuming from before this listing must go elsewhere.
    this.buffer.clear();
    this.revision = rev;
    this.startRevision = rev;
    let dispatched = 0;
    for (const change of changes) dispatched += this.dispatch(change);
    this.metrics?.eventsDispatched.inc({ resource: this.prefix }, dispatched);
    this.updateGauges();
    this.log.info({ revision: rev, differences: changes.length }, 'watch cache relisted');
  }

  private advance(revision: number): void {
    if (this.closed || revision <= this.revision) return;
    this.revision = revision;
    this.metrics?.cacheResourceVersion.set({ resource: this.prefix }, revision);
  }

  private apply(events: SourceEvent[]): void {
    if (this.closed) return;
    let dispatched = 0;
    for (const ev of events) {
      const prev = this.state.get(ev.key);
      let event: WatchEvent;
      if (ev.type === 'PUT') {
        const obj = ev.object as StoredObject;
        this.state.set(ev.key, obj);
        event = prev ? { type: 'MODIFIED', object: obj, revision: ev.revision, prevObject: prev } : { type: 'ADDED', object: obj, revision: ev.revision };
      } else if (prev) {
        this.state.delete(ev.key);
        event = { type: 'DELETED', object: withResourceVersion(prev, String(ev.revision)), revision: ev.revision, prevObject: prev };
      } else {
        if (ev.revision > this.revision) this.revision = ev.revision;
        continue;
      }
      const shared = new SharedEvent(ev.key, event);
      const evicted = this.buffer.push(shared);
      if (evicted && evicted.revision > this.startRevision) this.startRevision = evicted.revision;
      if (ev.revision > this.revision) this.revision = ev.revision;
      dispatched += this.dispatch(shared);
    }
    if (this.metrics) {
      this.metrics.eventsReceived.inc({ resource: this.prefix }, events.length);
      if (dispatched > 0) this.metrics.eventsDispatched.inc({ resource: this.prefix }, dispatched);
      this.updateGauges();
    }
  }

  private updateGauges(): void {
    if (!this.metrics) return;
    this.metrics.cacheResourceVersion.set({ resource: this.prefix }, this.revision);
    this.metrics.storageObjects.set({ resource: this.prefix }, this.state.size);
  }

  /** Hands `shared` to every watcher whose prefix covers its key; returns how many took it. */
  private dispatch(shared: SharedEvent): number {
    if (this.watcherCount === 0) return 0;
    let delivered = 0;
    const key = shared.key;
    const whole = this.byPrefix.get(this.prefix);
    if (whole) delivered += this.deliver(whole, shared);
    if (this.byPrefix.size > (whole ? 1 : 0)) {
      // Look up each '/'-ended ancestor of the key below the resource prefix (namespace, ...).
      let from = this.prefix.length;
      for (;;) {
        const slash = key.indexOf('/', from);
        if (slash < 0) break;
        from = slash + 1;
        const set = this.byPrefix.get(key.slice(0, from));
        if (set) delivered += this.deliver(set, shared);
      }
    }
    if (this.otherPrefixes.size > 0) {
      for (const [p, set] of this.otherPrefixes) if (key.startsWith(p)) delivered += this.deliver(set, shared);
    }
    return delivered;
  }

  private deliver(watchers: Set<CacheWatcher>, shared: SharedEvent): number {
    let delivered = 0;
    for (const w of watchers) {
      if (shared.revision <= w.minRevision) continue;
      let view: WatchEvent | undefined;
      try {
        view = shared.viewFor(w.filter);
      } catch (err) {
        this.log.warn({ err }, 'watch filter failed; ending watcher');
        w.queue.end();
        continue;
      }
      if (view !== undefined && w.queue.push(view)) delivered++;
    }
    return delivered;
  }

  private register(w: CacheWatcher): void {
    const index = w.prefix.endsWith('/') ? this.byPrefix : this.otherPrefixes;
    let set = index.get(w.prefix);
    if (!set) index.set(w.prefix, (set = new Set()));
    set.add(w);
    this.watcherCount++;
    if (w.bookmarks) {
      this.bookmarkWatchers.add(w);
      if (!this.bookmarkTimer) {
        this.bookmarkTimer = setInterval(() => this.sendBookmarks(), this.bookmarkIntervalMs);
        this.bookmarkTimer.unref();
      }
    }
    this.metrics?.registeredWatchers.set({ resource: this.prefix }, this.watcherCount);
  }

  private detach(w: CacheWatcher, reason: QueueCloseReason): void {
    const index = w.prefix.endsWith('/') ? this.byPrefix : this.otherPrefixes;
    const set = index.get(w.prefix);
    if (!set?.delete(w)) return;
    if (set.size === 0) index.delete(w.prefix);
    this.watcherCount--;
    this.bookmarkWatchers.delete(w);
    if (this.bookmarkWatchers.size === 0 && this.bookmarkTimer) {
      clearInterval(this.bookmarkTimer);
      this.bookmarkTimer = undefined;
    }
    if (reason === 'overflow') {
      this.metrics?.terminatedWatchers.inc({ resource: this.prefix });
      this.log.warn({ prefix: w.prefix, limit: this.queueLimit }, 'ending a watcher that fell too far behind');
    }
    this.metrics?.registeredWatchers.set({ resource: this.prefix }, this.watcherCount);
  }

  private sendBookmarks(): void {
    const revision = this.revision;
    let bookmark: WatchEvent | undefined;
    for (const w of this.bookmarkWatchers) {
      if (revision < w.minRevision) continue;
      bookmark ??= { type: 'BOOKMARK', object: { metadata: { resourceVersion: String(revision) } }, revision };
      w.queue.push(bookmark);
    }
  }
}
