/** One etcd watch on its own gRPC stream: reports events, progress, cancellation and failure, exactly once terminally. */
import type { Etcd3, IEvent, IWatchResponse } from 'etcd3';

export interface WatchStreamRequest {
  key: Buffer;
  rangeEnd?: Buffer;
  /** First revision to deliver (inclusive), as etcd counts. */
  startRevision: number;
  prevKv?: boolean;
  /** Ask etcd for periodic progress notifications (at the server's --experimental-watch-progress-notify-interval). */
  progressNotify?: boolean;
}

export interface WatchStreamHandlers {
  /** etcd accepted the watch. */
  onCreated?(): void;
  onEvents(events: IEvent[]): void;
  /** No event for this watch up to `revision` is still to come (etcd's progress notification). */
  onProgress(revision: number): void;
  /** etcd cancelled the watch; `compactRevision` > 0 when its start revision was compacted. Terminal. */
  onCanceled(compactRevision: number, reason: string): void;
  /** The stream failed or ended. Terminal. */
  onError(err: Error): void;
}

export interface WatchStream {
  close(): void;
}

/** How long a compaction probe waits for etcd's verdict (its watch sync loop runs every 100 ms). */
const PROBE_TIMEOUT_MS = 5_000;

/** Whether an etcd event is a deletion (etcd3 hands the enum over by name). */
export function isDeleteEvent(ev: IEvent): boolean {
  const t = ev.type as unknown;
  return t === 'DELETE' || t === 'Delete' || t === 1;
}

export function openWatchStream(client: Etcd3, req: WatchStreamRequest, handlers: WatchStreamHandlers): WatchStream {
  let closed = false;
  let stream: { cancel(): void; write(item: unknown): void } | undefined;
  const finish = (fn: () => void): void => {
    if (closed) return;
    closed = true;
    stream?.cancel();
    fn();
  };
  client.watchClient
    .watch()
    .then((s) => {
      if (closed) {
        s.cancel();
        return;
      }
      stream = s;
      s.on('data', (res: IWatchResponse) => {
        if (closed) return;
        if (res.canceled) {
          const compactRevision = Number(res.compact_revision || 0);
          finish(() => handlers.onCanceled(compactRevision, res.cancel_reason || (compactRevision > 0 ? 'required revision has been compacted' : 'watch canceled')));
          return;
        }
        try {
          if (res.created) handlers.onCreated?.();
          else if (res.events && res.events.length > 0) handlers.onEvents(res.events);
          else handlers.onProgress(Number(res.header.revision));
        } catch (err) {
          // A failing handler must not become an uncaught exception on the gRPC stream.
          finish(() => handlers.onError(err instanceof Error ? err : new Error(String(err))));
        }
      });
      s.on('error', (err: Error) => finish(() => handlers.onError(err)));
      s.on('end', () => finish(() => handlers.onError(new Error('etcd watch stream ended'))));
      s.write({
        create_request: {
          key: req.key,
          range_end: req.rangeEnd,
          start_revision: req.startRevision,
          prev_kv: req.prevKv ?? false,
          progress_notify: req.progressNotify ?? false,
        },
      });
    })
    .catch((err: unknown) => finish(() => handlers.onError(err instanceof Error ? err : new Error(String(err)))));
  return {
    close: () => {
      if (closed) return;
      closed = true;
      stream?.cancel();
    },
  };
}

/**
 * The revision etcd compacted to, learnt by watching from `startRevision` (etcd reports it when
 * cancelling such a watch); 0 when the watch is not cancelled in time.
 */
export function probeCompactedRevision(client: Etcd3, key: Buffer, rangeEnd: Buffer | undefined, startRevision: number): Promise<number> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      stream.close();
      resolve(0);
    }, PROBE_TIMEOUT_MS);
    const done = (rev: number): void => {
      clearTimeout(timer);
      stream.close();
      resolve(rev);
    };
    const stream = openWatchStream(
      client,
      { key, rangeEnd, startRevision },
      {
        onEvents: () => done(0),
        onProgress: () => done(0),
        onCanceled: (compactRevision) => done(compactRevision),
        onError: () => done(0),
      },
    );
  });
}
