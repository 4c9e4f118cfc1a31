/** Objects seen through their patch metadata: the field set of a value, values and removals at a path, and object diffs. */
import { badRequest } from '../errors/status-error.js';
import { deepEqual, isPlainObject, type JsonObject } from './deep.js';
import { emptySet, fieldToken, insert, keyToken, pathString, valueToken, type FieldSet, type PathToken } from './field-set.js';
import { fieldMeta, isAtomicType, isKnownType, type FieldMeta } from './merge-keys.js';

/** How a list is owned by server-side apply. */
type ListKind = 'map' | 'set' | 'atomic';

function listKind(meta: FieldMeta | undefined): ListKind {
  if (meta?.listType === 'map' && meta.listKeys && meta.listKeys.length > 0) return 'map';
  return meta?.listType === 'set' ? 'set' : 'atomic';
}

/** True when an object value in this slot is owned field by field (not as a whole). */
function granular(meta: FieldMeta | undefined): boolean {
  return !(meta?.atomic || isAtomicType(meta?.type));
}

/** The metadata of the items of a keyed list, seen as a slot. */
function itemMeta(meta: FieldMeta | undefined): FieldMeta | undefined {
  return meta?.type ? { type: meta.type } : undefined;
}

/** A value that breaks the shape its metadata requires (raised only for applied configurations). */
export class ShapeError extends Error {}

/**
 * The token of a list item: `k:{...}` for keyed lists (missing key fields take their defaults),
 * `v:...` for sets. Undefined when a keyed item lacks a key field or is not an object.
 */
export function itemToken(item: unknown, meta: FieldMeta | undefined): PathToken | undefined {
  if (listKind(meta) === 'set') return valueToken(item);
  if (!isPlainObject(item)) return undefined;
  const key: Record<string, unknown> = {};
  for (const name of meta!.listKeys!) {
    const value = item[name] ?? meta!.keyDefaults?.[name];
    if (value === undefined || value === null) return undefined;
    key[name] = value;
  }
  return keyToken(key);
}

/** Tokens of a list's items; `strict` rejects missing keys and duplicates (applied configurations). */
function itemTokens(list: unknown[], meta: FieldMeta | undefined, path: PathToken[], strict: boolean): (PathToken | undefined)[] {
  const seen = new Set<PathToken>();
  return list.map((item, index) => {
    const token = itemToken(item, meta);
    if (strict) {
      if (token === undefined) {
        const missing = isPlainObject(item) ? meta!.listKeys!.find((name) => item[name] === undefined || item[name] === null) : undefined;
        throw new ShapeError(
          missing === undefined
            ? `${pathString(path)}: element ${index}: expected map, got ${JSON.stringify(item)}`
            : `${pathString(path)}: element ${index}: associative list with keys has an element that omits key field ${JSON.stringify(missing)} (and doesn't have default value)`,
        );
      }
      if (seen.has(token)) throw new ShapeError(`${pathString(path)}: duplicate entries for key ${pathString([token])}`);
      seen.add(token);
    }
    return token;
  });
}

/** Adds the field set of `value` (found at `path` in a slot described by `meta`) to `set`. */
function addFieldSet(set: FieldSet, value: unknown, meta: FieldMeta | undefined, path: PathToken[], strict: boolean): void {
  if (value === null || value === undefined) return;
  if (Array.isArray(value)) {
    const kind = listKind(meta);
    if (kind === 'atomic') {
      insert(set, path);
      return;
    }
    const tokens = itemTokens(value, meta, path, strict);
    value.forEach((item, index) => {
      const token = tokens[index] ?? `i:${index}`;
      const itemPath = [...path, token];
      insert(set, itemPath);
      if (kind === 'map' && isPlainObject(item) && granular(itemMeta(meta))) addFieldSet(set, item, itemMeta(meta), itemPath, strict);
    });
    return;
  }
  if (isPlainObject(value)) {
    if (!granular(meta)) {
      insert(set, path);
      return;
    }
    for (const [key, child] of Object.entries(value)) addFieldSet(set, child, fieldMeta(meta?.type, key), [...path, fieldToken(key)], strict);
    return;
  }
  insert(set, path);
}

