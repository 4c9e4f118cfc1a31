/** An in-memory ResourceClient for unit tests: one shared store, per-client outages, resourceVersion conflicts. */
import { StatusError, alreadyExists, applyJsonPatch, applyMergePatch, badRequest, conflict, deepClone, notFound, OBJECT_MODIFIED } from '@skiff/api';
import type { ApiObject, ObjectList, PatchType, ResourceClient, ResourceRef, WatchStream } from '@skiff/client';

/** One call a client made, for assertions. */
export interface FakeCall {
  verb: 'get' | 'list' | 'create' | 'update' | 'patch' | 'delete';
  resource: string;
  namespace: string | undefined;
  name: string;
  patchType?: PatchType;
}

/** The objects every FakeResourceClient of one store sees; resourceVersions come from one counter like etcd's revision. */
export class FakeStore {
  private readonly objects = new Map<string, ApiObject>();
  private revision = 0;

  key(resource: ResourceRef, namespace: string | undefined, name: string): string {
    return `${resource.group}/${resource.resource}/${namespace ?? ''}/${name}`;
  }

  read(resource: ResourceRef, namespace: string | undefined, name: string): ApiObject | undefined {
    const obj = this.objects.get(this.key(resource, namespace, name));
    return obj && deepClone(obj);
  }

  /** Every stored object of one resource (and namespace, if given). */
  all(resource: ResourceRef, namespace?: string): ApiObject[] {
    const prefix = `${resource.group}/${resource.resource}/${namespace === undefined ? '' : `${namespace}/`}`;
    return [...this.objects.entries()].filter(([k]) => k.startsWith(prefix)).map(([, v]) => deepClone(v));
  }

  write(resource: ResourceRef, namespace: string | undefined, obj: ApiObject): ApiObject {
    const stored = deepClone(obj);
    stored.metadata = { ...stored.metadata, resourceVersion: String(++this.revision) };
    if (namespace !== undefined) stored.metadata.namespace = namespace;
    this.objects.set(this.key(resource, namespace, stored.metadata.name ?? ''), stored);
    return deepClone(stored);
  }

  remove(resource: ResourceRef, namespace: string | undefined, name: string): boolean {
    return this.objects.delete(this.key(resource, namespace, name));
  }

  /** A new client over this store. */
  client(): FakeResourceClient {
    return new FakeResourceClient(this);
  }
}

const unavailable = (): StatusError => new StatusError('ServiceUnavailable', 'fake client: server unavailable');

/** A client of a FakeStore. Set `down` to make every call fail (a partition from the server). */
export class FakeResourceClient implements ResourceClient {
  down = false;
  readonly calls: FakeCall[] = [];
  /** Errors thrown by the next calls, one per call, before `down` is considered. */
  readonly failures: StatusError[] = [];

  constructor(readonly store: FakeStore) {}

  private async enter(call: FakeCall): Promise<void> {
    this.calls.push(call);
    // Yield first, so concurrent callers interleave as they would over a network.
    await Promise.resolve();
    const injected = this.failures.shift();
    if (injected) throw injected;
    if (this.down) throw unavailable();
  }

  async get<T extends ApiObject = ApiObject>(resource: ResourceRef, namespace: string | undefined, name: string): Promise<T> {
    await this.enter({ verb: 'get', resource: resource.resource, namespace, name });
    const obj = this.store.read(resource, namespace, name);
    if (!obj) throw notFound({ resource: resource.resource, group: resource.group, name });
    return obj as T;
  }

  async list<T extends ApiObject = ApiObject>(resource: ResourceRef, namespace: string | undefined): Promise<ObjectList<T>> {
    await this.enter({ verb: 'list', resource: resource.resource, namespace, name: '' });
    return { metadata: {}, items: this.store.all(resource, namespace) as T[] };
  }

  async watch<T extends ApiObject = ApiObject>(): Promise<WatchStream<T>> {
    throw badRequest('fake client: watch is not supported');
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
    const current = this.store.read(resource, namespace, name);
    const subject = { resource: resource.resource, group: resource.group, name };
    if (!current) throw notFound(subject);
    const rv = obj.metadata?.resourceVersion;
    if (rv && rv !== current.metadata?.resourceVersion) throw conflict(subject, OBJECT_MODIFIED);
    return this.store.write(resource, namespace, obj) as T;
  }

  async patch<T extends ApiObject = ApiObject>(
    resource: ResourceRef,
    namespace: string | undefined,
    name: string,
    type: PatchType,
    patch: unknown,
  ): Promise<T> {
    await this.enter({ verb: 'patch', resource: resource.resource, namespace, name, patchType: type });
    const current = this.store.read(resource, namespace, name);
    const subject = { resource: resource.resource, group: resource.group, name };
    if (!current) throw notFound(subject);
    let next: ApiObject;
    if (type === 'merge' || type === 'strategic') next = applyMergePatch(current, patch) as ApiObject;
    else if (type === 'json') next = applyJsonPatch(current, patch) as ApiObject;
    else throw badRequest(`fake client: patch type ${type} is not supported`);
    const rv = next.metadata?.resourceVersion;
    if (rv && rv !== current.metadata?.resourceVersion) throw conflict(subject, OBJECT_MODIFIED);
    return this.store.write(resource, namespace, next) as T;
  }

  async delete<T extends ApiObject = ApiObject>(resource: ResourceRef, namespace: string | undefined, name: string): Promise<T> {
    await this.enter({ verb: 'delete', resource: resource.resource, namespace, name });
    const current = this.store.read(resource, namespace, name);
    if (!current || !this.store.remove(resource, namespace, name)) throw notFound({ resource: resource.resource, group: resource.group, name });
    return current as T;
  }

  async close(): Promise<void> {}
}
