/** The resources the node lifecycle and taint eviction controllers read and write. */
import type { ResourceRef } from '@skiff/client';

export const NODES: ResourceRef = { group: '', version: 'v1', resource: 'nodes', namespaced: false };
export const PODS: ResourceRef = { group: '', version: 'v1', resource: 'pods', namespaced: true };
export const LEASES: ResourceRef = { group: 'coordination.k8s.io', version: 'v1', resource: 'leases', namespaced: true };
/** Where kubelets renew their node Leases (one per node, named after it). */
export const NODE_LEASE_NAMESPACE = 'kube-node-lease';