/** The field set of a whole object, as server-side apply records it (before metadata is stripped). */
export function fieldSetOf(object: unknown, rootType: string | undefined, strict = false): FieldSet {
  const set = emptySet();
  addFieldSet(set, object, rootType ? { type: rootType } : undefined, [], strict);
  return set;
}

/** Field set of an applied configuration; a malformed one is a 400 naming the object, as Kubernetes does. */
export function appliedFieldSet(applied: JsonObject, rootType: string | undefined, what: string): FieldSet {
  try {
    return fieldSetOf(applied, rootType, true);
  } catch (err) {
    if (err instanceof ShapeError) throw badRequest(`failed to create typed patch object (${what}): ${err.message}`);
    throw err;
  }
}

/** Follows one token from a container value; returns the child and its slot metadata. */
function step(container: unknown, meta: FieldMeta | undefined, token: PathToken): { value: unknown; meta: FieldMeta | undefined; found: boolean } {
  const rest = token.slice(2);
  if (token.startsWith('f:')) {
    if (!isPlainObject(container) || !Object.prototype.hasOwnProperty.call(container, rest)) return { value: undefined, meta: undefined, found: false };
    return { value: container[rest], meta: fieldMeta(meta?.type, rest), found: true };
  }
  if (!Array.isArray(container)) return { value: undefined, meta: undefined, found: false };
  const index = token.startsWith('i:') ? Number(rest) : container.findIndex((item) => itemToken(item, meta) === token);
  if (index < 0 || index >= container.length) return { value: undefined, meta: undefined, found: false };
  return { value: container[index], meta: itemMeta(meta), found: true };
}

/** The value at `path` in `object`, or `found: false`. */
export function valueAt(object: unknown, path: readonly PathToken[], rootType: string | undefined): { value: unknown; found: boolean } {
  let value = object;
  let meta: FieldMeta | undefined = rootType ? { type: rootType } : undefined;
  for (const token of path) {
    const next = step(value, meta, token);
    if (!next.found) return { value: undefined, found: false };
    value = next.value;
    meta = next.meta;
  }
  return { value, found: true };
}

/**
 * Removes the value at `path` from `object` (in place). Objects left empty by the removal are removed
 * too, up to (not including) the top level, as a typed object would omit them. The key fields of a
 * keyed list item are only removed with the item.
 */
export function removeAt(object: JsonObject, path: readonly PathToken[], rootType: string | undefined): void {
  const remove = (container: unknown, meta: FieldMeta | undefined, at: number, keyFields?: readonly string[]): boolean => {
    const token = path[at]!;
    const rest = token.slice(2);
    const last = at === path.length - 1;
    if (token.startsWith('f:')) {
      if (!isPlainObject(container) || !Object.prototype.hasOwnProperty.call(container, rest)) return false;
      if (last && keyFields?.includes(rest)) return false; // an item keeps its key while it exists
      if (last) {
        delete container[rest];
        return true;
      }
      const child = container[rest];
      const removed = remove(child, fieldMeta(meta?.type, rest), at + 1);
      if (removed && isPlainObject(child) && Object.keys(child).length === 0) delete container[rest];
      return removed;
    }
    if (!Array.isArray(container)) return false;
    const index = token.startsWith('i:') ? Number(rest) : container.findIndex((item) => itemToken(item, meta) === token);
    if (index < 0 || index >= container.length) return false;
    if (!last) return remove(container[index], itemMeta(meta), at + 1, listKind(meta) === 'map' ? meta!.listKeys : undefined);
    container.splice(index, 1);
    return true;
  };
  if (path.length > 0) remove(object, rootType ? { type: rootType } : undefined, 0);
}

/**
 * Adds a value that did not exist before. Every map in it is itself added (the `.` member), except a
 * tabled struct whose parent existed: a typed Go object always has its non-pointer structs.
 */
