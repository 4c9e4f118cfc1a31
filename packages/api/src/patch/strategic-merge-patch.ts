/** Strategic merge patch (`application/strategic-merge-patch+json`) applied the way the Kubernetes API server applies it. */
import { badRequest } from '../errors/status-error.js';
import { deepClone, isPlainObject, type JsonObject } from './deep.js';
import { fieldMeta, rootTypeOf, type FieldMeta, type GroupVersionKind } from './merge-keys.js';
import { checkSetElementOrder, findByKey, itemKind, normalizeElementOrder, partition } from './smp-order.js';
import {
  cleanPatchValue,
  DELETE_FROM_PRIMITIVE_LIST_PREFIX,
  ERR_BAD_PATCH_FORMAT_FOR_PRIMITIVE_LIST,
  ERR_BAD_PATCH_FORMAT_FOR_RETAIN_KEYS,
  ERR_BAD_PATCH_FORMAT_FOR_SET_ELEMENT_ORDER_LIST,
  errBadArgType,
  errBadPatchType,
  errNoMergeKey,
  PATCH_DIRECTIVE,
  RETAIN_KEYS_DIRECTIVE,
  SET_ELEMENT_ORDER_PREFIX,
  smpError,
} from './smp-values.js';

/**
 * Applies a strategic merge patch to `doc` (an object of kind `gvk`) and returns the result; neither
 * input is modified. Lists tagged `patchStrategy: merge` merge by their `patchMergeKey` (scalar lists
 * as sets); other lists are replaced; `null` deletes; the directives `$patch` (replace, delete),
 * `$setElementOrder/<list>`, `$deleteFromPrimitiveList/<list>` and `$retainKeys` are honoured.
 * Kinds and fields without patch metadata merge like a JSON merge patch (maps merge, lists replace).
 * A malformed patch is a 400 BadRequest (a list of lists: 422 Invalid).
 */
export function applyStrategicMergePatch(doc: unknown, patch: unknown, gvk: GroupVersionKind): unknown {
  if (patch === null) return deepClone(doc); // JSON `null` decodes into an empty patch map
  if (!isPlainObject(patch)) {
    const type = Array.isArray(patch) ? 'array' : typeof patch;
    throw badRequest(`json: cannot unmarshal ${type} into Go value of type map[string]interface {}`);
  }
  if (!isPlainObject(doc)) throw smpError('invalid JSON document');
  return mergeMap(deepClone(doc), deepClone(patch), rootTypeOf(gvk));
}

type Strategy = 'merge' | 'replace' | '';

/** The list/map strategy of a field: `merge,retainKeys` merges; `retainKeys` alone only matters to clients. */
function strategyOf(meta: FieldMeta | undefined): Strategy {
  switch (meta?.strategy) {
    case 'merge':
    case 'merge,retainKeys':
      return 'merge';
    case 'replace':
      return 'replace';
    default:
      return '';
  }
}

/** Go's view of a decoded JSON value, enough to tell whether two values can be merged. */
function kindOf(value: unknown): 'map' | 'slice' | 'nil' | 'scalar' {
  if (value === null) return 'nil';
  if (Array.isArray(value)) return 'slice';
  return isPlainObject(value) ? 'map' : 'scalar';
}

/** The list field a parallel-list directive key (`$setElementOrder/containers`) is about. */
function directiveTarget(key: string, prefix: string, error: string): string {
  const slash = key.indexOf('/');
  if (slash < 0 || key.slice(0, slash) !== prefix) throw smpError(error);
  return key.slice(slash + 1);
}

function hasOwn(object: JsonObject, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(object, key);
}

/** Sets `target[field]` to a patch value taken as it is (cleaned of nulls and directives). */
function takePatchValue(target: JsonObject, field: string, value: unknown): void {
  const cleaned = cleanPatchValue(value);
  if (cleaned === undefined) delete target[field];
  else target[field] = cleaned;
}

