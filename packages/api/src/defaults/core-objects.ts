/** Defaults of the simpler core and discovery objects: Namespace, Secret, Endpoints, Node, EndpointSlice. */
import { child, ensureChild, isNil, isObj, items, setIfNil, setIfZero, type Obj } from './fields.js';

/** The label every named Namespace carries, holding its own name (so selectors can pick namespaces by name). */
export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

/** Sets (always overwriting, as Kubernetes does) the name label and, like Kubernetes' SetDefaults_NamespaceStatus, phase Active. */
export function defaultNamespace(obj: Obj): void {
  const meta = child(obj, 'metadata');
  const name = meta?.['name'];
  if (meta && typeof name === 'string' && name !== '') {
    const labels = ensureChild(meta, 'labels');
    if (labels) labels[NAMESPACE_NAME_LABEL] = name;
  }
  defaultNamespaceStatus(obj);
}

/** status.phase Active unless set (the namespace registry also resets status on create). */
export function defaultNamespaceStatus(obj: unknown): void {
  const status = isObj(obj) ? ensureChild(obj, 'status') : undefined;
  if (status) setIfZero(status, 'phase', 'Active');
}

export function defaultSecret(obj: Obj): void {
  setIfZero(obj, 'type', 'Opaque');
}

export function defaultEndpoints(obj: Obj): void {
  for (const subset of items(obj, 'subsets')) {
    for (const port of items(subset, 'ports')) setIfZero(port, 'protocol', 'TCP');
  }
}

/** A node that reports capacity but no allocatable has all of its capacity allocatable. */
export function defaultNode(obj: Obj): void {
  const status = child(obj, 'status');
  const capacity = status && child(status, 'capacity');
  if (status && capacity && isNil(status['allocatable'])) status['allocatable'] = { ...capacity };
}

export function defaultEndpointSlice(obj: Obj): void {
  for (const port of items(obj, 'ports')) {
    setIfNil(port, 'name', '');
    setIfNil(port, 'protocol', 'TCP');
  }
}
