/** `metadata.managedFields`: decoding, manager identity, the fields no manager owns, and encoding in Kubernetes' order. */
import { isPlainObject, type JsonObject } from './deep.js';
import { difference, emptySet, fieldToken, fromFieldsV1, insert, isEmpty, toFieldsV1, type FieldSet } from './field-set.js';

/** One manager's entry, with its fields decoded. */
export interface ManagerEntry {
  manager: string;
  operation: string;
  apiVersion: string;
  time?: string;
  subresource?: string;
  fields: FieldSet;
}

/** `2026-01-02T03:04:05Z`: managedFields times have second precision. */
export function formatTime(now: Date): string {
  return now.toISOString().replace(/\.\d+Z$/, 'Z');
}

/** The entries of an object's managedFields (entries in another format than FieldsV1 are dropped). */
export function decodeManagedFields(object: unknown): ManagerEntry[] {
  const metadata = isPlainObject(object) && isPlainObject(object.metadata) ? object.metadata : undefined;
  const raw = metadata?.managedFields;
  if (!Array.isArray(raw)) return [];
  const entries: ManagerEntry[] = [];
  for (const item of raw) {
    if (!isPlainObject(item) || (item.fieldsType !== undefined && item.fieldsType !== 'FieldsV1')) continue;
    const entry: ManagerEntry = {
      manager: typeof item.manager === 'string' ? item.manager : '',
      operation: typeof item.operation === 'string' ? item.operation : '',
      apiVersion: typeof item.apiVersion === 'string' ? item.apiVersion : '',
      fields: fromFieldsV1(item.fieldsV1),
    };
    if (typeof item.time === 'string') entry.time = item.time;
    if (typeof item.subresource === 'string' && item.subresource !== '') entry.subresource = item.subresource;
    entries.push(entry);
  }
  return entries;
}

/** Whether two entries are the same manager: name, operation and subresource, and for updates the API version. */
export function sameManager(a: Omit<ManagerEntry, 'fields'>, b: Omit<ManagerEntry, 'fields'>): boolean {
  return (
    a.manager === b.manager &&
    a.operation === b.operation &&
    (a.subresource ?? '') === (b.subresource ?? '') &&
    (a.operation === 'Apply' || a.apiVersion === b.apiVersion)
  );
}

/** A manager as conflict messages name it: `"kubectl"`, or `"kubectl-client-side-apply" using apps/v1`. */
export function managerLabel(entry: Omit<ManagerEntry, 'fields'>): string {
  let label = JSON.stringify(entry.manager);
  if (entry.subresource) label += ` with subresource ${JSON.stringify(entry.subresource)}`;
  if (entry.operation === 'Update') label += ` using ${entry.apiVersion}`;
  return label;
}

/** The identity string Kubernetes sorts managers by in conflict messages. */
export function managerIdentity(entry: Omit<ManagerEntry, 'fields'>): string {
  const id: Record<string, string> = { manager: entry.manager, operation: entry.operation };
  if (entry.operation !== 'Apply') id.apiVersion = entry.apiVersion;
  if (entry.subresource) id.subresource = entry.subresource;
  return JSON.stringify(id);
}

/** Fields the API server owns itself, never recorded for a manager. */
const SYSTEM_FIELDS: readonly (readonly string[])[] = [
  ['apiVersion'],
  ['kind'],
  ['metadata'],
  ['metadata', 'name'],
  ['metadata', 'namespace'],
  ['metadata', 'creationTimestamp'],
  ['metadata', 'selfLink'],
  ['metadata', 'uid'],
  ['metadata', 'clusterName'],
  ['metadata', 'generation'],
  ['metadata', 'managedFields'],
  ['metadata', 'resourceVersion'],
];

const systemFields: FieldSet = (() => {
  const set = emptySet();
  for (const path of SYSTEM_FIELDS) insert(set, path.map(fieldToken));
  return set;
})();

/** `set` without the fields the API server owns. */
export function withoutSystemFields(set: FieldSet): FieldSet {
  return difference(set, systemFields);
}

/** Entries sorted as Kubernetes stores them: by operation, then time (seconds), manager, API version, subresource. */
function sortEntries(entries: ManagerEntry[]): ManagerEntry[] {
  const seconds = (entry: ManagerEntry): number => (entry.time ? Math.floor(Date.parse(entry.time) / 1000) || 0 : 0);
  const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  return [...entries].sort(
    (a, b) =>
      cmp(a.operation, b.operation) ||
      seconds(a) - seconds(b) ||
      cmp(a.manager, b.manager) ||
      cmp(a.apiVersion, b.apiVersion) ||
      cmp(a.subresource ?? '', b.subresource ?? ''),
  );
}

/** Writes `entries` (those owning something) into `object.metadata.managedFields`, or removes the field if none. */
export function writeManagedFields(object: JsonObject, entries: ManagerEntry[]): void {
  const metadata = isPlainObject(object.metadata) ? object.metadata : (object.metadata = {});
  const kept = sortEntries(entries.filter((entry) => !isEmpty(entry.fields)));
  if (kept.length === 0) {
    delete metadata.managedFields;
    return;
  }
  metadata.managedFields = kept.map((entry) => {
    const out: JsonObject = { manager: entry.manager, operation: entry.operation, apiVersion: entry.apiVersion };
    if (entry.time) out.time = entry.time;
    out.fieldsType = 'FieldsV1';
    out.fieldsV1 = toFieldsV1(entry.fields);
    if (entry.subresource) out.subresource = entry.subresource;
    return out;
  });
}
