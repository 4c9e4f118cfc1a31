/** etcd key layout: `/registry/<group|core>/<resource>/[<namespace>/]<name>`. */
import type { ResourceInfo } from '@skiff/api';

export const KEY_ROOT = '/registry';

/** The group as it appears in keys: `core` for the core group. */
function groupSegment(group: string): string {
  return group === '' ? 'core' : group;
}

/** The prefix every object of a resource lives under (ends with `/`). */
export function resourcePrefix(resource: Pick<ResourceInfo, 'group' | 'resource'>): string {
  return `${KEY_ROOT}/${groupSegment(resource.group)}/${resource.resource}/`;
}

/** The prefix for a namespace's objects of a resource, or the whole resource when `namespace` is empty. */
export function collectionPrefix(resource: Pick<ResourceInfo, 'group' | 'resource'>, namespace: string | undefined): string {
  return namespace ? `${resourcePrefix(resource)}${namespace}/` : resourcePrefix(resource);
}

export function objectKey(resource: Pick<ResourceInfo, 'group' | 'resource' | 'namespaced'>, namespace: string | undefined, name: string): string {
  return resource.namespaced ? `${resourcePrefix(resource)}${namespace ?? ''}/${name}` : `${resourcePrefix(resource)}${name}`;
}
