/** EtcdStore: the Store over etcd v3 — CAS transactions, consistent paged lists, one watch cache per resource, compaction. */
import { circuitBreaker, ConsecutiveBreaker, handleWhen, noop } from 'cockatiel';
import { CompareResult, CompareTarget, Etcd3, isRecoverableError, type IKeyValue, type IRequestOp } from 'etcd3';
import { setTimeout as sleep } from 'node:timers/promises';
import { pino, type Logger } from 'pino';
import type { Registry } from 'prom-client';
import { decodeValue, encodeObject, withResourceVersion } from './codec.js';
import { decodeContinue, encodeContinue } from './continue-token.js';
import { directWatch } from './direct-watch.js';
import { EtcdCacheSource, LIST_PAGE_SIZE } from './etcd-cache-source.js';
import { isCompactedError } from './etcd-errors.js';
import { probeCompactedRevision } from './etcd-watch-stream.js';
import { CompactedError, ConflictError, KeyExistsError, KeyNotFoundError } from './errors.js';
import type { ListOptions, ListResult, Store, StoredObject, UpdateFn, Watch, WatchOptions } from './interface.js';
import { prefixEnd, resourceLabel } from './keys.js';
import { LeaseManager } from './lease-manager.js';
import { StorageMetrics, type EtcdOperation } from './metrics.js';
import { DEFAULT_WATCHER_QUEUE_LIMIT, WatchCache } from './watch-cache.js';

export interface EtcdStoreOptions {
  /** etcd client URLs, e.g. `http://127.0.0.1:2379`. */
  endpoints: string[];
  logger?: Logger;
  /** Where the storage metrics are registered; prom-client's default registry when absent. */
  metricsRegistry?: Registry;
  watchCache?: {
    /** Events kept per resource for resuming watches (DEFAULT_WATCH_CACHE_CAPACITY). */
    capacity?: number;
    /** Interval of BOOKMARK events to watchers that ask for them (DEFAULT_BOOKMARK_INTERVAL_MS). */
    bookmarkIntervalMs?: number;
    /** Pending events after which a slow watcher is ended (DEFAULT_WATCHER_QUEUE_LIMIT). */
    watcherQueueLimit?: number;
  };
}

/** The key kube-apiserver's compactors coordinate through; its version counts compaction rounds. */
export const COMPACT_REV_KEY = 'compact_rev_key';

/** Lost compare-and-swap races tolerated by one guaranteedUpdate/delete before it reports a Conflict. */
const MAX_CAS_ATTEMPTS = 100;
/** After this many lost races, wait a little (random, up to CAS_BACKOFF_MAX_MS) to let the winners through. */
const CAS_BACKOFF_AFTER = 3;
const CAS_BACKOFF_MAX_MS = 10;
/** With a filter, list reads grow from `limit` keys per request up to this many (kube-apiserver's cap). */
const MAX_FILTERED_BATCH = 10_000;
/**
 * With several endpoints, one that fails 3 requests in a row is skipped for this long. (etcd3's
 * default is 5 s; with a single endpoint there is nothing to fail over to, so no breaker at all:
 * requests go through as soon as etcd is back.)
 */
const ENDPOINT_RETRY_AFTER_MS = 1_000;
/** How long a watch waits for its resource's cache to finish its first list before going to etcd directly. */
const CACHE_READY_TIMEOUT_MS = 5_000;

/** A key's state as a compare-and-swap starts from: its stored JSON and mod revision. */
interface Origin {
  json: string;
  rev: string;
  /** Read from the watch cache, which may be behind etcd. */
  fromCache: boolean;
}

export class EtcdStore implements Store {
  private readonly client: Etcd3;
  private readonly log: Logger;
  private readonly metrics: StorageMetrics;
  private readonly leases: LeaseManager;
  private readonly caches = new Map<string, WatchCache>();
  private readonly directWatches = new Set<Watch>();
  private readonly cacheOptions: NonNullable<EtcdStoreOptions['watchCache']>;
  private closed = false;

  constructor(opts: EtcdStoreOptions) {
    if (opts.endpoints.length === 0) throw new Error('EtcdStore needs at least one etcd endpoint');
    this.client = new Etcd3({
      hosts: opts.endpoints,
      grpcOptions: {
        // Lists of a whole resource may exceed gRPC's 4 MiB default.
        'grpc.max_receive_message_length': -1,
        // Detect a dead etcd under an idle watch within ~40 s (etcd allows pings every 5 s).
        'grpc.keepalive_time_ms': 30_000,
        'grpc.keepalive_timeout_ms': 10_000,
      },
      faultHandling: {
        host: () =>
          opts.endpoints.length > 1
            ? circuitBreaker(handleWhen(isRecoverableError), { halfOpenAfter: ENDPOINT_RETRY_AFTER_MS, breaker: new ConsecutiveBreaker(3) })
            : noop,
      },
    });
    this.log = opts.logger ?? pino({ level: 'silent' });
    this.metrics = new StorageMetrics(opts.metricsRegistry);
    this.leases = new LeaseManager(this.client);
    this.cacheOptions = opts.watchCache ?? {};
  }

