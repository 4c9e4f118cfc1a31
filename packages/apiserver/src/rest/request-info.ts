/** Parses a Kubernetes API path into what it addresses: group, version, resource, namespace, name, subresource. */
import { findResource, type ResourceInfo } from '@skiff/api';

export type RequestTarget =
  | { kind: 'api-versions' }
  | { kind: 'api-groups' }
  | { kind: 'api-group'; group: string }
  | { kind: 'resource-list'; group: string; version: string }
  | {
      kind: 'resource';
      group: string;
      version: string;
      /** undefined when the group/version/resource is not served. */
      info: ResourceInfo | undefined;
      resource: string;
      namespace?: string;
      name?: string;
      subresource?: string;
      /** Legacy `/watch/` path prefix. */
      legacyWatch: boolean;
    }
  | { kind: 'unknown' };

/** Splits `/api/...` or `/apis/...` (without query string). */
export function parseRequestPath(path: string): RequestTarget {
  const parts = path.split('/').filter((p) => p !== '').map(decodeURIComponent);
  let group: string;
  let rest: string[];
  if (parts[0] === 'api') {
    if (parts.length === 1) return { kind: 'api-versions' };
    group = '';
    rest = parts.slice(1);
  } else if (parts[0] === 'apis') {
    if (parts.length === 1) return { kind: 'api-groups' };
    if (parts.length === 2) return { kind: 'api-group', group: parts[1]! };
    group = parts[1]!;
    rest = parts.slice(2);
  } else {
    return { kind: 'unknown' };
  }
  const version = rest[0]!;
  let segs = rest.slice(1);
  if (segs.length === 0) return { kind: 'resource-list', group, version };
  let legacyWatch = false;
  if (segs[0] === 'watch') {
    legacyWatch = true;
    segs = segs.slice(1);
  }
  let namespace: string | undefined;
  // `namespaces/<ns>/<resource>...` addresses objects in a namespace; `namespaces/<ns>` and
  // `namespaces/<ns>/status|finalize` address the Namespace itself.
  if (group === '' && segs[0] === 'namespaces' && segs.length >= 3 && segs[2] !== 'status' && segs[2] !== 'finalize') {
    namespace = segs[1];
    segs = segs.slice(2);
  } else if (group !== '' && segs[0] === 'namespaces' && segs.length >= 3) {
    namespace = segs[1];
    segs = segs.slice(2);
  }
  if (segs.length > 3) return { kind: 'unknown' };
  const resource = segs[0]!;
  const target: RequestTarget = { kind: 'resource', group, version, resource, info: findResource(group, version, resource), legacyWatch };
  if (namespace !== undefined) target.namespace = namespace;
  if (segs[1] !== undefined) target.name = segs[1];
  if (segs[2] !== undefined) target.subresource = segs[2];
  return target;
}
