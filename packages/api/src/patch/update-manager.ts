/** Records in managedFields the fields a create, update or patch changed, under an `Update` entry for its manager. */
import { deepClone, deepEqual, isPlainObject, type JsonObject } from './deep.js';
import { difference, isEmpty, union } from './field-set.js';
import { decodeManagedFields, formatTime, sameManager, withoutSystemFields, writeManagedFields, type ManagerEntry } from './managed-fields.js';
import { rootTypeOf, type GroupVersionKind } from './merge-keys.js';
import { compareObjects } from './typed-fields.js';

/** Options of one recorded write. */
export interface UpdateManagerOptions {
  /** `status` (or another subresource) when the write went through one. */
  subresource?: string;
}

function groupVersion(gvk: GroupVersionKind): string {
  return gvk.group ? `${gvk.group}/${gvk.version}` : gvk.version;
}

function withoutManagedFields(object: unknown): unknown {
  if (!isPlainObject(object)) return object;
  const copy = deepClone(object);
  if (isPlainObject(copy.metadata)) delete copy.metadata.managedFields;
  return copy;
}

/**
 * Returns `updated` with its managedFields brought up to date for a non-apply write by `manager`
 * (`old` undefined for a create): the fields the write added or changed are owned by the manager's
 * `Update` entry (and taken from every other manager, as an update always wins); fields it removed are
 * owned by no one any more. The entry's time is set only when the write changed something.
 *
 * The managedFields of `updated` are used when the client sent some that differ from `old`'s;
 * otherwise `old`'s. When `updated` carries a new or changed `Apply` entry for `manager` (it is the
 * result of applyServerSideApply for this very write), it is returned unchanged: an apply records its
 * own ownership.
 */
export function recordUpdateManager(
  old: unknown,
  updated: unknown,
  gvk: GroupVersionKind,
  manager: string,
  now: Date,
  opts: UpdateManagerOptions = {},
): unknown {
  if (!isPlainObject(updated)) return updated;
  const time = formatTime(now);
  const oldManaged = isPlainObject(old) && isPlainObject(old.metadata) ? old.metadata.managedFields : undefined;
  const newManaged = isPlainObject(updated.metadata) ? updated.metadata.managedFields : undefined;
  const applyEntry = (managed: unknown): unknown =>
    Array.isArray(managed) ? managed.find((entry) => isPlainObject(entry) && entry.manager === manager && entry.operation === 'Apply') : undefined;
  const justApplied = applyEntry(newManaged);
  if (justApplied !== undefined && !deepEqual(justApplied, applyEntry(oldManaged))) return updated;
  const sent = decodeManagedFields(updated);
  const previous = decodeManagedFields(old);
  const clientSent = Array.isArray(newManaged) && newManaged.length > 0 && !deepEqual(newManaged, oldManaged);
  const entries: ManagerEntry[] = clientSent ? sent : previous;

  const rootType = rootTypeOf(gvk);
  const comparison = compareObjects(withoutManagedFields(old) ?? {}, withoutManagedFields(updated), rootType);
  const changed = withoutSystemFields(union(comparison.added, comparison.modified));
  const removed = comparison.removed;

  const apiVersion = groupVersion(gvk);
  const writer = { manager, operation: 'Update', apiVersion, ...(opts.subresource ? { subresource: opts.subresource } : {}) };
  let mine = entries.find((entry) => sameManager(entry, writer));
  const result: ManagerEntry[] = [];
  for (const entry of entries) {
    if (entry === mine) continue;
    result.push({ ...entry, fields: difference(difference(entry.fields, changed), removed) });
  }
  if (!isEmpty(changed)) {
    mine = { ...writer, time, fields: union(mine ? difference(mine.fields, removed) : changed, changed) };
  } else if (mine) {
    mine = { ...mine, fields: difference(mine.fields, removed) };
  }
  if (mine) result.push(mine);

  const out = deepClone(updated) as JsonObject;
  writeManagedFields(out, result);
  return out;
}