  /**
   * Starts a watch cache for every key under `prefix` (a resource, e.g. `/registry/core/pods/`):
   * watches of it or below it then share one etcd watch.
   */
  registerResource(prefix: string): void {
    if (this.closed) throw new Error('store is closed');
    if (this.caches.has(prefix)) return;
    const cache = new WatchCache(prefix, new EtcdCacheSource(this.client, this.metrics, this.log), {
      ...this.cacheOptions,
      logger: this.log,
      metrics: this.metrics,
    });
    this.caches.set(prefix, cache);
    cache.start();
  }

  async create<T extends StoredObject>(key: string, obj: T, opts?: { ttlSeconds?: number }): Promise<T> {
    const keyBuf = Buffer.from(key);
    const put: NonNullable<IRequestOp['request_put']> = { key: keyBuf, value: Buffer.from(encodeObject(obj)) };
    if (opts?.ttlSeconds !== undefined && opts.ttlSeconds > 0) put.lease = await this.leases.leaseFor(opts.ttlSeconds);
    const res = await this.timed('create', key, () =>
      this.client.kv.txn({
        compare: [{ key: keyBuf, target: CompareTarget.Create, result: CompareResult.Equal, create_revision: 0 }],
        success: [{ request_put: put }],
        failure: [],
      }),
    );
    if (!res.succeeded) throw new KeyExistsError(key);
    return withResourceVersion(obj, res.header.revision);
  }

  async get<T extends StoredObject>(key: string, opts: { anyRevision?: boolean } = {}): Promise<T> {
    if (opts.anyRevision) {
      const cache = this.cacheFor(key);
      if (cache?.isReady) {
        const obj = cache.get(key);
        if (!obj) throw new KeyNotFoundError(key);
        return obj as T;
      }
    }
    const kv = await this.getKv(key);
    return decodeValue<T>(kv.value, kv.mod_revision);
  }

  async list<T extends StoredObject>(prefix: string, opts: ListOptions = {}): Promise<ListResult<T>> {
    if (opts.anyRevision && !opts.revision && !opts.continue) {
      const cached = this.cacheFor(prefix)?.list(prefix, opts.filter);
      if (cached) return cached as ListResult<T>;
    }
    const end = prefixEnd(prefix);
    let revision = opts.revision ?? 0;
    let from = Buffer.from(prefix);
    if (opts.continue) {
      const token = decodeContinue(opts.continue, prefix);
      revision = token.revision;
      from = Buffer.from(token.startKey);
    }
    const limit = opts.limit !== undefined && opts.limit > 0 ? opts.limit : 0;
    const filter = opts.filter;
    const items: T[] = [];
    const result: ListResult<T> = { items, revision };
    let batch = limit > 0 ? limit : LIST_PAGE_SIZE;
    for (;;) {
      const res = await this.readRange(prefix, { key: from, range_end: end, limit: batch, revision });
      if (revision === 0) revision = Number(res.header.revision);
      const kvs = res.kvs;
      let i = 0;
      while (i < kvs.length && (limit === 0 || items.length < limit)) {
        const kv = kvs[i++]!;
        const obj = decodeValue<T>(kv.value, kv.mod_revision);
        if (!filter || filter(obj)) items.push(obj);
      }
      if (limit > 0 && items.length >= limit) {
        if (i < kvs.length || res.more) {
          result.continue = encodeContinue(revision, prefix, kvs[i - 1]!.key.toString('utf8') + '\u0000');
          if (!filter) result.remainingItemCount = Number(res.count) - i;
        }
        break;
      }
      if (!res.more || kvs.length === 0) break;
      from = Buffer.concat([kvs[kvs.length - 1]!.key, Buffer.from([0])]);
      if (filter && limit > 0) batch = Math.min(batch * 2, MAX_FILTERED_BATCH);
    }
    result.revision = revision;
    return result;
  }

