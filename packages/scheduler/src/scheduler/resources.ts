/** The API resources the scheduler reads and writes. */
import type { ResourceRef } from '@skiff/client';

export const PODS: ResourceRef = { group: '', version: 'v1', resource: 'pods', namespaced: true };
export const NODES: ResourceRef = { group: '', version: 'v1', resource: 'nodes', namespaced: false };
