/** The etcd side of a watch cache: paged consistent lists and a progress-notifying watch of one prefix. */
import type { Etcd3 } from 'etcd3';
import type { Logger } from 'pino';
import type { CacheSource, SourceEvent, SourceHandlers, SourceListing } from './cache-source.js';
import { decodeValue } from './codec.js';
import { isDeleteEvent, openWatchStream } from './etcd-watch-stream.js';
import { prefixEnd } from './keys.js';
import type { StorageMetrics } from './metrics.js';

/** Keys per range request when listing a whole prefix: bounds each gRPC message while keeping round trips few. */
export const LIST_PAGE_SIZE = 1_000;

/**
 * Reads every key under `prefix` at one revision (the current one), in pages. A value that is
 * not JSON throws, unless `onBadValue` is given: then it is reported and skipped.
 */
export async function listAll(client: Etcd3, prefix: string, metrics?: StorageMetrics, onBadValue?: (key: string, err: unknown) => void): Promise<SourceListing> {
  const end = prefixEnd(prefix);
  const items: Array<[string, ReturnType<typeof decodeValue>]> = [];
  let start = Buffer.from(prefix);
  let revision = 0;
  for (;;) {
    const began = performance.now();
    const res = await client.kv.range({ key: start, range_end: end, limit: LIST_PAGE_SIZE, revision });
    metrics?.observe('list', prefix, (performance.now() - began) / 1000);
    if (revision === 0) revision = Number(res.header.revision);
    for (const kv of res.kvs) {
      const key = kv.key.toString('utf8');
      try {
        items.push([key, decodeValue(kv.value, kv.mod_revision)]);
      } catch (err) {
        if (!onBadValue) throw err;
        onBadValue(key, err);
      }
    }
    if (!res.more || res.kvs.length === 0) break;
    start = Buffer.concat([res.kvs[res.kvs.length - 1]!.key, Buffer.from([0])]);
  }
  return { items, revision };
}

export class EtcdCacheSource implements CacheSource {
  constructor(
    private readonly client: Etcd3,
    private readonly metrics?: StorageMetrics,
    private readonly logger?: Logger,
  ) {}

  list(prefix: string): Promise<SourceListing> {
    return listAll(this.client, prefix, this.metrics, (key, err) => this.badValue(key, err));
  }

  /** A value that is not JSON cannot be served; the cache goes on without it rather than failing the resource. */
  private badValue(key: string, err: unknown): void {
    this.logger?.error({ key, err }, 'skipping a stored value that is not valid JSON');
  }

  watch(prefix: string, afterRevision: number, handlers: SourceHandlers): { close(): void } {
    const began = performance.now();
    return openWatchStream(
      this.client,
      { key: Buffer.from(prefix), rangeEnd: prefixEnd(prefix), startRevision: afterRevision + 1, progressNotify: true },
      {
        onCreated: () => {
          // A watch's "request duration" is the time etcd took to establish it.
          this.metrics?.observe('watch', prefix, (performance.now() - began) / 1000);
          handlers.onReady?.();
        },
        onEvents: (events) => {
          const out: SourceEvent[] = [];
          for (const ev of events) {
            const kv = ev.kv;
            const key = kv.key.toString('utf8');
            const revision = Number(kv.mod_revision);
            if (isDeleteEvent(ev)) {
              out.push({ type: 'DELETE', key, revision });
              continue;
            }
            try {
              out.push({ type: 'PUT', key, revision, object: decodeValue(kv.value, kv.mod_revision) });
            } catch (err) {
              this.badValue(key, err);
              out.push({ type: 'DELETE', key, revision });
            }
          }
          handlers.onEvents(out);
        },
        onProgress: (revision) => handlers.onProgress(revision),
        onCanceled: (compactRevision, reason) => {
          if (compactRevision > 0) handlers.onCompacted(compactRevision);
          else handlers.onError(new Error(`etcd cancelled the watch: ${reason}`));
        },
        onError: (err) => handlers.onError(err),
      },
    );
  }
}
