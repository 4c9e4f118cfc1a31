/** The resources the garbage collector watches, and the resource of an ownerReference's apiVersion and kind. */
import { groupVersion, RESOURCES, type ResourceInfo } from '@skiff/api';
import type { ResourceRef } from '@skiff/client';

/** A watched resource with the apiVersion and kind its objects carry. */
export interface GcResource {
  ref: ResourceRef;
  apiVersion: string;
  kind: string;
}

/** Events name objects but never own or belong to them: watching them would only cost memory. */
function isEvent(info: ResourceInfo): boolean {
  return info.resource === 'events';
}

function toGcResource(info: ResourceInfo): GcResource {
  return {
    ref: { group: info.group, version: info.version, resource: info.resource, namespaced: info.namespaced },
    apiVersion: groupVersion(info.group, info.version),
    kind: info.kind,
  };
}

/** Every resource served that can take part in ownership (each supports list and watch). */
export const GC_RESOURCES: readonly GcResource[] = RESOURCES.filter((r) => !isEvent(r) && r.verbs.includes('watch')).map(toGcResource);

const BY_KIND = new Map(RESOURCES.map((r) => [`${groupVersion(r.group, r.version)}/${r.kind}`, toGcResource(r)]));

/** The resource for an ownerReference's apiVersion and kind; undefined when the apiserver does not serve it. */
export function resourceForKind(apiVersion: string, kind: string): GcResource | undefined {
  return BY_KIND.get(`${apiVersion}/${kind}`);
}

/** Whether objects of this kind live in a namespace (unknown kinds are taken as namespaced, as most kinds are). */
export function isNamespacedKind(apiVersion: string, kind: string): boolean {
  return resourceForKind(apiVersion, kind)?.ref.namespaced ?? true;
}
