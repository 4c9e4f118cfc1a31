/** Secondary indexes over a store's keys: index name -> indexed value -> set of `namespace/name` keys. */
import type { ApiObject } from '@skiff/client';

/** The values an object is filed under in one index (none: not indexed). */
export type IndexFunc<T extends ApiObject = ApiObject> = (obj: T) => readonly string[];

/** Index functions by index name. */
export type Indexers<T extends ApiObject = ApiObject> = Record<string, IndexFunc<T>>;

/** The index every store has: objects by `metadata.namespace` ('' for cluster-scoped objects). */
export const NAMESPACE_INDEX = 'namespace';

export const namespaceIndexFunc: IndexFunc = (obj) => [obj.metadata?.namespace ?? ''];

/** Objects by the uid of each of their owners (`metadata.ownerReferences[].uid`). */
export const ownerUidIndexFunc: IndexFunc = (obj) => (obj.metadata?.ownerReferences ?? []).map((ref) => ref.uid);

/** Objects by the value of one label; objects without it are not indexed. */
export function labelIndexFunc(label: string): IndexFunc {
  return (obj) => {
    const value = obj.metadata?.labels?.[label];
    return value === undefined ? [] : [value];
  };
}

/** Objects by a string field at a dotted path, e.g. `spec.nodeName`; absent or empty values are not indexed. */
export function fieldIndexFunc(path: string): IndexFunc {
  const parts = path.split('.');
  return (obj) => {
    let value: unknown = obj;
    for (const part of parts) {
      if (value === null || typeof value !== 'object') return [];
      value = (value as Record<string, unknown>)[part];
    }
    return typeof value === 'string' && value !== '' ? [value] : [];
  };
}

/**
 * The index tables of one store. Not shared: the store owns one and replaces it whole on `replace`.
 * Every change is given the old and the new object so stale entries are removed exactly.
 */
export class Indexer<T extends ApiObject = ApiObject> {
  private readonly funcs = new Map<string, IndexFunc<T>>();
  private readonly tables = new Map<string, Map<string, Set<string>>>();

  constructor(indexers: Indexers<T>) {
    for (const [name, fn] of Object.entries(indexers)) {
      this.funcs.set(name, fn);
      this.tables.set(name, new Map());
    }
  }

  /** An empty indexer with the same index functions. */
  emptyCopy(): Indexer<T> {
    return new Indexer<T>(Object.fromEntries(this.funcs));
  }

  names(): string[] {
    return [...this.funcs.keys()];
  }

  has(name: string): boolean {
    return this.funcs.has(name);
  }

  /** Adds index functions and files every given entry under them. A name already in use is an error. */
  addIndexers(indexers: Indexers<T>, entries: Iterable<[string, T]>): void {
    for (const name of Object.keys(indexers)) {
      if (this.funcs.has(name)) throw new Error(`indexer ${JSON.stringify(name)} already exists`);
    }
    const list = [...entries];
    for (const [name, fn] of Object.entries(indexers)) {
      this.funcs.set(name, fn);
      const table = new Map<string, Set<string>>();
      this.tables.set(name, table);
      for (const [key, obj] of list) for (const value of fn(obj)) file(table, value, key);
    }
  }

  /** Moves `key` from the entries of `oldObj` to those of `newObj` (either may be absent). */
  update(key: string, oldObj: T | undefined, newObj: T | undefined): void {
    for (const [name, fn] of this.funcs) {
      const table = this.tables.get(name)!;
      const oldValues = oldObj ? fn(oldObj) : [];
      const newValues = newObj ? new Set(fn(newObj)) : new Set<string>();
      for (const value of oldValues) if (!newValues.has(value)) unfile(table, value, key);
      for (const value of newValues) file(table, value, key);
    }
  }

  /** The keys filed under `value` in index `name`; an unknown index is an error. */
  keys(name: string, value: string): ReadonlySet<string> {
    const table = this.tables.get(name);
    if (!table) throw new Error(`index ${JSON.stringify(name)} does not exist`);
    return table.get(value) ?? EMPTY;
  }

  /** The values index `name` currently holds. */
  values(name: string): string[] {
    const table = this.tables.get(name);
    if (!table) throw new Error(`index ${JSON.stringify(name)} does not exist`);
    return [...table.keys()];
  }
}

const EMPTY: ReadonlySet<string> = new Set();

function file(table: Map<string, Set<string>>, value: string, key: string): void {
  let keys = table.get(value);
  if (!keys) table.set(value, (keys = new Set()));
  keys.add(key);
}

function unfile(table: Map<string, Set<string>>, value: string, key: string): void {
  const keys = table.get(value);
  if (!keys) return;
  keys.delete(key);
  if (keys.size === 0) table.delete(value);
}