function addAdded(set: FieldSet, value: unknown, meta: FieldMeta | undefined, path: PathToken[], existedAsStruct: boolean): void {
  if (!isPlainObject(value) || !granular(meta)) {
    addFieldSet(set, value, meta, path, false);
    return;
  }
  const preexisting = existedAsStruct;
  if (!preexisting && path.length > 0) insert(set, path);
  for (const [key, child] of Object.entries(value)) {
    if (child === null || child === undefined) continue;
    const childMeta = fieldMeta(meta?.type, key);
    addAdded(set, child, childMeta, [...path, fieldToken(key)], preexisting && isKnownType(childMeta?.type));
  }
}

/** Adds a value that is gone: every path in it, maps and list items included, is owned by no one any more. */
function addRemoved(set: FieldSet, value: unknown, meta: FieldMeta | undefined, path: PathToken[]): void {
  if (path.length > 0) insert(set, path);
  if (isPlainObject(value) && granular(meta)) {
    for (const [key, child] of Object.entries(value)) {
      if (child !== null && child !== undefined) addRemoved(set, child, fieldMeta(meta?.type, key), [...path, fieldToken(key)]);
    }
  } else if (Array.isArray(value) && listKind(meta) !== 'atomic') {
    const sub = listKind(meta) === 'map' ? itemMeta(meta) : undefined;
    value.forEach((item, i) => addRemoved(set, item, sub, [...path, itemToken(item, meta) ?? `i:${i}`]));
  }
}

/** How an object changed: paths added, changed in value, and removed. */
export interface Comparison {
  added: FieldSet;
  modified: FieldSet;
  removed: FieldSet;
}

/** Top-level fields that exist in every typed object, so they are never reported as added themselves. */
const ALWAYS_PRESENT = new Set(['metadata', 'spec', 'status']);

/**
 * Compares two versions of an object field by field. A map that appears is itself added (the `.`
 * member of `FieldsV1`) unless it is a tabled struct or a top-level metadata/spec/status, which a
 * typed Go object always has.
 */
export function compareObjects(before: unknown, after: unknown, rootType: string | undefined): Comparison {
  const result: Comparison = { added: emptySet(), modified: emptySet(), removed: emptySet() };
  const walk = (a: unknown, b: unknown, meta: FieldMeta | undefined, path: PathToken[]): void => {
    const hasA = a !== undefined && a !== null;
    const hasB = b !== undefined && b !== null;
    if (!hasA && !hasB) return;
    if (!hasB) {
      addRemoved(result.removed, a, meta, path);
      return;
    }
    if (!hasA) {
      const typedStruct = isKnownType(meta?.type) || (path.length === 1 && ALWAYS_PRESENT.has(path[0]!.slice(2)));
      addAdded(result.added, b, meta, path, typedStruct);
      return;
    }
    if (isPlainObject(a) && isPlainObject(b) && granular(meta)) {
      for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) walk(a[key], b[key], fieldMeta(meta?.type, key), [...path, fieldToken(key)]);
      return;
    }
    if (Array.isArray(a) && Array.isArray(b) && listKind(meta) !== 'atomic') {
      const before = new Map<PathToken, unknown>();
      a.forEach((item, i) => before.set(itemToken(item, meta) ?? `i:${i}`, item));
      const after = new Map<PathToken, unknown>();
      b.forEach((item, i) => after.set(itemToken(item, meta) ?? `i:${i}`, item));
      const sub = listKind(meta) === 'map' ? itemMeta(meta) : undefined;
      for (const [token, item] of after) {
        const itemPath = [...path, token];
        if (!before.has(token)) {
          insert(result.added, itemPath);
          if (listKind(meta) === 'map' && isPlainObject(item) && granular(sub)) addAdded(result.added, item, sub, itemPath, false);
        } else if (listKind(meta) === 'map' && isPlainObject(item) && granular(sub)) {
          walk(before.get(token), item, sub, itemPath);
        } else if (!deepEqual(before.get(token), item)) {
          insert(result.modified, itemPath);
        }
      }
      for (const [token, item] of before) {
        if (after.has(token)) continue;
        addRemoved(result.removed, item, sub, [...path, token]);
      }
      return;
    }
    if (!deepEqual(a, b)) insert(result.modified, path);
  };
  walk(before, after, rootType ? { type: rootType } : undefined, []);
  return result;
}
