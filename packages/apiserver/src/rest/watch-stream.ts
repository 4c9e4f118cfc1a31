/** Streams a watch to an HTTP client: newline-delimited JSON events, headers flushed at once. */
import { toStatusError, toTable, type ResourceInfo } from '@skiff/api';
import type { ServerResponse } from 'node:http';
import { cachedJson, type StoredObject } from '@skiff/storage';
import type { RegistryWatch } from '../registry/registry.js';
import type { KObject } from '../registry/types.js';
import { drainedOrEnded } from '../transport/drain.js';

/** Without timeoutSeconds a watch lasts a random 30-60 minutes, as kube-apiserver's do. */
const MIN_WATCH_SECONDS = 30 * 60;

export interface WatchStreamOptions {
  info: ResourceInfo;
  table: boolean;
  includeObject: 'None' | 'Metadata' | 'Object';
  timeoutSeconds: number | undefined;
  now: () => Date;
  onEvent?: () => void;
}

/** Writes events until the watch ends, the client leaves or the timeout passes. */
export async function streamWatch(res: ServerResponse, watch: RegistryWatch, opts: WatchStreamOptions): Promise<void> {
  res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private', 'Transfer-Encoding': 'chunked' });
  res.flushHeaders();
  const seconds = opts.timeoutSeconds ?? MIN_WATCH_SECONDS + Math.floor(Math.random() * MIN_WATCH_SECONDS);
  const timer = setTimeout(() => watch.stop(), seconds * 1000);
  const onClose = () => watch.stop();
  res.on('close', onClose);
  let firstTable = true;
  try {
    for await (const event of watch) {
      let object: unknown = event.object;
      if (opts.table && event.type !== 'BOOKMARK') {
        const table = toTable(opts.info, [event.object], {
          includeObject: opts.includeObject,
          resourceVersion: event.object.metadata?.resourceVersion ?? '',
          now: opts.now(),
        }) as { columnDefinitions?: unknown[] };
        // Clients reuse the columns of the list; send them once.
        if (!firstTable) table.columnDefinitions = [];
        firstTable = false;
        object = table;
      }
      opts.onEvent?.();
      // A stored object is serialized once for all its watchers; tables are per request.
      const json = object === event.object && event.type !== 'BOOKMARK' ? cachedJson(event.object as KObject & StoredObject) : JSON.stringify(object);
      if (!res.write(`{"type":${JSON.stringify(event.type)},"object":${json}}\n`)) await drainedOrEnded(res, 'close');
      if (res.destroyed) break;
    }
  } catch (err) {
    if (!res.destroyed) res.write(`${JSON.stringify({ type: 'ERROR', object: toStatusError(err).toStatus() })}\n`);
  } finally {
    clearTimeout(timer);
    res.off('close', onClose);
    watch.stop();
    if (!res.destroyed) res.end();
  }
}

/** A watch that could not start (e.g. from a compacted revision) is a 200 with one ERROR event. */
export function streamWatchError(res: ServerResponse, err: unknown): void {
  res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private' });
  res.end(`${JSON.stringify({ type: 'ERROR', object: toStatusError(err).toStatus() })}\n`);
}
