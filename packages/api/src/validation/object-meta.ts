/** ObjectMeta validation on create and update: names, namespace scope, labels, annotations, finalizers, owner references. */
import type { ObjectMeta, OwnerReference } from 'kubernetes-types/meta/v1.js';
import type { FieldCause } from '../errors/status-error.js';
import {
  child,
  FIELD_IMMUTABLE,
  forbiddenCause,
  index,
  invalidCause,
  invalidEach,
  nonNegative,
  requiredCause,
  tooLongCause,
} from './field-errors.js';
import { byteLength, isDNS1035Label, isDNS1123Label, isDNS1123Subdomain, isQualifiedName, isValidLabelValue } from './name-format.js';
import { asArray, asRecord, asString, isRecord, semanticEqual } from './values.js';

/** Checks a name; `prefix` is true for a generateName, whose trailing dash is allowed. Returns error strings. */
export type NameValidator = (name: string, prefix: boolean) => string[];

/** Kubernetes' maskTrailingDash: a generateName may end in `-` (its odd two-character cut is Kubernetes' own). */
function maskTrailingDash(name: string): string {
  return name.length > 1 && name.endsWith('-') ? `${name.slice(0, -2)}a` : name;
}

/** Most kinds: a DNS-1123 subdomain (`web.example-1`). */
export const nameIsDNSSubdomain: NameValidator = (name, prefix) => isDNS1123Subdomain(prefix ? maskTrailingDash(name) : name);
/** Namespaces: a DNS-1123 label. */
export const nameIsDNSLabel: NameValidator = (name, prefix) => isDNS1123Label(prefix ? maskTrailingDash(name) : name);
/** Services: a DNS-1035 label (must start with a letter). */
export const nameIsDNS1035Label: NameValidator = (name, prefix) => isDNS1035Label(prefix ? maskTrailingDash(name) : name);

/** Most annotations an object may carry, keys and values together (256 KiB, as Kubernetes). */
export const TOTAL_ANNOTATION_SIZE_LIMIT_BYTES = 256 * 1024;

/** Finalizers without a `/` that Kubernetes knows. */
const STANDARD_FINALIZERS = new Set(['kubernetes', 'orphan', 'foregroundDeletion']);

export interface ObjectMetaOptions {
  /** Whether the kind lives in a namespace (namespace required) or not (namespace forbidden). */
  namespaced: boolean;
  /** Name format; defaults to a DNS-1123 subdomain. */
  nameFn?: NameValidator;
  /** Path of the metadata, `metadata` unless validating an embedded object. */
  path?: string;
}

/** Label keys must be qualified names and values label values; all errors are reported at `path`. */
export function validateLabels(labels: unknown, path: string): FieldCause[] {
  const causes: FieldCause[] = [];
  for (const [key, value] of Object.entries(asRecord(labels))) {
    causes.push(...invalidEach(path, key, isQualifiedName(key)));
    const text = asString(value);
    causes.push(...invalidEach(path, text, isValidLabelValue(text)));
  }
  return causes;
}

/** Annotation keys are qualified names (case-insensitive); keys and values together at most 256 KiB. */
export function validateAnnotations(annotations: unknown, path: string): FieldCause[] {
  const causes: FieldCause[] = [];
  let total = 0;
  for (const [key, value] of Object.entries(asRecord(annotations))) {
    causes.push(...invalidEach(path, key, isQualifiedName(key.toLowerCase())));
    total += byteLength(key) + byteLength(asString(value));
  }
  if (total > TOTAL_ANNOTATION_SIZE_LIMIT_BYTES) causes.push(tooLongCause(path, TOTAL_ANNOTATION_SIZE_LIMIT_BYTES));
  return causes;
}

/** One finalizer name: a qualified name, and with no `/` one of Kubernetes' standard finalizers. */
export function validateFinalizerName(name: string, path: string, indexedPath = path): FieldCause[] {
  const causes = invalidEach(path, name, isQualifiedName(name));
  if (!name.includes('/') && !STANDARD_FINALIZERS.has(name)) {
    causes.push(invalidCause(indexedPath, name, 'name is neither a standard finalizer name nor is it fully qualified'));
  }
  return causes;
}

export function validateFinalizers(finalizers: unknown, path: string): FieldCause[] {
  const list = asArray<unknown>(finalizers).map(asString);
  const causes = list.flatMap((f, i) => validateFinalizerName(f, path, index(path, i)));
  if (list.includes('orphan') && list.includes('foregroundDeletion')) {
    causes.push(invalidCause(path, list, 'finalizer orphan and foregroundDeletion cannot be both set'));
  }
  return causes;
}

function validateOwnerReferences(refs: unknown, path: string): FieldCause[] {
  const causes: FieldCause[] = [];
  let controller = '';
  for (const raw of asArray<unknown>(refs)) {
    const ref = asRecord(raw) as Partial<OwnerReference>;
    const apiVersion = asString(ref.apiVersion);
    const version = apiVersion.includes('/') ? apiVersion.slice(apiVersion.indexOf('/') + 1) : apiVersion;
    if (!version) causes.push(invalidCause(child(path, 'apiVersion'), apiVersion, 'version must not be empty'));
    if (!ref.kind) causes.push(invalidCause(child(path, 'kind'), asString(ref.kind), 'kind must not be empty'));
    if (!ref.name) causes.push(invalidCause(child(path, 'name'), asString(ref.name), 'name must not be empty'));
    if (!ref.uid) causes.push(invalidCause(child(path, 'uid'), asString(ref.uid), 'uid must not be empty'));
    if (apiVersion === 'v1' && ref.kind === 'Event') causes.push(invalidCause(path, ref, '/v1, Kind=Event is disallowed from being an owner'));
    if (ref.controller === true) {
      const name = `${asString(ref.kind)}/${asString(ref.name)}`;
      if (controller) {
        causes.push(invalidCause(path, refs, `Only one reference can have Controller set to true. Found "true" in references for ${controller} and ${name}`));
      } else {
        controller = name;
      }
    }
  }
  return causes;
}

