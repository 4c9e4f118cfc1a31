/** An in-memory ResourceClient for unit tests: a client of a FakeStore, with outages, injected failures and a log of its calls. */
import { StatusError, alreadyExists, applyJsonPatch, applyMergePatch, badRequest, conflict, deepClone, notFound, OBJECT_MODIFIED } from '@skiff/api';
import type { ApiObject, ListOptions, ObjectList, PatchType, ResourceClient, ResourceRef, WatchOptions, WatchStream } from '@skiff/client';
import type { FakeStore } from './fake-store.js';
import { FakeWatch } from './fake-watch.js';

export type FakeVerb = 'get' | 'list' | 'watch' | 'create' | 'update' | 'patch' | 'delete';

/** One call a client made, for assertions. */
export interface FakeCall {
  verb: FakeVerb;
  resource: string;
  namespace: string | undefined;
  name: string;
  patchType?: PatchType;
  /** The options of a list or watch. */
  opts?: ListOptions | WatchOptions;
}

const unavailable = (): StatusError => new StatusError('ServiceUnavailable', 'fake client: server unavailable');

/**
 * Lists page with continue tokens (`<offset>:<revision of the first page>`); watches send what the
 * store's writes do, from the moment they open, and the test can push, end or break them. Updates
 * and patches carrying a stale resourceVersion are 409 Conflicts.
 */
export class FakeResourceClient implements ResourceClient {
  /** Every call fails with 503 while set (a partition from the server). */
  down = false;
  readonly calls: FakeCall[] = [];
  /** Every watch this client opened, in order. */
  readonly watches: FakeWatch[] = [];
  private readonly failures = new Map<FakeVerb, unknown[]>();
  private watchWaiters: Array<() => void> = [];

  constructor(readonly store: FakeStore) {}

  /** The next calls of `verb` throw these errors, one per call, before `down` is considered. */
  failNext(verb: FakeVerb, ...errors: unknown[]): void {
    this.failures.set(verb, [...(this.failures.get(verb) ?? []), ...errors]);
  }

  /** The list calls made so far. */
  get listCalls(): Array<FakeCall & { opts: ListOptions }> {
    return this.calls.filter((c): c is FakeCall & { opts: ListOptions } => c.verb === 'list');
  }

  /** The `count`-th watch opened, waiting for it if fewer have been opened yet. */
  waitForWatch(count: number): Promise<FakeWatch> {
    return new Promise((resolve) => {
      const check = (): void => {
        if (this.watches.length < count) return;
        this.watchWaiters = this.watchWaiters.filter((w) => w !== check);
        resolve(this.watches[count - 1]!);
      };
      this.watchWaiters.push(check);
      check();
    });
  }

  async get<T extends ApiObject = ApiObject>(resource: ResourceRef, namespace: string | undefined, name: string): Promise<T> {
    await this.enter({ verb: 'get', resource: resource.resource, namespace, name });
    const obj = this.store.read(resource, namespace, name);
    if (!obj) throw notFound({ resource: resource.resource, group: resource.group, name });
    return obj as T;
  }

  async list<T extends ApiObject = ApiObject>(resource: ResourceRef, namespace: string | undefined, opts: ListOptions = {}): Promise<ObjectList<T>> {
    await this.enter({ verb: 'list', resource: resource.resource, namespace, name: '', opts: { ...opts } });
    const [offset, rv] = opts.continue ? opts.continue.split(':').map(Number) : [0, this.store.revision];
    const all = this.store.all(resource, namespace);
    const limit = opts.limit && opts.limit > 0 ? opts.limit : all.length;
    const next = offset! + limit;
    return {
      metadata: { resourceVersion: String(rv), ...(next < all.length ? { continue: `${next}:${rv}` } : {}) },
      items: all.slice(offset!, next) as T[],
    };
  }

  async watch<T extends ApiObject = ApiObject>(resource: ResourceRef, namespace: string | undefined, opts: WatchOptions = {}): Promise<WatchStream<T>> {
    await this.enter({ verb: 'watch', resource: resource.resource, namespace, name: '', opts: { ...opts } });
    const watch = new FakeWatch(resource, namespace, { ...opts });
    this.store.addWatch(watch);
    this.watches.push(watch);
    for (const waiter of [...this.watchWaiters]) waiter();
    return watch as unknown as WatchStream<T>;
  }

  async create<T extends ApiObject = ApiObject>(resource: ResourceRef, namespace: string | undefined, obj: T): Promise<T> {
    const name = obj.metadata?.name ?? '';
    await this.enter({ verb: 'create', resource: resource.resource, namespace, name });
    if (this.store.read(resource, namespace, name)) throw alreadyExists({ resource: resource.resource, group: resource.group, name });
    const fresh = deepClone(obj);
    const { resourceVersion: _ignored, ...metadata } = fresh.metadata ?? {};
    fresh.metadata = metadata;
    return this.store.write(resource, namespace, fresh) as T;
  }

  async update<T extends ApiObject = ApiObject>(resource: ResourceRef, namespace: string | undefined, obj: T): Promise<T> {
    const name = obj.metadata?.name ?? '';
    await this.enter({ verb: 'update', resource: resource.resource, namespace, name });
    return this.replace(resource, namespace, name, () => obj) as Promise<T>;
  }

  async patch<T extends ApiObject = ApiObject>(
    resource: ResourceRef,
    namespace: string | undefined,
    name: string,
    type: PatchType,
    patch: unknown,
  ): Promise<T> {
    await this.enter({ verb: 'patch', resource: resource.resource, namespace, name, patchType: type });
    return this.replace(resource, namespace, name, (current) => {
      if (type === 'merge' || type === 'strategic') return applyMergePatch(current, patch) as ApiObject;
      if (type === 'json') return applyJsonPatch(current, patch) as ApiObject;
      throw badRequest(`fake client: patch type ${type} is not supported`);
    }) as Promise<T>;
  }

  async delete<T extends ApiObject = ApiObject>(resource: ResourceRef, namespace: string | undefined, name: string): Promise<T> {
    await this.enter({ verb: 'delete', resource: resource.resource, namespace, name });
    const current = this.store.read(resource, namespace, name);
    if (!current || !this.store.remove(resource, namespace, name)) throw notFound({ resource: resource.resource, group: resource.group, name });
    return current as T;
  }

  async close(): Promise<void> {}

  private async enter(call: FakeCall): Promise<void> {
    this.calls.push(call);
    // Yield first, so concurrent callers interleave as they would over a network.
    await Promise.resolve();
    const injected = this.failures.get(call.verb);
    if (injected?.length) throw injected.shift();
    if (this.down) throw unavailable();
  }

  /** Writes `change(current)`; a resourceVersion in it that is not the current one is a Conflict. */
  private async replace(resource: ResourceRef, namespace: string | undefined, name: string, change: (current: ApiObject) => ApiObject): Promise<ApiObject> {
    const current = this.store.read(resource, namespace, name);
    const subject = { resource: resource.resource, group: resource.group, name };
    if (!current) throw notFound(subject);
    const next = change(current);
    const rv = next.metadata?.resourceVersion;
    if (rv && rv !== current.metadata?.resourceVersion) throw conflict(subject, OBJECT_MODIFIED);
    return this.store.write(resource, namespace, next);
  }
}
