/** URL paths of the Kubernetes REST API: core (`/api/v1`) and named groups (`/apis/<group>/<version>`), namespaced or not. */
import { StatusError } from '@skiff/api';
import type { ResourceRef } from '../interface.js';

/** `/api/v1` or `/apis/apps/v1`. */
export function groupVersionPath(ref: Pick<ResourceRef, 'group' | 'version'>): string {
  return ref.group === '' ? `/api/${ref.version}` : `/apis/${ref.group}/${ref.version}`;
}

/**
 * The path of a collection (no name), an object, or an object's subresource. For namespaced
 * resources an undefined namespace means all namespaces, which only a collection may address.
 * Cluster-scoped resources ignore `namespace`.
 */
export function resourcePath(ref: ResourceRef, namespace: string | undefined, name?: string, subresource?: string): string {
  let path = groupVersionPath(ref);
  if (ref.namespaced && namespace !== undefined && namespace !== '') path += `/namespaces/${segment(namespace)}`;
  else if (ref.namespaced && name !== undefined) {
    throw new StatusError('BadRequest', 'an empty namespace may not be set when a resource name is provided');
  }
  path += `/${ref.resource}`;
  if (name !== undefined) {
    if (name === '') throw new StatusError('BadRequest', 'resource name may not be empty');
    path += `/${segment(name)}`;
  }
  if (subresource) {
    if (name === undefined) throw new StatusError('BadRequest', `subresource "${subresource}" needs a resource name`);
    path += `/${subresource}`;
  }
  return path;
}

function segment(value: string): string {
  if (value === '.' || value === '..' || value.includes('/')) {
    throw new StatusError('BadRequest', `${JSON.stringify(value)} may not be used in a path segment`);
  }
  return encodeURIComponent(value);
}