/**
 * Metadata of a new object. A missing name is accepted when `generateName` is set (the server generates the
 * name); names are checked with `nameFn`; the namespace is required for namespaced kinds and forbidden otherwise.
 */
export function validateObjectMeta(meta: ObjectMeta | unknown, opts: ObjectMetaOptions): FieldCause[] {
  const path = opts.path ?? 'metadata';
  const nameFn = opts.nameFn ?? nameIsDNSSubdomain;
  const m = asRecord(meta) as ObjectMeta;
  const causes: FieldCause[] = [];
  const name = asString(m.name);
  const generateName = asString(m.generateName);
  if (generateName) causes.push(...invalidEach(child(path, 'generateName'), generateName, nameFn(generateName, true)));
  if (!name) {
    if (!generateName) causes.push(requiredCause(child(path, 'name'), 'name or generateName is required'));
  } else {
    causes.push(...invalidEach(child(path, 'name'), name, nameFn(name, false)));
  }
  const namespace = asString(m.namespace);
  if (opts.namespaced) {
    if (!namespace) causes.push(requiredCause(child(path, 'namespace')));
    else causes.push(...invalidEach(child(path, 'namespace'), namespace, nameIsDNSLabel(namespace, false)));
  } else if (namespace) {
    causes.push(forbiddenCause(child(path, 'namespace'), 'not allowed on this type'));
  }
  causes.push(...nonNegative(child(path, 'generation'), m.generation));
  causes.push(...validateCommonMeta(m, path));
  causes.push(...validateFinalizers(m.finalizers, child(path, 'finalizers')));
  return causes;
}

function validateCommonMeta(m: ObjectMeta, path: string): FieldCause[] {
  return [
    ...validateLabels(m.labels, child(path, 'labels')),
    ...validateAnnotations(m.annotations, child(path, 'annotations')),
    ...validateOwnerReferences(m.ownerReferences, child(path, 'ownerReferences')),
  ];
}

/**
 * Metadata of an update. name and namespace may not change; uid and creationTimestamp may not change when the
 * request carries them (a server copies absent ones forward, as Kubernetes does); a deletionTimestamp may not be
 * set through an update; no finalizer may be added once the object is being deleted. resourceVersion and
 * generation are left to the server.
 */
export function validateObjectMetaUpdate(meta: ObjectMeta | unknown, old: ObjectMeta | unknown, path = 'metadata'): FieldCause[] {
  const m = asRecord(meta) as ObjectMeta;
  const o = asRecord(old) as ObjectMeta;
  const causes: FieldCause[] = [];
  if (o.deletionTimestamp) {
    const before = new Set(asArray<string>(o.finalizers));
    const added = [...new Set(asArray<string>(m.finalizers))].filter((f) => !before.has(f)).sort();
    if (added.length) {
      causes.push(forbiddenCause(child(path, 'finalizers'), `no new finalizers can be added if the object is being deleted, found new finalizers []string{${added.map((f) => JSON.stringify(f)).join(', ')}}`));
    }
  }
  if (asString(m.name) !== asString(o.name)) causes.push(invalidCause(child(path, 'name'), asString(m.name), FIELD_IMMUTABLE));
  if (asString(m.namespace) !== asString(o.namespace)) causes.push(invalidCause(child(path, 'namespace'), asString(m.namespace), FIELD_IMMUTABLE));
  if (m.uid && m.uid !== o.uid) causes.push(invalidCause(child(path, 'uid'), m.uid, FIELD_IMMUTABLE));
  if (m.creationTimestamp && o.creationTimestamp && m.creationTimestamp !== o.creationTimestamp) {
    causes.push(invalidCause(child(path, 'creationTimestamp'), m.creationTimestamp, FIELD_IMMUTABLE));
  }
  if (m.deletionTimestamp && !o.deletionTimestamp) {
    causes.push(invalidCause(child(path, 'deletionTimestamp'), m.deletionTimestamp, FIELD_IMMUTABLE));
  }
  if (o.deletionGracePeriodSeconds !== undefined && m.deletionGracePeriodSeconds !== undefined && !semanticEqual(m.deletionGracePeriodSeconds, o.deletionGracePeriodSeconds)) {
    causes.push(invalidCause(child(path, 'deletionGracePeriodSeconds'), m.deletionGracePeriodSeconds, FIELD_IMMUTABLE));
  }
  causes.push(...validateCommonMeta(m, path));
  asArray<unknown>(m.finalizers).forEach((f, i) => {
    const name = asString(f);
    if (!name.includes('/') && !STANDARD_FINALIZERS.has(name)) {
      causes.push(invalidCause(index(child(path, 'finalizers'), i), name, 'name is neither a standard finalizer name nor is it fully qualified'));
    }
  });
  return causes;
}

/** The object's metadata, or undefined. */
export function metaOf(obj: unknown): ObjectMeta | undefined {
  const meta = asRecord(obj)['metadata'];
  return isRecord(meta) ? (meta as ObjectMeta) : undefined;
}
