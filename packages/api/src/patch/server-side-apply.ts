/** Server-side apply (`application/apply-patch+yaml`): merge, field ownership, conflicts between managers. */
import { badRequest, StatusError } from '../errors/status-error.js';
import { deepClone, deepEqual, isPlainObject, type JsonObject } from './deep.js';
import { difference, emptySet, has, hasAtOrBelow, isEmpty, members, nodeAt, pathString, union, type FieldSet, type PathToken } from './field-set.js';
import {
  decodeManagedFields,
  formatTime,
  managerIdentity,
  managerLabel,
  sameManager,
  withoutSystemFields,
  writeManagedFields,
  type ManagerEntry,
} from './managed-fields.js';
import { rootTypeOf, type GroupVersionKind } from './merge-keys.js';
import { mergeApplied } from './structured-merge.js';
import { appliedFieldSet, fieldSetOf, removeAt, valueAt } from './typed-fields.js';

/** Options of one apply request. */
export interface ApplyOptions {
  /** The `fieldManager` query parameter (required for apply). */
  fieldManager: string;
  /** `force=true`: take ownership of conflicting fields instead of failing. */
  force: boolean;
  /** Time recorded in the manager's entry. */
  now: Date;
}

/** The manager that owns a live object's fields when it is first applied to without any managedFields. */
export const BEFORE_FIRST_APPLY_MANAGER = 'before-first-apply';

function groupVersion(gvk: GroupVersionKind): string {
  return gvk.group ? `${gvk.group}/${gvk.version}` : gvk.version;
}

/** `default/web; apps/v1, Kind=Deployment`: how Kubernetes names an object in apply errors. */
function describe(object: JsonObject, gvk: GroupVersionKind): string {
  const metadata = isPlainObject(object.metadata) ? object.metadata : {};
  return `${String(metadata.namespace ?? '')}/${String(metadata.name ?? '')}; ${groupVersion(gvk)}, Kind=${gvk.kind}`;
}

function withoutManagedFields(object: JsonObject): JsonObject {
  const copy = deepClone(object);
  if (isPlainObject(copy.metadata)) delete copy.metadata.managedFields;
  return copy;
}

/** One field another manager owns with a different value. */
interface Conflict {
  entry: ManagerEntry;
  path: PathToken[];
}

/**
 * Applies a configuration for `opts.fieldManager` and returns the resulting object, with its
 * `metadata.managedFields` updated; `live` undefined creates the object. The configuration is merged
 * into the live object (maps key by key, keyed lists item by item; unmentioned fields stay); fields
 * this manager applied before and no longer applies are removed unless another manager owns them.
 * Fields owned by another manager that would get a different value are conflicts: 409 Conflict
 * unless `opts.force`, which moves their ownership to this manager.
 */
export function applyServerSideApply(live: unknown, applied: unknown, gvk: GroupVersionKind, opts: ApplyOptions): unknown {
  if (!isPlainObject(applied)) throw badRequest('error decoding YAML: the apply configuration must be an object');
  const expected = groupVersion(gvk);
  if (applied.apiVersion !== expected) {
    throw badRequest(`Incorrect version specified in apply patch. Specified patch version: ${String(applied.apiVersion ?? '')}, expected: ${expected}`);
  }
  if (isPlainObject(applied.metadata) && applied.metadata.managedFields !== undefined && applied.metadata.managedFields !== null) {
    throw badRequest('metadata.managedFields must be nil');
  }
  const rootType = rootTypeOf(gvk);
  const time = formatTime(opts.now);
  const liveObject = isPlainObject(live) ? withoutManagedFields(live) : undefined;
  const entries = isPlainObject(live) ? decodeManagedFields(live) : [];
  if (liveObject && entries.length === 0) {
    // An object written before managedFields existed: someone unknown owns all of it.
    const owned = withoutSystemFields(fieldSetOf(liveObject, rootType));
    entries.push({ manager: BEFORE_FIRST_APPLY_MANAGER, operation: 'Update', apiVersion: expected, time, fields: owned });
  }

  const applying = { manager: opts.fieldManager, operation: 'Apply', apiVersion: expected };
  const previous = entries.find((entry) => sameManager(entry, applying));
  const others = entries.filter((entry) => entry !== previous);
  const applySet = withoutSystemFields(appliedFieldSet(applied, rootType, describe(applied, gvk)));

  const merged = mergeApplied(liveObject ?? {}, applied, rootType ? { type: rootType } : undefined) as JsonObject;
  merged.apiVersion = expected;
  merged.kind = gvk.kind;
  if (previous) prune(merged, previous.fields, applySet, others, rootType);

  const conflicts = findConflicts(liveObject ?? {}, merged, applySet, others, rootType);
  if (conflicts.length > 0 && !opts.force) throw conflictError(conflicts);
  for (const { entry, path } of conflicts) {
    const node = nodeAt(entry.fields, path);
    if (node) node.member = false;
  }

  const changed = !liveObject || !deepEqual(liveObject, merged);
  const entry: ManagerEntry = { ...applying, fields: applySet };
  const keptTime = previous?.time;
  entry.time = changed || !keptTime ? time : keptTime;
  writeManagedFields(merged, [...others, entry]);
  return merged;
}

