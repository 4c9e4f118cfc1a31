/** Merges an applied configuration into a live object the way server-side apply does: maps by key, keyed lists by item. */
import { deepClone, isPlainObject, type JsonObject } from './deep.js';
import { type PathToken } from './field-set.js';
import { fieldMeta, isAtomicType, type FieldMeta } from './merge-keys.js';
import { itemToken } from './typed-fields.js';

function granular(meta: FieldMeta | undefined): boolean {
  return !(meta?.atomic || isAtomicType(meta?.type));
}

/** The applied value as it will be stored: null members dropped. */
function stored(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stored);
  if (isPlainObject(value)) {
    const out: JsonObject = {};
    for (const [key, item] of Object.entries(value)) if (item !== null) out[key] = stored(item);
    return out;
  }
  return deepClone(value);
}

/**
 * The live value with the applied one merged in. Fields the applied value does not mention stay as
 * they are; keyed and set lists merge item by item; scalars, atomic values and other lists are
 * replaced by the applied value. Applied nulls are ignored. Inputs are not modified.
 */
export function mergeApplied(live: unknown, applied: unknown, meta: FieldMeta | undefined): unknown {
  if (applied === null || applied === undefined) return deepClone(live);
  if (isPlainObject(applied) && isPlainObject(live) && granular(meta)) {
    const out = deepClone(live);
    for (const [key, value] of Object.entries(applied)) {
      if (value === null) continue;
      out[key] = mergeApplied(live[key], value, fieldMeta(meta?.type, key));
    }
    return out;
  }
  if (Array.isArray(applied) && Array.isArray(live) && (meta?.listType === 'map' || meta?.listType === 'set')) {
    return mergeItems(live, applied, meta);
  }
  return stored(applied);
}

/**
 * Merges list items by identity. Live items the configuration does not name keep their place; the
 * named items follow the configuration's order, new ones where the configuration puts them.
 */
function mergeItems(live: unknown[], applied: unknown[], meta: FieldMeta): unknown[] {
  const liveTokens = live.map((item, i) => itemToken(item, meta) ?? `live:${i}`);
  const appliedTokens = applied.map((item, i) => itemToken(item, meta) ?? `applied:${i}`);
  const liveByToken = new Map<PathToken, unknown>();
  liveTokens.forEach((token, i) => {
    if (!liveByToken.has(token)) liveByToken.set(token, live[i]);
  });
  const appliedByToken = new Map<PathToken, unknown>();
  appliedTokens.forEach((token, i) => {
    if (!appliedByToken.has(token)) appliedByToken.set(token, applied[i]);
  });
  const shared = appliedTokens.filter((token) => liveByToken.has(token));
  let nextShared = 0;
  const itemMeta: FieldMeta | undefined = meta.listType === 'map' && meta.type ? { type: meta.type } : undefined;
  const mergeOne = (token: PathToken): unknown => {
    const fromLive = liveByToken.get(token);
    const fromApplied = appliedByToken.get(token);
    if (meta.listType === 'map' && isPlainObject(fromLive) && isPlainObject(fromApplied)) return mergeApplied(fromLive, fromApplied, itemMeta);
    return stored(fromApplied);
  };
  const done = new Set<PathToken>();
  const out: unknown[] = [];
  let l = 0;
  let a = 0;
  while (l < live.length || a < applied.length) {
    if (l < live.length && a < applied.length) {
      const token = liveTokens[l]!;
      if (token === appliedTokens[a]) {
        done.add(token);
        out.push(mergeOne(token));
        l++;
        a++;
        if (shared[nextShared] === token) nextShared++;
        continue;
      }
      if (appliedByToken.has(token) && nextShared < shared.length && shared[nextShared] !== token) {
        l++; // a shared item whose turn has not come: it is emitted in the configuration's order
        continue;
      }
    }
    if (l < live.length) {
      const token = liveTokens[l]!;
      if (!appliedByToken.has(token)) {
        out.push(deepClone(live[l]));
        l++;
        continue;
      }
      if (done.has(token)) {
        l++;
        continue;
      }
    }
    if (a < applied.length) {
      const token = appliedTokens[a]!;
      if (!done.has(token)) {
        done.add(token);
        out.push(mergeOne(token));
      }
      a++;
      if (shared[nextShared] === token) nextShared++;
    }
  }
  return out;
}
