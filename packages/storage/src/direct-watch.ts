/** A watch served straight from etcd (one etcd watch per watcher): for unregistered prefixes and revisions older than a cache. */
import type { Etcd3, IEvent } from 'etcd3';
import { decodeValue, revisionOf, withResourceVersion } from './codec.js';
import { listAll } from './etcd-cache-source.js';
import { isCompactedError, isFutureRevisionError } from './etcd-errors.js';
import { isDeleteEvent, openWatchStream, probeCompactedRevision } from './etcd-watch-stream.js';
import { CompactedError } from './errors.js';
import type { StoredObject, Watch, WatchEvent, WatchOptions } from './interface.js';
import { prefixEnd } from './keys.js';
import type { StorageMetrics } from './metrics.js';
import { SharedEvent } from './shared-event.js';
import { WatchQueue } from './watch-queue.js';

export interface DirectWatchDeps {
  client: Etcd3;
  queueLimit: number;
  metrics?: StorageMetrics;
  /** Metrics label of the watched keys. */
  type: string;
  /** Open direct watches, so that closing the store can end them; each removes itself when it ends. */
  open?: Set<Watch>;
}

/** Throws `CompactedError` when events after `revision` under the range are no longer in etcd's history. */
export async function assertWatchable(client: Etcd3, key: Buffer, rangeEnd: Buffer, revision: number): Promise<void> {
  try {
    // etcd refuses to read at a revision below its compaction exactly when it refuses to watch from it.
    await client.kv.range({ key, range_end: rangeEnd, revision: revision + 1, count_only: true });
  } catch (err) {
    if (isFutureRevisionError(err)) return;
    if (isCompactedError(err)) throw new CompactedError(revision, await probeCompactedRevision(client, key, rangeEnd, revision + 1));
    throw err;
  }
}

/** The watch event of one etcd event (which carries prev_kv). */
function toSharedEvent(ev: IEvent): SharedEvent | undefined {
  const kv = ev.kv;
  const key = kv.key.toString('utf8');
  const revision = Number(kv.mod_revision);
  const prev = ev.prev_kv ? decodeValue(ev.prev_kv.value, ev.prev_kv.mod_revision) : undefined;
  if (isDeleteEvent(ev)) {
    if (!prev) return undefined;
    return new SharedEvent(key, { type: 'DELETED', object: withResourceVersion(prev, String(revision)), revision, prevObject: prev });
  }
  const object = decodeValue(kv.value, kv.mod_revision);
  return new SharedEvent(key, prev ? { type: 'MODIFIED', object, revision, prevObject: prev } : { type: 'ADDED', object, revision });
}

/** Lets a watch that catches up from etcd continue on a watch cache once it reaches the cache's history. */
export interface Handover {
  /** The cache holds every event after this revision. */
  revision: number;
  /** The cache's watch from `revision` (same options), or undefined when it can no longer serve it. */
  take(): Watch | undefined;
}

/**
 * Watches `prefix` in etcd. With `handover`, the etcd watch only lasts until it has delivered
 * every event up to `handover.revision` (shown by a later event or a progress notification);
 * the watch then continues on the cache, and the etcd watch is cancelled.
 */
export async function directWatch(deps: DirectWatchDeps, prefix: string, opts: WatchOptions = {}, handover?: Handover): Promise<Watch> {
  const { client } = deps;
  const key = Buffer.from(prefix);
  const rangeEnd = prefixEnd(prefix);
  const filter = opts.filter;
  const initial: WatchEvent[] = [];
  let after: number;
  if (!opts.revision) {
    const listing = await listAll(client, prefix, deps.metrics);
    for (const [, obj] of listing.items) {
      if (!filter || filter(obj)) initial.push({ type: 'ADDED', object: obj, revision: revisionOf(obj) });
    }
    after = listing.revision;
  } else {
    await assertWatchable(client, key, rangeEnd, opts.revision);
    after = opts.revision;
  }
  const began = performance.now();
  let pending = handover;
  let successor: Watch | undefined;
  /** Switches to the cache if it still serves the handover revision; else stays on etcd for good. */
  const handOver = (): boolean => {
    if (!pending) return false;
    successor = pending.take();
    pending = undefined;
    if (!successor) return false;
    queue.end();
    return true;
  };
  // The queue closes the stream when it ends (only after `stream` is set: events arrive asynchronously).
  const queue = new WatchQueue(deps.queueLimit, () => {
    stream.close();
    deps.open?.delete(watch);
  });
  queue.setInitial(initial);
  const stream = openWatchStream(
    client,
    { key, rangeEnd, startRevision: after + 1, prevKv: true, progressNotify: opts.bookmarks === true || handover !== undefined },
    {
      onCreated: () => deps.metrics?.observe('watch', deps.type, (performance.now() - began) / 1000),
      onEvents: (events) => {
        for (const ev of events) {
          // The cache delivers this event and all later ones.
          if (pending && Number(ev.kv.mod_revision) > pending.revision && handOver()) return;
          const view = toSharedEvent(ev)?.viewFor(filter);
          if (view && !queue.push(view)) return;
        }
      },
      onProgress: (revision) => {
        if (opts.bookmarks) queue.push({ type: 'BOOKMARK', object: { metadata: { resourceVersion: String(revision) } }, revision });
        if (pending && revision >= pending.revision) handOver();
      },
      onCanceled: (compactRevision, reason) => {
        const object: StoredObject = { metadata: {}, reason: compactRevision > 0 ? 'Expired' : 'InternalError', message: reason };
        queue.push({ type: 'ERROR', object, revision: compactRevision });
        queue.end();
      },
      // The client re-watches from the last resourceVersion it saw, as after any broken watch.
      onError: () => queue.end(),
    },
  );
  const watch: Watch = handover ? new HandoverWatch(queue, () => successor) : queue;
  deps.open?.add(watch);
  return watch;
}

/** Iterates a first watch to its end, then the successor it handed over to (if any). */
class HandoverWatch implements Watch, AsyncIterator<WatchEvent> {
  private second: Watch | undefined;
  private stopped = false;

  constructor(
    private readonly first: WatchQueue,
    private readonly successor: () => Watch | undefined,
  ) {}

  [Symbol.asyncIterator](): AsyncIterator<WatchEvent> {
    return this;
  }

  async next(): Promise<IteratorResult<WatchEvent>> {
    if (!this.second) {
      const r = await this.first.next();
      if (!r.done || this.stopped) return r.done ? { value: undefined, done: true } : r;
      this.second = this.successor();
      if (!this.second) return { value: undefined, done: true };
    }
    return this.second[Symbol.asyncIterator]().next();
  }

  async return(): Promise<IteratorResult<WatchEvent>> {
    this.stop();
    return { value: undefined, done: true };
  }

  stop(): void {
    this.stopped = true;
    this.first.stop();
    this.successor()?.stop();
  }
}
