/**
 * A view of the store under another key prefix and representation: lets a resource that Kubernetes
 * stores as another (events.k8s.io Events are core Events) share that resource's objects.
 */
import type { ListOptions, ListResult, Store, StoredObject, UpdateFn, Watch, WatchEvent, WatchOptions } from '@skiff/storage';
import type { KObject } from './types.js';

export interface Representation {
  /** Key prefix this resource's registry uses, e.g. `/registry/events.k8s.io/events/`. */
  externalPrefix: string;
  /** Where the objects really live, e.g. `/registry/core/events/`. */
  storagePrefix: string;
  toStorage(obj: KObject): KObject;
  fromStorage(obj: KObject): KObject;
}

type S = StoredObject;

export class ConvertingStore implements Store {
  constructor(
    private readonly inner: Store,
    private readonly rep: Representation,
  ) {}

  private key(key: string): string {
    return key.startsWith(this.rep.externalPrefix) ? this.rep.storagePrefix + key.slice(this.rep.externalPrefix.length) : key;
  }

  private out<T extends S>(obj: S): T {
    return this.rep.fromStorage(obj as KObject) as unknown as T;
  }

  private in(obj: S): S {
    return this.rep.toStorage(obj as KObject) as unknown as S;
  }

  private filter(filter: ((o: S) => boolean) | undefined): ((o: S) => boolean) | undefined {
    return filter && ((o) => filter(this.out(o)));
  }

  async create<T extends S>(key: string, obj: T, opts?: { ttlSeconds?: number }): Promise<T> {
    return this.out<T>(await this.inner.create(this.key(key), this.in(obj), opts));
  }

  async get<T extends S>(key: string): Promise<T> {
    return this.out<T>(await this.inner.get(this.key(key)));
  }

  async list<T extends S>(prefix: string, opts: ListOptions = {}): Promise<ListResult<T>> {
    const result = await this.inner.list(this.key(prefix), { ...opts, filter: this.filter(opts.filter) });
    return { ...result, items: result.items.map((o) => this.out<T>(o)) };
  }

  async guaranteedUpdate<T extends S>(key: string, update: UpdateFn<T>, opts?: { expectedResourceVersion?: string }): Promise<T> {
    const updated = await this.inner.guaranteedUpdate(
      this.key(key),
      async (current) => {
        const next = await update(this.out<T>(current));
        return next === undefined ? undefined : this.in(next);
      },
      opts,
    );
    return this.out<T>(updated);
  }

  async delete<T extends S>(key: string, opts: { precondition?: (current: T) => void; expectedResourceVersion?: string } = {}): Promise<T> {
    const precondition = opts.precondition;
    return this.out<T>(
      await this.inner.delete(this.key(key), {
        expectedResourceVersion: opts.expectedResourceVersion,
        ...(precondition ? { precondition: (current: S) => precondition(this.out<T>(current)) } : {}),
      }),
    );
  }

  async watch<T extends S>(prefix: string, opts: WatchOptions = {}): Promise<Watch<T>> {
    const watch = await this.inner.watch(this.key(prefix), { ...opts, filter: this.filter(opts.filter) });
    const convert = (ev: WatchEvent): WatchEvent<T> => {
      const out: WatchEvent<T> = {
        type: ev.type,
        revision: ev.revision,
        object: ev.type === 'BOOKMARK' || ev.type === 'ERROR' ? (ev.object as T) : this.out<T>(ev.object),
      };
      if (ev.prevObject) out.prevObject = this.out<T>(ev.prevObject);
      return out;
    };
    async function* events(): AsyncGenerator<WatchEvent<T>> {
      for await (const ev of watch) yield convert(ev);
    }
    const iterator = events();
    return { [Symbol.asyncIterator]: () => iterator, stop: () => watch.stop() };
  }

  currentRevision(): Promise<number> {
    return this.inner.currentRevision();
  }

  compact(revision: number): Promise<void> {
    return this.inner.compact(revision);
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
