/**
 * The field labels each resource supports in field selectors and their values for one object, matching
 * kube-apiserver's field-label conversion functions and registry `ToSelectableFields`.
 */
import type { ResourceInfo } from '../resources/catalog.js';
import { badRequest } from '../errors/status-error.js';
import type { FieldSelector } from './field-selector.js';

type Obj = Record<string, unknown>;

function rec(value: unknown): Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Obj) : {};
}

function str(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return '';
}

/** Go's strconv.Itoa of an optional count. */
function count(value: unknown): string {
  return typeof value === 'number' ? String(value) : '0';
}

/** Go's strconv.FormatBool of an optional flag. */
function bool(value: unknown): string {
  return value === true ? 'true' : 'false';
}

const INVOLVED_OBJECT_FIELDS = ['kind', 'namespace', 'name', 'uid', 'apiVersion', 'resourceVersion', 'fieldPath'];

/** Field labels beyond `metadata.*`, per `group/resource`; also decides which `metadata.*` labels are accepted. */
interface FieldSpec {
  /** The metadata labels accepted (Kubernetes accepts both by default, fewer where a conversion function is registered). */
  metadata: readonly ('metadata.name' | 'metadata.namespace')[];
  /** Resource-specific labels and how to read them. */
  fields: Record<string, (obj: Obj) => string>;
}

const DEFAULT_SPEC: FieldSpec = { metadata: ['metadata.name', 'metadata.namespace'], fields: {} };

/** Reads an Event in either shape (core `involvedObject`/`source`, or events.k8s.io `regarding`/`deprecatedSource`). */
function eventParts(obj: Obj): { ref: Obj; reporting: string; source: string } {
  const ref = rec(obj['involvedObject'] ?? obj['regarding']);
  const reporting = str(obj['reportingComponent'] ?? obj['reportingController']);
  const source = str(rec(obj['source'] ?? obj['deprecatedSource'])['component']);
  return { ref, reporting, source };
}

function coreEventFields(): FieldSpec['fields'] {
  const fields: FieldSpec['fields'] = {};
  for (const f of INVOLVED_OBJECT_FIELDS) fields[`involvedObject.${f}`] = (o) => str(eventParts(o).ref[f]);
  fields['reason'] = (o) => str(o['reason']);
  fields['reportingComponent'] = (o) => eventParts(o).reporting;
  fields['source'] = (o) => eventParts(o).source;
  fields['type'] = (o) => str(o['type']);
  return fields;
}

function eventsV1Fields(): FieldSpec['fields'] {
  const fields: FieldSpec['fields'] = {};
  for (const f of INVOLVED_OBJECT_FIELDS) fields[`regarding.${f}`] = (o) => str(eventParts(o).ref[f]);
  fields['reason'] = (o) => str(o['reason']);
  fields['reportingController'] = (o) => eventParts(o).reporting;
  fields['source'] = (o) => eventParts(o).source;
  fields['type'] = (o) => str(o['type']);
  return fields;
}

function podIP(status: Obj): string {
  const ips = status['podIPs'];
  if (Array.isArray(ips) && ips.length > 0) return str(rec(ips[0])['ip']);
  return str(status['podIP']);
}

const SPECS: Record<string, FieldSpec> = {
  '/pods': {
    metadata: ['metadata.name', 'metadata.namespace'],
    fields: {
      'spec.nodeName': (o) => str(rec(o['spec'])['nodeName']),
      // Old v1 clients send spec.host; Kubernetes maps it onto spec.nodeName.
      'spec.host': (o) => str(rec(o['spec'])['nodeName']),
      'spec.restartPolicy': (o) => str(rec(o['spec'])['restartPolicy']),
      'spec.schedulerName': (o) => str(rec(o['spec'])['schedulerName']),
      'spec.serviceAccountName': (o) => str(rec(o['spec'])['serviceAccountName']),
      'spec.hostNetwork': (o) => bool(rec(o['spec'])['hostNetwork']),
      'status.phase': (o) => str(rec(o['status'])['phase']),
      'status.podIP': (o) => podIP(rec(o['status'])),
      'status.nominatedNodeName': (o) => str(rec(o['status'])['nominatedNodeName']),
    },
  },
  '/nodes': { metadata: ['metadata.name'], fields: { 'spec.unschedulable': (o) => bool(rec(o['spec'])['unschedulable']) } },
  '/namespaces': { metadata: ['metadata.name'], fields: { 'status.phase': (o) => str(rec(o['status'])['phase']) } },
  '/secrets': { metadata: ['metadata.name', 'metadata.namespace'], fields: { type: (o) => str(o['type']) } },
  '/services': {
    metadata: ['metadata.name', 'metadata.namespace'],
    fields: {
      'spec.clusterIP': (o) => str(rec(o['spec'])['clusterIP']),
      'spec.type': (o) => str(rec(o['spec'])['type']),
    },
  },
  '/events': { metadata: ['metadata.name', 'metadata.namespace'], fields: coreEventFields() },
  'events.k8s.io/events': { metadata: ['metadata.name', 'metadata.namespace'], fields: eventsV1Fields() },
  'apps/replicasets': {
    metadata: ['metadata.name', 'metadata.namespace'],
    fields: { 'status.replicas': (o) => count(rec(o['status'])['replicas']) },
  },
  'batch/jobs': {
    metadata: ['metadata.name', 'metadata.namespace'],
    fields: { 'status.successful': (o) => count(rec(o['status'])['succeeded']) },
  },
};

function specOf(resource: ResourceInfo): FieldSpec {
  return SPECS[`${resource.group}/${resource.resource}`] ?? DEFAULT_SPEC;
}

/** The field labels `resource` accepts in a field selector, e.g. `['metadata.name', 'metadata.namespace', 'spec.nodeName', ...]`. */
export function supportedFieldLabels(resource: ResourceInfo): string[] {
  const spec = specOf(resource);
  return [...spec.metadata, ...Object.keys(spec.fields)];
}

/**
 * The values of `obj`'s selectable fields, for FieldSelector.matches. Always `metadata.name`, plus
 * `metadata.namespace` for namespaced resources, plus the resource's own fields.
 */
export function selectableFields(resource: ResourceInfo, obj: unknown): Record<string, string> {
  const o = rec(obj);
  const meta = rec(o['metadata']);
  const out: Record<string, string> = { 'metadata.name': str(meta['name']) };
  if (resource.namespaced) out['metadata.namespace'] = str(meta['namespace']);
  for (const [label, read] of Object.entries(specOf(resource).fields)) out[label] = read(o);
  return out;
}

/** Throws 400 `field label not supported: <field>` for the first term `resource` cannot select on. */
export function checkFieldSelector(resource: ResourceInfo, sel: FieldSelector): void {
  const supported = new Set(supportedFieldLabels(resource));
  for (const r of sel.requirements) {
    if (!supported.has(r.field)) throw badRequest(`field label not supported: ${r.field}`);
  }
}