/** Removes what this manager applied last time and applies no more, unless another manager owns it. */
function prune(merged: JsonObject, lastSet: FieldSet, applySet: FieldSet, others: ManagerEntry[], rootType: string | undefined): void {
  let ownedByOthers = emptySet();
  for (const other of others) ownedByOthers = union(ownedByOthers, other.fields);
  const dropped = members(difference(lastSet, applySet)).filter((path) => !hasAtOrBelow(ownedByOthers, path) && !hasAtOrBelow(applySet, path));
  // Shallowest first: a dropped item goes whole, with the fields no one else owns.
  dropped.sort((a, b) => a.length - b.length);
  for (const path of dropped) removeAt(merged, path, rootType);
}

/**
 * Fields the configuration sets that another manager owns and that change value. A list item (a
 * member with fields of its own) conflicts only when it is new; its fields are compared one by one.
 */
function findConflicts(live: JsonObject, merged: JsonObject, applySet: FieldSet, others: ManagerEntry[], rootType: string | undefined): Conflict[] {
  const conflicts: Conflict[] = [];
  const sorted = [...others].sort((a, b) => (managerIdentity(a) < managerIdentity(b) ? -1 : managerIdentity(a) > managerIdentity(b) ? 1 : 0));
  for (const entry of sorted) {
    for (const path of members(applySet)) {
      if (!has(entry.fields, path)) continue;
      const before = valueAt(live, path, rootType);
      const node = nodeAt(applySet, path);
      const hasChildren = node !== undefined && [...node.children.values()].some((child) => !isEmpty(child));
      const changed = !before.found || (!hasChildren && !deepEqual(before.value, valueAt(merged, path, rootType).value));
      if (changed) conflicts.push({ entry, path });
    }
  }
  return conflicts;
}

/** The 409 Kubernetes returns for apply conflicts, message and causes worded as it words them. */
function conflictError(conflicts: Conflict[]): StatusError {
  const causes = conflicts.map(({ entry, path }) => ({
    reason: 'FieldManagerConflict',
    message: `conflict with ${managerLabel(entry)}`,
    field: pathString(path),
  }));
  let message: string;
  if (conflicts.length === 1) {
    const only = conflicts[0]!;
    message = `Apply failed with 1 conflict: conflict with ${managerLabel(only.entry)}: ${pathString(only.path)}`;
  } else {
    const lines: string[] = [];
    let current: ManagerEntry | undefined;
    for (const { entry, path } of conflicts) {
      if (entry !== current) {
        lines.push(`conflicts with ${managerLabel(entry)}:`);
        current = entry;
      }
      lines.push(`- ${pathString(path)}`);
    }
    message = `Apply failed with ${conflicts.length} conflicts: ${lines.join('\n')}`;
  }
  return new StatusError('Conflict', message, { causes });
}
