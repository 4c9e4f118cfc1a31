/** mergeStatusPatch: the strategic merge patch the kubelet sends to pods/status, turning the old status into the new one. */
import { deepEqual, isPlainObject } from '@skiff/api';
import type { PodStatus } from 'kubernetes-types/core/v1.js';

type Json = Record<string, unknown>;

/** PodStatus lists that merge by a key (patchStrategy merge); every other list is replaced whole. */
const MERGE_KEYS: Readonly<Record<string, string>> = { conditions: 'type', podIPs: 'ip', hostIPs: 'ip' };

export interface StatusPatch {
  /** The pod's uid, a precondition: the patch fails on a pod recreated under the same name. */
  metadata?: { uid: string };
  status: Json;
}

/** The difference of two maps: changed and new fields, `null` for removed ones (lists under `mergeKeys` merge by key). */
function diffMap(before: Json, after: Json, mergeKeys: Readonly<Record<string, string>>): Json {
  const patch: Json = {};
  for (const [field, value] of Object.entries(after)) {
    if (value === undefined) continue;
    const old = before[field];
    if (old === undefined || old === null) {
      if (value !== null) patch[field] = value;
      continue;
    }
    if (deepEqual(old, value)) continue;
    const key = mergeKeys[field];
    if (key !== undefined && Array.isArray(old) && Array.isArray(value)) {
      Object.assign(patch, diffMergeList(field, key, old as Json[], value as Json[]));
    } else if (isPlainObject(old) && isPlainObject(value)) {
      const nested = diffMap(old as Json, value as Json, {});
      if (Object.keys(nested).length > 0) patch[field] = nested;
    } else {
      patch[field] = value;
    }
  }
  for (const [field, old] of Object.entries(before)) {
    if (old !== undefined && old !== null && after[field] === undefined) patch[field] = null;
  }
  return patch;
}

/** A merged list's patch: changed items (key plus changed fields), deletions, and `$setElementOrder` with the new order. */
function diffMergeList(field: string, key: string, before: Json[], after: Json[]): Json {
  const items: Json[] = [];
  for (const item of after) {
    const old = before.find((o) => o[key] === item[key]);
    if (old === undefined) items.push(item);
    else if (!deepEqual(old, item)) items.push({ ...diffMap(old, item, {}), [key]: item[key] });
  }
  for (const old of before) {
    if (!after.some((item) => item[key] === old[key])) items.push({ $patch: 'delete', [key]: old[key] });
  }
  const patch: Json = { [`$setElementOrder/${field}`]: after.map((item) => ({ [key]: item[key] })) };
  if (items.length > 0) patch[field] = items;
  return patch;
}

/**
 * The pods/status strategic merge patch from `oldStatus` to `newStatus`: conditions and IPs merge by key (with
 * `$setElementOrder` keeping the new order), container statuses and other lists are replaced whole, removed fields
 * become null. `uid` adds the metadata.uid precondition the kubelet sends. An empty `status` means nothing changed.
 */
export function mergeStatusPatch(oldStatus: PodStatus | undefined, newStatus: PodStatus, uid?: string): StatusPatch {
  const before = JSON.parse(JSON.stringify(oldStatus ?? {})) as Json;
  const after = JSON.parse(JSON.stringify(newStatus)) as Json;
  const status = diffMap(before, after, MERGE_KEYS);
  return uid === undefined ? { status } : { metadata: { uid }, status };
}
