/** The informer cache: objects by `namespace/name` with indexes; one writer (the reflector), many read-only listers. */
import type { LabelSelector } from '@skiff/api';
import type { ApiObject } from '@skiff/client';
import { Indexer, NAMESPACE_INDEX, namespaceIndexFunc, type IndexFunc, type Indexers } from './indexer.js';
import { DeletedFinalStateUnknown } from './tombstone.js';

/** `namespace/name`, or `name` for a cluster-scoped object (client-go's MetaNamespaceKeyFunc). */
export function objectKey(obj: Pick<ApiObject, 'metadata'> | { metadata?: { namespace?: string; name?: string } }): string {
  const name = obj.metadata?.name;
  if (!name) throw new Error('object has no metadata.name');
  const ns = obj.metadata?.namespace;
  return ns ? `${ns}/${name}` : name;
}

/**
 * Read-only view of a store. Objects are shared with the cache: callers must not mutate them
 * (copy first, e.g. with `structuredClone`).
 */
export interface Lister<T extends ApiObject = ApiObject> {
  get(key: string): T | undefined;
  /** Every object, or those whose labels match. */
  list(selector?: LabelSelector): T[];
  listByNamespace(namespace: string, selector?: LabelSelector): T[];
  /** Objects filed under `value` in index `indexName`. */
  byIndex(indexName: string, value: string): T[];
  keys(): string[];
  readonly size: number;
}

/** What a writer receives from `replace`: the changes it made, for event delivery. */
export interface ReplaceResult<T extends ApiObject> {
  added: T[];
  updated: Array<{ oldObj: T; newObj: T }>;
  /** Objects the store held that the new content lacks. */
  deleted: DeletedFinalStateUnknown<T>[];
}

/** Where a reflector writes. `Store` is one; an informer wraps one to fan events out. */
export interface ReflectorSink<T extends ApiObject = ApiObject> {
  replace(items: T[], resourceVersion: string): void;
  /** An object added or changed (the store upserts either way). */
  add(obj: T): void;
  update(obj: T): void;
  delete(obj: T): void;
  /** The resourceVersion the content is known to be current at (bookmarks move it without a change). */
  setResourceVersion?(resourceVersion: string): void;
}

/**
 * The cache. Writes come from one writer (a reflector, through an informer); everyone else gets
 * `lister()`. `replace` builds the new content and indexes aside and swaps them in at once, so a
 * reader never sees half a list.
 */
export class Store<T extends ApiObject = ApiObject> implements Lister<T>, ReflectorSink<T> {
  private items = new Map<string, T>();
  private indexer: Indexer<T>;
  private rv = '';

  constructor(indexers: Indexers<T> = {}) {
    this.indexer = new Indexer<T>({ [NAMESPACE_INDEX]: namespaceIndexFunc as IndexFunc<T>, ...indexers });
  }

  /** Adds index functions (indexing the current content). */
  addIndexers(indexers: Indexers<T>): void {
    this.indexer.addIndexers(indexers, this.items.entries());
  }

  /** The resourceVersion of the last list, event or bookmark applied ('' before the first list). */
  get resourceVersion(): string {
    return this.rv;
  }

  get size(): number {
    return this.items.size;
  }

  /** A read-only view of this store. */
  lister(): Lister<T> {
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const store = this;
    return {
      get: (key) => this.get(key),
      list: (selector) => this.list(selector),
      listByNamespace: (ns, selector) => this.listByNamespace(ns, selector),
      byIndex: (name, value) => this.byIndex(name, value),
      keys: () => this.keys(),
      get size() {
        return store.size;
      },
    };
  }

  get(key: string): T | undefined {
    return this.items.get(key);
  }

  list(selector?: LabelSelector): T[] {
    return select(this.items.values(), selector);
  }

  listByNamespace(namespace: string, selector?: LabelSelector): T[] {
    return select(this.objectsOf(this.indexer.keys(NAMESPACE_INDEX, namespace)), selector);
  }

  byIndex(indexName: string, value: string): T[] {
    return [...this.objectsOf(this.indexer.keys(indexName, value))];
  }

  /** The values index `indexName` holds (e.g. every node name pods are bound to). */
  indexValues(indexName: string): string[] {
    return this.indexer.values(indexName);
  }

  keys(): string[] {
    return [...this.items.keys()];
  }

  /** Adds or replaces an object; returns the one it replaced. */
  upsert(obj: T): T | undefined {
    const key = objectKey(obj);
    const old = this.items.get(key);
    this.items.set(key, obj);
    this.indexer.update(key, old, obj);
    this.bump(obj);
    return old;
  }

  add(obj: T): void {
    this.upsert(obj);
  }

  update(obj: T): void {
    this.upsert(obj);
  }

  /** Removes an object; returns the state the store held, if any. */
  remove(obj: T): T | undefined {
    const key = objectKey(obj);
    const old = this.items.get(key);
    if (old) {
      this.items.delete(key);
      this.indexer.update(key, old, undefined);
    }
    this.bump(obj);
    return old;
  }

  delete(obj: T): void {
    this.remove(obj);
  }

  setResourceVersion(resourceVersion: string): void {
    this.rv = resourceVersion;
  }

  /** Swaps in `items` as the whole content, atomically; reports what changed, with tombstones for what vanished. */
  replace(items: T[], resourceVersion: string): ReplaceResult<T> {
    const next = new Map<string, T>();
    const nextIndexer = this.indexer.emptyCopy();
    const result: ReplaceResult<T> = { added: [], updated: [], deleted: [] };
    for (const obj of items) {
      const key = objectKey(obj);
      next.set(key, obj);
      nextIndexer.update(key, undefined, obj);
      const old = this.items.get(key);
      if (old) result.updated.push({ oldObj: old, newObj: obj });
      else result.added.push(obj);
    }
    for (const [key, old] of this.items) if (!next.has(key)) result.deleted.push(new DeletedFinalStateUnknown(key, old));
    this.items = next;
    this.indexer = nextIndexer;
    this.rv = resourceVersion;
    return result;
  }

  private *objectsOf(keys: Iterable<string>): Iterable<T> {
    for (const key of keys) {
      const obj = this.items.get(key);
      if (obj) yield obj;
    }
  }

  private bump(obj: T): void {
    const rv = obj.metadata?.resourceVersion;
    if (rv) this.rv = rv;
  }
}

function select<T extends ApiObject>(objects: Iterable<T>, selector: LabelSelector | undefined): T[] {
  const out: T[] = [];
  for (const obj of objects) if (!selector || selector.matches(obj.metadata?.labels)) out.push(obj);
  return out;
}
