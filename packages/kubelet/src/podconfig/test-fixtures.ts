/** Test helper: small pods, containers and in-memory configMap/secret sources for the podconfig tests. */
import type { ConfigMap, Container, Pod, Secret } from 'kubernetes-types/core/v1.js';
import type { EnvSources } from './env.js';

export function testPod(spec: Partial<NonNullable<Pod['spec']>> = {}, meta: Partial<NonNullable<Pod['metadata']>> = {}): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web', namespace: 'shop', uid: '1111-2222', labels: { app: 'web' }, annotations: { note: 'hi' }, ...meta },
    spec: { containers: [{ name: 'app', image: 'busybox' }], nodeName: 'node-a', serviceAccountName: 'default', ...spec },
  };
}

export function withResources(c: Container, requests?: Record<string, string>, limits?: Record<string, string>): Container {
  return { ...c, resources: { ...(requests ? { requests } : {}), ...(limits ? { limits } : {}) } };
}

/** In-memory sources: configMaps and secrets by `ns/name` (mutable, to test refresh). */
export function fakeSources(cms: Record<string, Record<string, string>> = {}, secrets: Record<string, Record<string, string>> = {}): EnvSources & {
  cms: Record<string, Record<string, string>>;
} {
  return {
    cms,
    configMaps: (ns, name): ConfigMap | undefined => (cms[`${ns}/${name}`] ? { metadata: { name, namespace: ns }, data: cms[`${ns}/${name}`] } : undefined),
    secrets: (ns, name): Secret | undefined => {
      const d = secrets[`${ns}/${name}`];
      if (!d) return undefined;
      return { metadata: { name, namespace: ns }, data: Object.fromEntries(Object.entries(d).map(([k, v]) => [k, Buffer.from(v).toString('base64')])) };
    },
    podIP: '10.244.1.5',
    hostIP: '10.250.0.11',
    nodeName: 'node-a',
  };
}