  async guaranteedUpdate<T extends StoredObject>(key: string, update: UpdateFn<T>, opts: { expectedResourceVersion?: string } = {}): Promise<T> {
    const keyBuf = Buffer.from(key);
    let cur = this.cachedOrigin(key) ?? (await this.readOrigin(key));
    for (let attempt = 1; ; attempt++) {
      if (opts.expectedResourceVersion !== undefined && opts.expectedResourceVersion !== cur.rev) {
        // The cache may just be behind: only etcd's answer decides a conflict.
        if (cur.fromCache) {
          cur = await this.readOrigin(key);
          continue;
        }
        throw new ConflictError(key, opts.expectedResourceVersion, cur.rev);
      }
      const next = await update(decodeValue<T>(cur.json, cur.rev));
      const json = next === undefined ? cur.json : encodeObject(next);
      if (json === cur.json) {
        // A no-op update writes nothing and keeps the resourceVersion, as Kubernetes does, once etcd confirms the state.
        if (cur.fromCache) {
          cur = await this.readOrigin(key);
          continue;
        }
        return next === undefined ? decodeValue<T>(cur.json, cur.rev) : withResourceVersion(next, cur.rev);
      }
      const res = await this.timed('update', key, () =>
        this.client.kv.txn({
          compare: [{ key: keyBuf, target: CompareTarget.Mod, result: CompareResult.Equal, mod_revision: cur.rev }],
          // ignore_lease keeps the key's lease (objects created with a TTL keep expiring).
          success: [{ request_put: { key: keyBuf, value: Buffer.from(json), ignore_lease: true } }],
          failure: [{ request_range: { key: keyBuf } }],
        }),
      );
      if (res.succeeded) return withResourceVersion(next as T, res.header.revision);
      cur = await this.lostRace(key, cur, res.responses[0]?.response_range?.kvs[0], attempt);
    }
  }

  async delete<T extends StoredObject>(key: string, opts: { precondition?: (current: T) => void; expectedResourceVersion?: string } = {}): Promise<T> {
    const keyBuf = Buffer.from(key);
    let cur = this.cachedOrigin(key) ?? (await this.readOrigin(key));
    for (let attempt = 1; ; attempt++) {
      const current = decodeValue<T>(cur.json, cur.rev);
      try {
        if (opts.expectedResourceVersion !== undefined && opts.expectedResourceVersion !== cur.rev) {
          throw new ConflictError(key, opts.expectedResourceVersion, cur.rev);
        }
        opts.precondition?.(current);
      } catch (err) {
        // Decided on the cache's view, which may be behind: ask etcd before failing.
        if (!cur.fromCache) throw err;
        cur = await this.readOrigin(key);
        continue;
      }
      const res = await this.timed('delete', key, () =>
        this.client.kv.txn({
          compare: [{ key: keyBuf, target: CompareTarget.Mod, result: CompareResult.Equal, mod_revision: cur.rev }],
          success: [{ request_delete_range: { key: keyBuf } }],
          failure: [{ request_range: { key: keyBuf } }],
        }),
      );
      if (res.succeeded) {
        (current.metadata ??= {}).resourceVersion = res.header.revision;
        return current;
      }
      cur = await this.lostRace(key, cur, res.responses[0]?.response_range?.kvs[0], attempt);
    }
  }

  /**
   * Watches keys under `prefix`: from the watch cache of the registered resource that contains
   * it when the cache can serve the revision, else straight from etcd. Objects in events may be
   * shared between watchers: treat them as read-only.
   */
  async watch<T extends StoredObject>(prefix: string, opts: WatchOptions = {}): Promise<Watch<T>> {
    if (this.closed) throw new Error('store is closed');
    const deps = { client: this.client, queueLimit: this.cacheOptions.watcherQueueLimit ?? DEFAULT_WATCHER_QUEUE_LIMIT, metrics: this.metrics, type: resourceLabel(prefix), open: this.directWatches };
    const cache = this.cacheFor(prefix);
    if (cache && (await cache.ready(CACHE_READY_TIMEOUT_MS))) {
      const served = cache.watch(prefix, opts);
      if (served) return served as Watch<T>;
      // Older than the cache's history (e.g. a client resuming after this server restarted):
      // catch up from etcd, then continue on the cache rather than keep an etcd watch per watcher.
      const revision = cache.oldestResumableRevision;
      return (await directWatch(deps, prefix, opts, { revision, take: () => cache.watch(prefix, { ...opts, revision }) })) as Watch<T>;
    }
    return (await directWatch(deps, prefix, opts)) as Watch<T>;
  }

  async currentRevision(): Promise<number> {
    const res = await this.timed('revision', COMPACT_REV_KEY, () => this.client.kv.range({ key: Buffer.from(COMPACT_REV_KEY), count_only: true }));
    return Number(res.header.revision);
  }

