/** The scale of the controllers of a PDB's pods: ReplicaSet, Deployment (through its ReplicaSet) and StatefulSet replicas, from the caches. */
import type { Deployment, ReplicaSet, StatefulSet } from 'kubernetes-types/apps/v1.js';
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { OwnerReference } from 'kubernetes-types/meta/v1.js';
import type { ApiObject, ResourceRef } from '@skiff/client';
import type { Lister } from '@skiff/runtime';
import { controllerRefOf } from '../common/index.js';

export const REPLICASETS: ResourceRef = { group: 'apps', version: 'v1', resource: 'replicasets', namespaced: true };
export const DEPLOYMENTS: ResourceRef = { group: 'apps', version: 'v1', resource: 'deployments', namespaced: true };
export const STATEFULSETS: ResourceRef = { group: 'apps', version: 'v1', resource: 'statefulsets', namespaced: true };

export interface WorkloadListers {
  replicaSets: Lister<ReplicaSet & ApiObject>;
  deployments: Lister<Deployment & ApiObject>;
  statefulSets: Lister<StatefulSet & ApiObject>;
}

/** The sum of the scales, and the pods that have no controller (they cannot count towards a percentage). */
export interface ExpectedScale {
  expected: number;
  unmanagedPods: string[];
}

interface ControllerScale {
  uid: string;
  scale: number;
}

function isApps(ref: OwnerReference, kind: string): boolean {
  const group = ref.apiVersion.includes('/') ? ref.apiVersion.slice(0, ref.apiVersion.indexOf('/')) : '';
  return ref.kind === kind && (group === 'apps' || group === 'extensions');
}

/** A ReplicaSet not itself controlled by a Deployment. */
function replicaSetScale(l: WorkloadListers, ref: OwnerReference, namespace: string): ControllerScale | undefined {
  if (!isApps(ref, 'ReplicaSet')) return undefined;
  const rs = l.replicaSets.get(`${namespace}/${ref.name}`);
  if (!rs || rs.metadata?.uid !== ref.uid) return undefined;
  if (controllerRefOf(rs)?.kind === 'Deployment') return undefined;
  return { uid: ref.uid, scale: rs.spec?.replicas ?? 1 };
}

/** The Deployment controlling the pod's ReplicaSet. */
function deploymentScale(l: WorkloadListers, ref: OwnerReference, namespace: string): ControllerScale | undefined {
  if (!isApps(ref, 'ReplicaSet')) return undefined;
  const rs = l.replicaSets.get(`${namespace}/${ref.name}`);
  if (!rs || rs.metadata?.uid !== ref.uid) return undefined;
  const depRef = controllerRefOf(rs);
  if (!depRef || !isApps(depRef, 'Deployment')) return undefined;
  const dep = l.deployments.get(`${namespace}/${depRef.name}`);
  if (!dep || dep.metadata?.uid !== depRef.uid) return undefined;
  return { uid: depRef.uid, scale: dep.spec?.replicas ?? 1 };
}

function statefulSetScale(l: WorkloadListers, ref: OwnerReference, namespace: string): ControllerScale | undefined {
  if (!isApps(ref, 'StatefulSet')) return undefined;
  const sts = l.statefulSets.get(`${namespace}/${ref.name}`);
  if (!sts || sts.metadata?.uid !== ref.uid) return undefined;
  return { uid: ref.uid, scale: sts.spec?.replicas ?? 1 };
}

const FINDERS = [replicaSetScale, deploymentScale, statefulSetScale];

/** Adds up the scale of every distinct controller of `pods`; a controlled pod whose controller is not found is an error. */
export function expectedScale(listers: WorkloadListers, pods: readonly Pod[]): ExpectedScale {
  const scales = new Map<string, number>();
  const unmanagedPods: string[] = [];
  for (const pod of pods) {
    const ref = controllerRefOf(pod);
    if (!ref) {
      unmanagedPods.push(pod.metadata?.name ?? '');
      continue;
    }
    if (scales.has(ref.uid)) continue;
    const namespace = pod.metadata?.namespace ?? '';
    const found = FINDERS.map((find) => find(listers, ref, namespace)).find((s) => s !== undefined);
    if (!found) throw new Error(`found no controllers for pod "${pod.metadata?.name ?? ''}"`);
    scales.set(found.uid, found.scale);
  }
  let expected = 0;
  for (const scale of scales.values()) expected += scale;
  return { expected, unmanagedPods };
}
