/** Builds core/v1 Event objects: the involved object's reference, the `<name>.<hex timestamp>` name, timestamps. */
import type { ApiObject, ResourceRef } from '@skiff/client';
import type { ObjectReference } from 'kubernetes-types/core/v1.js';

/** core/v1 events. */
export const EVENTS: ResourceRef = { group: '', version: 'v1', resource: 'events', namespaced: true };

export type EventType = 'Normal' | 'Warning';

/** The core/v1 Event fields the recorder writes. */
export interface CoreEvent extends ApiObject {
  apiVersion: 'v1';
  kind: 'Event';
  metadata: { name: string; namespace: string; resourceVersion?: string };
  involvedObject: ObjectReference;
  reason: string;
  message: string;
  source: { component: string; host?: string };
  firstTimestamp: string;
  lastTimestamp: string;
  count: number;
  type: EventType;
  reportingComponent: string;
  reportingInstance: string;
}

/** Namespace of events about cluster-scoped objects (as client-go: metav1.NamespaceDefault). */
export const CLUSTER_SCOPED_EVENT_NAMESPACE = 'default';

/** A reference to an API object, or the reference itself; undefined when it lacks a kind or name. */
export function referenceTo(object: ApiObject | ObjectReference): ObjectReference | undefined {
  const ref: ObjectReference = {};
  const meta = (object as ApiObject).metadata;
  if (meta && typeof meta === 'object') {
    const o = object as ApiObject;
    if (o.kind) ref.kind = o.kind;
    if (o.apiVersion) ref.apiVersion = o.apiVersion;
    if (meta.name) ref.name = meta.name;
    if (meta.namespace) ref.namespace = meta.namespace;
    if (meta.uid) ref.uid = meta.uid;
    if (meta.resourceVersion) ref.resourceVersion = meta.resourceVersion;
  } else {
    Object.assign(ref, object as ObjectReference);
  }
  return ref.kind && ref.name ? ref : undefined;
}

/** metav1.Time on the wire: RFC 3339 to the second. */
export function formatTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Event names are `<object name>.<hex nanoseconds>`, as client-go's makeEvent; `nanos` must be unique per recorder. */
export function eventName(objectName: string, nanos: bigint): string {
  return `${objectName}.${nanos.toString(16)}`;
}
