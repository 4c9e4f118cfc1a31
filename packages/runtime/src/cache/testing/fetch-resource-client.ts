/** A test-only ResourceClient over fetch (list + watch only), for integration tests until the REST client is built. */
import { StatusError, type StatusReason } from '@skiff/api';
import type {
  ApiObject,
  ListOptions,
  ObjectList,
  ResourceClient,
  ResourceRef,
  WatchEvent,
  WatchOptions,
  WatchStream,
} from '@skiff/client';

function collectionPath(ref: ResourceRef, namespace: string | undefined): string {
  const base = ref.group ? `/apis/${ref.group}/${ref.version}` : `/api/${ref.version}`;
  return ref.namespaced && namespace ? `${base}/namespaces/${namespace}/${ref.resource}` : `${base}/${ref.resource}`;
}

function query(params: Record<string, string | number | boolean | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

async function statusError(res: Response): Promise<StatusError> {
  const text = await res.text();
  try {
    const status = JSON.parse(text) as { reason?: string; message?: string; code?: number };
    return new StatusError((status.reason ?? 'InternalError') as StatusReason, status.message ?? text, undefined, status.code ?? res.status);
  } catch {
    return new StatusError('InternalError', text, undefined, res.status);
  }
}

/** Reads newline-delimited JSON watch events from a response body. */
class FetchWatch<T extends ApiObject> implements WatchStream<T> {
  constructor(
    private readonly res: Response,
    private readonly abort: AbortController,
  ) {}

  stop(): void {
    this.abort.abort();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<WatchEvent<T>> {
    const decoder = new TextDecoder();
    let buffered = '';
    try {
      for await (const chunk of this.res.body as unknown as AsyncIterable<Uint8Array>) {
        buffered += decoder.decode(chunk, { stream: true });
        let nl: number;
        while ((nl = buffered.indexOf('\n')) >= 0) {
          const line = buffered.slice(0, nl).trim();
          buffered = buffered.slice(nl + 1);
          if (line) yield JSON.parse(line) as WatchEvent<T>;
        }
      }
    } catch (err) {
      if (this.abort.signal.aborted) return; // stopped by us: a clean end
      throw err;
    }
  }
}

export class FetchResourceClient implements ResourceClient {
  constructor(readonly baseUrl: string) {}

  async list<T extends ApiObject = ApiObject>(ref: ResourceRef, namespace: string | undefined, opts: ListOptions = {}): Promise<ObjectList<T>> {
    const res = await fetch(
      this.baseUrl +
        collectionPath(ref, namespace) +
        query({
          labelSelector: opts.labelSelector,
          fieldSelector: opts.fieldSelector,
          limit: opts.limit,
          continue: opts.continue,
          resourceVersion: opts.resourceVersion,
          resourceVersionMatch: opts.resourceVersionMatch,
        }),
      { headers: { accept: 'application/json' } },
    );
    if (!res.ok) throw await statusError(res);
    return (await res.json()) as ObjectList<T>;
  }

  async watch<T extends ApiObject = ApiObject>(ref: ResourceRef, namespace: string | undefined, opts: WatchOptions = {}): Promise<WatchStream<T>> {
    const abort = new AbortController();
    const res = await fetch(
      this.baseUrl +
        collectionPath(ref, namespace) +
        query({
          watch: 1,
          labelSelector: opts.labelSelector,
          fieldSelector: opts.fieldSelector,
          resourceVersion: opts.resourceVersion,
          allowWatchBookmarks: opts.allowWatchBookmarks,
          timeoutSeconds: opts.timeoutSeconds,
        }),
      { headers: { accept: 'application/json' }, signal: abort.signal },
    );
    if (!res.ok) throw await statusError(res);
    return new FetchWatch<T>(res, abort);
  }

  get<T extends ApiObject = ApiObject>(): Promise<T> {
    return Promise.reject(new Error('FetchResourceClient: list and watch only'));
  }
  create<T extends ApiObject = ApiObject>(): Promise<T> {
    return Promise.reject(new Error('FetchResourceClient: list and watch only'));
  }
  update<T extends ApiObject = ApiObject>(): Promise<T> {
    return Promise.reject(new Error('FetchResourceClient: list and watch only'));
  }
  patch<T extends ApiObject = ApiObject>(): Promise<T> {
    return Promise.reject(new Error('FetchResourceClient: list and watch only'));
  }
  delete<T extends ApiObject = ApiObject>(): Promise<T> {
    return Promise.reject(new Error('FetchResourceClient: list and watch only'));
  }
  async close(): Promise<void> {}
}
