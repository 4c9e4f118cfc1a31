/** Builders of Node and Pod objects for the framework's and plugins' unit tests. */
import type { Container, Node, Pod, PodSpec } from 'kubernetes-types/core/v1.js';

/** A node with the given allocatable (pods defaults to 110, as the kubelet's default). */
export function makeNode(name: string, allocatable: Record<string, string> = {}, extra: Partial<Node> = {}): Node {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    ...extra,
    metadata: { name, ...extra.metadata },
    status: { allocatable: { pods: '110', ...allocatable } },
  };
}

/** A container with the given requests. */
export function container(name: string, requests: Record<string, string> = {}, extra: Partial<Container> = {}): Container {
  return { name, image: 'busybox', resources: { requests }, ...extra };
}

/** A pod with the given spec fields (one container `app` with no requests unless given). */
export function makePod(name: string, spec: Partial<PodSpec> = {}): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', uid: `uid-${name}` },
    spec: { containers: [container('app')], ...spec },
  };
}

/** A pod with a single container requesting the given resources. */
export function podRequesting(name: string, requests: Record<string, string>, spec: Partial<PodSpec> = {}): Pod {
  return makePod(name, { containers: [container('app', requests)], ...spec });
}