  /** Compacts etcd's history below `revision` (physically). Compacting to an already compacted revision is a no-op. */
  async compact(revision: number): Promise<void> {
    try {
      await this.timed('compact', COMPACT_REV_KEY, () => this.client.kv.compact({ revision, physical: true }));
    } catch (err) {
      if (isCompactedError(err)) return;
      throw err;
    }
  }

  /**
   * One round of kube-apiserver's compaction protocol. If COMPACT_REV_KEY's version is still
   * `lastVersion` (no other API server compacted since our last round), records the current
   * revision in it and compacts to `revisionToCompact` (unless 0). Returns the key's version and the
   * store revision to use in the next round.
   */
  async compactRound(lastVersion: number, revisionToCompact: number): Promise<{ version: number; revision: number; compacted: boolean }> {
    const key = Buffer.from(COMPACT_REV_KEY);
    const res = await this.timed('compact', COMPACT_REV_KEY, () =>
      this.client.kv.txn({
        compare: [{ key, target: CompareTarget.Version, result: CompareResult.Equal, version: lastVersion }],
        success: [{ request_put: { key, value: Buffer.from(String(revisionToCompact)) } }],
        failure: [{ request_range: { key } }],
      }),
    );
    const revision = Number(res.header.revision);
    if (!res.succeeded) {
      const kv = res.responses[0]?.response_range?.kvs[0];
      return { version: kv ? Number(kv.version) : 0, revision, compacted: false };
    }
    if (revisionToCompact <= 0) return { version: lastVersion + 1, revision, compacted: false };
    await this.compact(revisionToCompact);
    return { version: lastVersion + 1, revision, compacted: true };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const cache of this.caches.values()) cache.close();
    this.caches.clear();
    for (const w of [...this.directWatches]) w.stop();
    this.client.close();
  }

  /** The watch cache of the registered resource whose prefix is the longest one containing `prefix`. */
  private cacheFor(prefix: string): WatchCache | undefined {
    if (this.caches.size === 0) return undefined;
    let found = this.caches.get(prefix);
    for (let i = prefix.indexOf('/'); i >= 0 && i < prefix.length - 1; i = prefix.indexOf('/', i + 1)) {
      found = this.caches.get(prefix.slice(0, i + 1)) ?? found;
    }
    return found;
  }

  private async getKv(key: string): Promise<IKeyValue> {
    const res = await this.timed('get', key, () => this.client.kv.range({ key: Buffer.from(key) }));
    const kv = res.kvs[0];
    if (!kv) throw new KeyNotFoundError(key);
    return kv;
  }

  /** The key's state in etcd. */
  private async readOrigin(key: string): Promise<Origin> {
    const kv = await this.getKv(key);
    return { json: kv.value.toString('utf8'), rev: kv.mod_revision, fromCache: false };
  }

  /**
   * The key's state in its resource's watch cache, saving a read before a compare-and-swap (as
   * kube-apiserver does). It may be behind etcd: the compare then fails and etcd's state is used.
   */
  private cachedOrigin(key: string): Origin | undefined {
    const obj = this.cacheFor(key)?.get(key);
    const rev = obj?.metadata?.resourceVersion;
    if (!obj || rev === undefined) return undefined;
    return { json: encodeObject(obj), rev, fromCache: true };
  }

  /** After a failed compare-and-swap: the key's new state to retry with, or the error that ends the retries. */
  private async lostRace(key: string, tried: Origin, fresh: IKeyValue | undefined, attempt: number): Promise<Origin> {
    if (!fresh) throw new KeyNotFoundError(key);
    if (attempt >= MAX_CAS_ATTEMPTS) throw new ConflictError(key, tried.rev, fresh.mod_revision);
    if (attempt >= CAS_BACKOFF_AFTER) await sleep(Math.random() * CAS_BACKOFF_MAX_MS);
    return { json: fresh.value.toString('utf8'), rev: fresh.mod_revision, fromCache: false };
  }

  /** A range read; a compacted revision becomes `CompactedError` with the revision etcd compacted to. */
  private async readRange(prefix: string, req: Parameters<Etcd3['kv']['range']>[0]) {
    try {
      return await this.timed('list', prefix, () => this.client.kv.range(req));
    } catch (err) {
      if (!isCompactedError(err)) throw err;
      const revision = Number(req.revision);
      throw new CompactedError(revision, await probeCompactedRevision(this.client, Buffer.from(prefix), prefixEnd(prefix), revision));
    }
  }

  private timed<T>(operation: EtcdOperation, key: string, fn: () => Promise<T>): Promise<T> {
    return this.metrics.time(operation, resourceLabel(key), fn);
  }
}
