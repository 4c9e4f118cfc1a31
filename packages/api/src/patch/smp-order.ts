/** Item order of merged lists in a strategic merge patch: $setElementOrder first, then patch order, then live order. */
import { isPlainObject } from './deep.js';
import {
  errBadArgType,
  errNoListOfLists,
  errNoMergeKey,
  goString,
  PATCH_DIRECTIVE,
  SET_ELEMENT_ORDER_PREFIX,
  smpError,
} from './smp-values.js';

/** Whether a list holds objects (merged by key) or scalars (merged by value). */
export type ItemKind = 'map' | 'scalar';

function goKind(value: unknown): string {
  if (value === null) return 'nil';
  if (Array.isArray(value)) return 'slice';
  if (isPlainObject(value)) return 'map';
  return typeof value;
}

/** The common kind of the items of some lists; lists of lists and mixed lists are errors, as in Kubernetes. */
export function itemKind(...lists: readonly unknown[][]): ItemKind {
  let kind: string | undefined;
  for (const list of lists) {
    for (const item of list) {
      const k = goKind(item);
      if (k === 'slice') throw errNoListOfLists();
      if (kind === undefined) kind = k;
      else if (kind !== k) throw smpError(`list element types are not identical: ${goString(lists)}`);
    }
  }
  if (kind === undefined) throw smpError('no elements in any of the given slices');
  return kind === 'map' ? 'map' : 'scalar';
}

/** The identity of an item: its merge key value for objects, the item itself for scalars. */
function identity(item: unknown, mergeKey: string, kind: ItemKind): unknown {
  if (kind === 'scalar') return item;
  return isPlainObject(item) ? item[mergeKey] : undefined;
}

function indexIn(list: readonly unknown[], item: unknown, mergeKey: string, kind: ItemKind): number {
  const id = identity(item, mergeKey, kind);
  return list.findIndex((other) => identity(other, mergeKey, kind) === id);
}

/** Position of the object whose `key` equals `value`, or -1. Every item must be an object. */
export function findByKey(list: readonly unknown[], key: string, value: unknown): number {
  for (let i = 0; i < list.length; i++) {
    const item = list[i];
    if (!isPlainObject(item)) throw smpError(`value for key ${i} is not a map`);
    if (Object.prototype.hasOwnProperty.call(item, key) && item[key] === value) return i;
  }
  return -1;
}

function requireMergeKey(list: readonly unknown[], mergeKey: string): void {
  for (const item of list) {
    if (!isPlainObject(item)) throw errBadArgType('map[string]interface {}', item);
    if (!Object.prototype.hasOwnProperty.call(item, mergeKey)) throw errNoMergeKey(item, mergeKey);
  }
}

/** Splits `items` into those present in `by` (by identity) and the rest, each in `items` order. */
export function partition(items: readonly unknown[], by: readonly unknown[], mergeKey: string, kind: ItemKind): [unknown[], unknown[]] {
  const inList: unknown[] = [];
  const rest: unknown[] = [];
  for (const item of items) {
    let found: boolean;
    if (kind === 'map') {
      requireMergeKey([item], mergeKey);
      found = findByKey(by, mergeKey, (item as Record<string, unknown>)[mergeKey]) >= 0;
    } else {
      found = by.includes(item);
    }
    (found ? inList : rest).push(item);
  }
  return [inList, rest];
}

/** `toSort` ordered as its items appear in `order` (stable); `$patch: delete` items go last. */
function sortByOrder(toSort: unknown[], order: readonly unknown[], mergeKey: string, kind: ItemKind): unknown[] {
  let deletions: unknown[] = [];
  let items = toSort;
  if (kind === 'map') {
    requireMergeKey(toSort, mergeKey);
    requireMergeKey(order, mergeKey);
    deletions = toSort.filter((item) => (item as Record<string, unknown>)[PATCH_DIRECTIVE] === 'delete');
    items = toSort.filter((item) => (item as Record<string, unknown>)[PATCH_DIRECTIVE] !== 'delete');
  }
  const ranked = items.map((item, position) => {
    const at = indexIn(order, item, mergeKey, kind);
    return { item, rank: at >= 0 ? at : Number.MAX_SAFE_INTEGER, position };
  });
  ranked.sort((a, b) => a.rank - b.rank || a.position - b.position);
  return [...ranked.map((r) => r.item), ...deletions];
}

/**
 * Interleaves server-only items (`left`) into patch items (`right`): a server-only item goes before a
 * patch item only when both are in `serverOrder` and it comes first there. Relative order within each
 * side is kept.
 */
function mergeSorted(left: unknown[], right: unknown[], serverOrder: readonly unknown[], mergeKey: string, kind: ItemKind): unknown[] {
  const out: unknown[] = [];
  let i = 0;
  let j = 0;
  while (i < left.length && j < right.length) {
    const li = indexIn(serverOrder, left[i], mergeKey, kind);
    const ri = indexIn(serverOrder, right[j], mergeKey, kind);
    if (li >= 0 && ri >= 0 && li < ri) out.push(left[i++]);
    else out.push(right[j++]);
  }
  return [...out, ...left.slice(i), ...right.slice(j)];
}

/** Patch items in `patchOrder`, server-only items in `serverOrder`, interleaved by `serverOrder`. */
export function normalizeElementOrder(
  patchItems: unknown[],
  serverOnly: unknown[],
  patchOrder: readonly unknown[],
  serverOrder: readonly unknown[],
  mergeKey: string,
  kind: ItemKind,
): unknown[] {
  const patchSorted = sortByOrder(patchItems, patchOrder, mergeKey, kind);
  const serverSorted = sortByOrder(serverOnly, serverOrder, mergeKey, kind);
  return mergeSorted(serverSorted, patchSorted, serverOrder, mergeKey, kind);
}

/**
 * Checks that the items of a patch list (deletions and directive items aside) appear in the
 * `$setElementOrder` list, in the same relative order.
 */
export function checkSetElementOrder(patchList: readonly unknown[], order: readonly unknown[], mergeKey: string): void {
  if (order.length === 0 || patchList.length === 0) return;
  let items = patchList;
  if (mergeKey) {
    for (const item of patchList) if (!isPlainObject(item)) throw errBadArgType('map[string]interface {}', item);
    items = patchList.filter((item) => (item as Record<string, unknown>)[PATCH_DIRECTIVE] !== 'delete');
  }
  let p = 0;
  let o = 0;
  while (p < items.length && o < order.length) {
    const item = items[p];
    if (isPlainObject(item) && PATCH_DIRECTIVE in item) {
      p++;
      continue;
    }
    if (sameIdentity(item, order[o], mergeKey)) p++;
    o++;
  }
  if (p < items.length) {
    throw smpError(`the order in patch list:\n${goString(patchList)}\n doesn't match ${SET_ELEMENT_ORDER_PREFIX} list:\n${goString(order)}`);
  }
}

function sameIdentity(left: unknown, right: unknown, mergeKey: string): boolean {
  if (!mergeKey) return left === right;
  if (!isPlainObject(left)) throw errBadArgType('map[string]interface {}', left);
  if (!isPlainObject(right)) throw errBadArgType('map[string]interface {}', right);
  if (!(mergeKey in left)) throw errNoMergeKey(left, mergeKey);
  if (!(mergeKey in right)) throw errNoMergeKey(right, mergeKey);
  return left[mergeKey] === right[mergeKey];
}
