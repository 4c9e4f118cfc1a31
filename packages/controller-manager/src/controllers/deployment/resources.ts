/** The resources the Deployment controller reads and writes, and the reference its events name. */
import type { ResourceRef } from '@skiff/client';
import type { ObjectReference } from 'kubernetes-types/core/v1.js';
import type { DeploymentObject } from './replica-sets.js';

export const DEPLOYMENTS: ResourceRef = { group: 'apps', version: 'v1', resource: 'deployments', namespaced: true };
export const REPLICASETS: ResourceRef = { group: 'apps', version: 'v1', resource: 'replicasets', namespaced: true };
export const PODS: ResourceRef = { group: '', version: 'v1', resource: 'pods', namespaced: true };

/** Kubernetes' name for this controller: events report as it, and --controllers selects it by it. */
export const DEPLOYMENT_CONTROLLER_NAME = 'deployment-controller';

/** The object reference events about `d` point at. */
export function deploymentRef(d: DeploymentObject): ObjectReference {
  const m = d.metadata ?? {};
  return { apiVersion: 'apps/v1', kind: 'Deployment', namespace: m.namespace, name: m.name, uid: m.uid, resourceVersion: m.resourceVersion };
}

/** The owner a Deployment's ReplicaSets are claimed for. */
export function deploymentOwner(d: DeploymentObject): { apiVersion: string; kind: string; metadata?: DeploymentObject['metadata'] } {
  return { apiVersion: 'apps/v1', kind: 'Deployment', metadata: d.metadata };
}