/** Merges `patch` into `original` (both owned by the caller and modified). */
function mergeMap(original: JsonObject, patch: JsonObject, type: string | undefined): JsonObject {
  if (hasOwn(patch, PATCH_DIRECTIVE)) {
    const directive = patch[PATCH_DIRECTIVE];
    if (directive === 'replace') {
      delete patch[PATCH_DIRECTIVE];
      return cleanPatchValue(patch) as JsonObject;
    }
    if (directive === 'delete') return {};
    throw errBadPatchType(directive, patch);
  }
  applyRetainKeys(original, patch);
  mergeOrderedLists(original, patch, type);

  for (const key of Object.keys(patch)) {
    const patchValue = patch[key];
    let field = key;
    let deleteList = false;
    if (key.startsWith(DELETE_FROM_PRIMITIVE_LIST_PREFIX)) {
      field = directiveTarget(key, DELETE_FROM_PRIMITIVE_LIST_PREFIX, ERR_BAD_PATCH_FORMAT_FOR_PRIMITIVE_LIST);
      deleteList = true;
    }
    if (patchValue === null) {
      delete original[field];
      continue;
    }
    const current = original[field];
    if (!hasOwn(original, field) || kindOf(current) !== kindOf(patchValue)) {
      if (!deleteList) takePatchValue(original, field, patchValue);
      continue;
    }
    const meta = fieldMeta(type, field);
    const strategy = strategyOf(meta);
    if (isPlainObject(current)) {
      if (strategy === 'replace') takePatchValue(original, field, patchValue);
      else original[field] = mergeMap(current, patchValue as JsonObject, meta?.type);
    } else if (Array.isArray(current)) {
      original[field] = mergeListField(current, patchValue as unknown[], meta, strategy, deleteList).list;
    } else {
      takePatchValue(original, field, patchValue);
    }
  }
  return original;
}

/** `$retainKeys`: keys of `original` not listed are cleared; every key the patch sets must be listed. */
function applyRetainKeys(original: JsonObject, patch: JsonObject): void {
  if (!hasOwn(patch, RETAIN_KEYS_DIRECTIVE)) return;
  const retain = patch[RETAIN_KEYS_DIRECTIVE];
  delete patch[RETAIN_KEYS_DIRECTIVE];
  if (!Array.isArray(retain)) throw smpError(ERR_BAD_PATCH_FORMAT_FOR_RETAIN_KEYS);
  for (const [key, value] of Object.entries(patch)) {
    if (value === null || key.startsWith(DELETE_FROM_PRIMITIVE_LIST_PREFIX) || key.startsWith(SET_ELEMENT_ORDER_PREFIX)) continue;
    if (!retain.includes(key)) throw smpError(ERR_BAD_PATCH_FORMAT_FOR_RETAIN_KEYS);
  }
  for (const key of Object.keys(original)) if (!retain.includes(key)) delete original[key];
}

/**
 * `$setElementOrder/<list>`: merges the list (if patched) and orders the result: items named in the
 * order list first-class in that order, items only the server has interleaved by their live order.
 */
function mergeOrderedLists(original: JsonObject, patch: JsonObject, type: string | undefined): void {
  for (const key of Object.keys(patch)) {
    if (!key.startsWith(SET_ELEMENT_ORDER_PREFIX)) continue;
    const order = patch[key];
    delete patch[key];
    if (!Array.isArray(order)) throw errBadArgType('[]interface {}', order);
    const field = directiveTarget(key, SET_ELEMENT_ORDER_PREFIX, ERR_BAD_PATCH_FORMAT_FOR_SET_ELEMENT_ORDER_LIST);
    const inOriginal = hasOwn(original, field);
    const inPatch = hasOwn(patch, field);
    const originalList = original[field];
    const patchList = patch[field];
    if (inOriginal && !Array.isArray(originalList)) throw errBadArgType('[]interface {}', originalList);
    if (inPatch && !Array.isArray(patchList)) throw errBadArgType('[]interface {}', patchList);
    const live = (originalList ?? []) as unknown[];
    const patched = (patchList ?? []) as unknown[];
    const meta = fieldMeta(type, field);
    const mergeKey = meta?.mergeKey ?? '';
    checkSetElementOrder(patched, order, mergeKey);

    let merged: unknown[];
    let serverOrder = live;
    if (inOriginal && inPatch) ({ list: merged, liveAfter: serverOrder } = mergeListField(live, patched, meta, strategyOf(meta), false));
    else if (inOriginal) merged = live;
    else if (inPatch) merged = cleanPatchValue(patched) as unknown[];
    else continue;
    delete patch[field];
    if (merged.length === 0) {
      original[field] = merged;
      continue;
    }
    const kind = itemKind(live, patched);
    const [named, serverOnly] = mergeKey ? partition(merged, order, mergeKey, 'map') : partition(merged, order, '', 'scalar');
    original[field] = normalizeElementOrder(named, serverOnly, order, serverOrder, mergeKey, kind);
  }
}

/** A merged list, and the live list as Kubernetes reads it afterwards (see LiveSlice). */
interface ListMerge {
  list: unknown[];
  liveAfter: unknown[];
}

/** Merges a patched list field: by key/value for merge lists and deletion lists, else replaced. */
function mergeListField(current: unknown[], patchList: unknown[], meta: FieldMeta | undefined, strategy: Strategy, deleteList: boolean): ListMerge {
  if (strategy === 'merge' || deleteList) return mergeList(current, patchList, meta?.type, meta?.mergeKey ?? '', deleteList);
  return { list: cleanPatchValue(patchList) as unknown[], liveAfter: current };
}

