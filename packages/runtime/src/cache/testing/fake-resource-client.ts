/** An in-memory ResourceClient (list + watch only) for unit tests, which a test drives: changes, errors, 410s, stream ends. */
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

/** One open watch; the test pushes events into it, ends it or breaks it. */
export class FakeWatch implements WatchStream {
  stopped = false;
  private readonly queue: Array<{ event?: WatchEvent; error?: unknown; end?: true }> = [];
  private wake: (() => void) | undefined;

  constructor(
    readonly namespace: string | undefined,
    readonly opts: WatchOptions,
  ) {}

  push(event: WatchEvent): void {
    this.enqueue({ event });
  }

  /** The server ends the stream cleanly. */
  end(): void {
    this.enqueue({ end: true });
  }

  /** The connection breaks: the iterator throws. */
  fail(error: unknown): void {
    this.enqueue({ error });
  }

  stop(): void {
    this.stopped = true;
    this.enqueue({ end: true });
  }

  private enqueue(item: { event?: WatchEvent; error?: unknown; end?: true }): void {
    this.queue.push(item);
    this.wake?.();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<WatchEvent> {
    for (;;) {
      const item = this.queue.shift();
      if (!item) {
        await new Promise<void>((resolve) => (this.wake = resolve));
        this.wake = undefined;
        continue;
      }
      if (item.end) return;
      if (item.error) throw item.error;
      yield item.event!;
    }
  }
}

function keyOf(obj: ApiObject): string {
  return `${obj.metadata?.namespace ?? ''}/${obj.metadata?.name}`;
}

/** A 410 Expired Status, as the server sends it in an ERROR event. */
export function expiredStatus(message = 'too old resource version'): ApiObject {
  return { apiVersion: 'v1', kind: 'Status', status: 'Failure', message, reason: 'Expired', code: 410, metadata: {} };
}

/**
 * One resource's objects with a revision counter. `create`/`modify`/`remove` change the content
 * and send the event to every open watch; `failLists`/`failWatches` make the next calls reject.
 */
export class FakeResourceClient implements ResourceClient {
  revision = 1;
  readonly objects = new Map<string, ApiObject>();
  readonly listCalls: Array<{ namespace: string | undefined; opts: ListOptions }> = [];
  readonly watches: FakeWatch[] = [];
  private readonly listFailures: unknown[] = [];
  private readonly watchFailures: unknown[] = [];
  private watchWaiters: Array<(w: FakeWatch) => void> = [];

  /** Objects with their resourceVersion set, stored without any event (as if before any watch). */
  seed(...objs: ApiObject[]): void {
    for (const obj of objs) this.objects.set(keyOf(obj), this.stamp(obj));
  }

  /** Adds an object (ADDED to every open watch). */
  addObject(obj: ApiObject): ApiObject {
    const stored = this.stamp(obj);
    this.objects.set(keyOf(stored), stored);
    this.broadcast({ type: 'ADDED', object: stored });
    return stored;
  }

  /** Replaces an object (MODIFIED to every open watch). */
  modifyObject(obj: ApiObject): ApiObject {
    const stored = this.stamp(obj);
    this.objects.set(keyOf(stored), stored);
    this.broadcast({ type: 'MODIFIED', object: stored });
    return stored;
  }

  /** Deletes an object (DELETED to every open watch). */
  removeObject(namespace: string | undefined, name: string): void {
    const key = `${namespace ?? ''}/${name}`;
    const old = this.objects.get(key);
    if (!old) throw new Error(`no ${key}`);
    this.objects.delete(key);
    this.broadcast({ type: 'DELETED', object: { ...old, metadata: { ...old.metadata, resourceVersion: String(++this.revision) } } });
  }

  /** Changes content without telling any watch (what a broken watch misses). */
  silently(fn: () => void): void {
    const open = this.openWatches();
    for (const w of open) w.stopped = true;
    try {
      fn();
    } finally {
      for (const w of open) w.stopped = false;
    }
  }

  failLists(...errors: unknown[]): void {
    this.listFailures.push(...errors);
  }

  failWatches(...errors: unknown[]): void {
    this.watchFailures.push(...errors);
  }

  openWatches(): FakeWatch[] {
    return this.watches.filter((w) => !w.stopped);
  }

  /** The newest watch opened, waiting for one if `count` watches have not been opened yet. */
  waitForWatch(count: number): Promise<FakeWatch> {
    if (this.watches.length >= count) return Promise.resolve(this.watches[count - 1]!);
    return new Promise((resolve) => {
      const check = (): void => {
        if (this.watches.length >= count) {
          this.watchWaiters = this.watchWaiters.filter((w) => w !== check);
          resolve(this.watches[count - 1]!);
        }
      };
      this.watchWaiters.push(check);
    });
  }

  async list<T extends ApiObject = ApiObject>(_resource: ResourceRef, namespace: string | undefined, opts: ListOptions = {}): Promise<ObjectList<T>> {
    this.listCalls.push({ namespace, opts: { ...opts } });
    if (this.listFailures.length) throw this.listFailures.shift();
    // A continue token carries the offset and the revision of the first page.
    const [offset, rv] = opts.continue ? opts.continue.split(':').map(Number) : [0, this.revision];
    const all = [...this.objects.values()]
      .filter((o) => namespace === undefined || o.metadata?.namespace === namespace)
      .sort((a, b) => keyOf(a).localeCompare(keyOf(b)));
    const limit = opts.limit && opts.limit > 0 ? opts.limit : all.length;
    const items = all.slice(offset!, offset! + limit) as T[];
    const next = offset! + limit;
    return {
      metadata: { resourceVersion: String(rv), ...(next < all.length ? { continue: `${next}:${rv}` } : {}) },
      items,
    };
  }

  async watch<T extends ApiObject = ApiObject>(_resource: ResourceRef, namespace: string | undefined, opts: WatchOptions = {}): Promise<WatchStream<T>> {
    if (this.watchFailures.length) throw this.watchFailures.shift();
    const watch = new FakeWatch(namespace, { ...opts });
    this.watches.push(watch);
    for (const waiter of [...this.watchWaiters]) waiter(watch);
    return watch as unknown as WatchStream<T>;
  }

  async get<T extends ApiObject = ApiObject>(): Promise<T> {
    throw new Error('FakeResourceClient: get is not implemented');
  }
  create<T extends ApiObject = ApiObject>(): Promise<T> {
    return Promise.reject(new Error('FakeResourceClient: create is not implemented'));
  }
  update<T extends ApiObject = ApiObject>(): Promise<T> {
    return Promise.reject(new Error('FakeResourceClient: update is not implemented'));
  }
  patch<T extends ApiObject = ApiObject>(): Promise<T> {
    return Promise.reject(new Error('FakeResourceClient: patch is not implemented'));
  }
  delete<T extends ApiObject = ApiObject>(): Promise<T> {
    return Promise.reject(new Error('FakeResourceClient: delete is not implemented'));
  }
  async close(): Promise<void> {}

  private stamp(obj: ApiObject): ApiObject {
    return { ...obj, metadata: { ...obj.metadata, resourceVersion: String(++this.revision) } };
  }

  private broadcast(event: WatchEvent): void {
    for (const w of this.openWatches()) w.push(event);
  }
}
