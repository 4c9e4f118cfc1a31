/** API discovery documents: legacy (APIVersions, APIGroupList, APIResourceList) and aggregated (v2, v2beta1). */
import { groupVersion, groupVersions, resourcesOf, type ResourceInfo } from '@skiff/api';

export function apiVersions(serverAddress: string) {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
  };
}

function apiGroup(group: string, versions: string[]) {
  const gvs = versions.map((version) => ({ groupVersion: groupVersion(group, version), version }));
  return { name: group, versions: gvs, preferredVersion: gvs[0]! };
}

export function apiGroupList() {
  return {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: groupVersions()
      .filter((g) => g.group !== '')
      .map((g) => apiGroup(g.group, g.versions)),
  };
}

export function apiGroupDocument(group: string) {
  const found = groupVersions().find((g) => g.group === group && group !== '');
  return found ? { kind: 'APIGroup', apiVersion: 'v1', ...apiGroup(found.group, found.versions) } : undefined;
}

export function apiResourceList(group: string, version: string) {
  const resources = resourcesOf(group, version);
  if (resources.length === 0) return undefined;
  const out: Record<string, unknown>[] = [];
  for (const r of resources) {
    const entry: Record<string, unknown> = {
      name: r.resource,
      singularName: r.singular,
      namespaced: r.namespaced,
      kind: r.kind,
      verbs: r.verbs,
    };
    if (r.shortNames.length > 0) entry.shortNames = r.shortNames;
    if (r.categories.length > 0) entry.categories = r.categories;
    out.push(entry);
    for (const s of r.subresources) {
      const sub: Record<string, unknown> = { name: `${r.resource}/${s.name}`, singularName: '', namespaced: r.namespaced, kind: s.kind, verbs: s.verbs };
      if (s.group !== undefined) sub.group = s.group;
      if (s.version !== undefined) sub.version = s.version;
      out.push(sub);
    }
  }
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: groupVersion(group, version), resources: out };
}

function discoveryResource(r: ResourceInfo) {
  const entry: Record<string, unknown> = {
    resource: r.resource,
    responseKind: { group: r.group, version: r.version, kind: r.kind },
    scope: r.namespaced ? 'Namespaced' : 'Cluster',
    singularResource: r.singular,
    verbs: r.verbs,
  };
  if (r.shortNames.length > 0) entry.shortNames = r.shortNames;
  if (r.categories.length > 0) entry.categories = r.categories;
  if (r.subresources.length > 0) {
    entry.subresources = r.subresources.map((s) => ({
      subresource: s.name,
      responseKind: { group: s.group ?? r.group, version: s.version ?? r.version, kind: s.kind },
      verbs: s.verbs,
    }));
  }
  return entry;
}

/** The aggregated discovery document for the core group (`/api`) or the named groups (`/apis`). */
export function aggregatedDiscovery(core: boolean, version: 'v2' | 'v2beta1') {
  const items = groupVersions()
    .filter((g) => (g.group === '') === core)
    .map((g) => ({
      metadata: { name: g.group, creationTimestamp: null },
      versions: g.versions.map((v) => ({ version: v, freshness: 'Current', resources: resourcesOf(g.group, v).map(discoveryResource) })),
    }));
  return { kind: 'APIGroupDiscoveryList', apiVersion: `apidiscovery.k8s.io/${version}`, metadata: {}, items };
}

export function aggregatedContentType(version: 'v2' | 'v2beta1'): string {
  return `application/json;g=apidiscovery.k8s.io;v=${version};as=APIGroupDiscoveryList`;
}