/**
 * The live list while it is merged, updated in place as Kubernetes' Go code updates its slice:
 * a deletion shifts later items down, an append fills the slot freed at the end. The caller that
 * orders the result by `$setElementOrder` reads the live list's original slots afterwards, so this
 * decides where items only the server has end up.
 */
class LiveSlice {
  private readonly slots: unknown[];
  private length: number;
  private grown: unknown[] | undefined;

  constructor(items: unknown[]) {
    this.slots = [...items];
    this.length = items.length;
  }

  items(): unknown[] {
    return this.grown ?? this.slots.slice(0, this.length);
  }

  remove(index: number): void {
    for (let i = index; i < this.length - 1; i++) this.slots[i] = this.slots[i + 1];
    this.length--;
  }

  set(index: number, item: unknown): void {
    if (this.grown) this.grown[index] = item;
    else this.slots[index] = item;
  }

  push(item: unknown): void {
    if (this.grown) this.grown.push(item);
    else if (this.length < this.slots.length) this.slots[this.length++] = item;
    else this.grown = [...this.slots.slice(0, this.length), item];
  }

  /** The original slots as they read now. */
  original(): unknown[] {
    return this.slots;
  }
}

function mergeList(original: unknown[], patch: unknown[], itemType: string | undefined, mergeKey: string, deleteList: boolean): ListMerge {
  if (original.length === 0 && patch.length === 0) return { list: original, liveAfter: original };
  const kind = itemKind(original, patch);
  if (kind === 'scalar') {
    if (deleteList) return { list: original.filter((item) => !patch.includes(item)), liveAfter: original };
    const merged = [...new Set([...original, ...patch])];
    const [patched, serverOnly] = partition(merged, patch, '', kind);
    return { list: normalizeElementOrder(patched, serverOnly, patch, original, '', kind), liveAfter: original };
  }
  if (!mergeKey) throw smpError(`cannot merge lists without merge key for ${itemType ?? 'an untyped list'}`);
  const live = new LiveSlice(original);
  const { items, replaced } = applyItemDirectives(live, patch, mergeKey);
  let base: unknown[];
  let merged: unknown[];
  if (replaced) {
    base = replaced;
    merged = replaced;
  } else {
    base = live.items();
    mergeItems(live, items, mergeKey, itemType);
    merged = live.items();
  }
  const [patched, serverOnly] = partition(merged, items, mergeKey, kind);
  return { list: normalizeElementOrder(patched, serverOnly, items, base, mergeKey, kind), liveAfter: live.original() };
}

/**
 * List items carrying `$patch`: `delete` removes every live item with that key, `replace` makes the
 * other patch items the whole list (returned as `replaced`). Returns the plain patch items.
 */
function applyItemDirectives(live: LiveSlice, patch: unknown[], mergeKey: string): { items: unknown[]; replaced?: unknown[] } {
  const plain: unknown[] = [];
  let replace = false;
  for (const item of patch as JsonObject[]) {
    if (!hasOwn(item, PATCH_DIRECTIVE)) {
      plain.push(item);
      continue;
    }
    const directive = item[PATCH_DIRECTIVE];
    if (directive === 'delete') {
      if (!hasOwn(item, mergeKey)) throw errNoMergeKey(item, mergeKey);
      for (let at = findByKey(live.items(), mergeKey, item[mergeKey]); at >= 0; at = findByKey(live.items(), mergeKey, item[mergeKey])) live.remove(at);
    } else if (directive === 'replace') {
      replace = true;
    } else if (directive === 'merge') {
      throw smpError('merging lists cannot yet be specified in the patch');
    } else {
      throw errBadPatchType(directive, item);
    }
  }
  if (replace) return { items: [], replaced: cleanPatchValue(plain) as unknown[] };
  return { items: plain };
}

/** Patch items merged into the live item with the same key, or appended. */
function mergeItems(live: LiveSlice, items: unknown[], mergeKey: string, itemType: string | undefined): void {
  for (const item of items as JsonObject[]) {
    if (!hasOwn(item, mergeKey)) throw errNoMergeKey(item, mergeKey);
    const at = findByKey(live.items(), mergeKey, item[mergeKey]);
    if (at >= 0) {
      live.set(at, mergeMap(live.items()[at] as JsonObject, item, itemType));
    } else {
      const cleaned = cleanPatchValue(item);
      if (cleaned !== undefined) live.push(cleaned);
    }
  }
}
