/** Picking out a Deployment's ReplicaSets: the new one (current template), the old ones, active ones, orderings and counts. */
import type { Deployment, ReplicaSet } from 'kubernetes-types/apps/v1.js';
import type { ApiObject } from '@skiff/client';
import { templatesEqualIgnoringHash } from './pod-template-hash.js';
import { revisionOf } from './revision-annotations.js';

export type ReplicaSetObject = ReplicaSet & ApiObject;
export type DeploymentObject = Deployment & ApiObject;

/** spec.replicas, defaulting to 1 as the API does. */
export function replicasOf(obj: { spec?: { replicas?: number } }): number {
  return obj.spec?.replicas ?? 1;
}

function created(rs: ReplicaSetObject): number {
  const t = rs.metadata?.creationTimestamp;
  return t ? Date.parse(t) : 0;
}

/** Oldest first; ties by name (Kubernetes' ReplicaSetsByCreationTimestamp). */
export function byCreation(a: ReplicaSetObject, b: ReplicaSetObject): number {
  return created(a) - created(b) || (a.metadata?.name ?? '').localeCompare(b.metadata?.name ?? '');
}

/** Lowest revision first; ties oldest first (for history cleanup). */
export function byRevision(a: ReplicaSetObject, b: ReplicaSetObject): number {
  return revisionOf(a) - revisionOf(b) || byCreation(a, b);
}

/** Largest first; ties newest first (where to add replicas). */
export function bySizeNewer(a: ReplicaSetObject, b: ReplicaSetObject): number {
  return replicasOf(b) - replicasOf(a) || byCreation(b, a);
}

/** Largest first; ties oldest first (where to remove replicas). */
export function bySizeOlder(a: ReplicaSetObject, b: ReplicaSetObject): number {
  return replicasOf(b) - replicasOf(a) || byCreation(a, b);
}

/** The oldest ReplicaSet whose template equals the Deployment's (ignoring the hash label). */
export function findNewReplicaSet(d: Deployment, rss: readonly ReplicaSetObject[]): ReplicaSetObject | undefined {
  return [...rss].sort(byCreation).find((rs) => templatesEqualIgnoringHash(rs.spec?.template, d.spec?.template));
}

/** Every ReplicaSet but the new one. */
export function findOldReplicaSets(d: Deployment, rss: readonly ReplicaSetObject[]): ReplicaSetObject[] {
  const current = findNewReplicaSet(d, rss);
  return rss.filter((rs) => rs !== current);
}

/** Those asked to run pods. */
export function activeReplicaSets(rss: readonly (ReplicaSetObject | undefined)[]): ReplicaSetObject[] {
  return rss.filter((rs): rs is ReplicaSetObject => rs !== undefined && replicasOf(rs) > 0);
}

type StatusCount = 'replicas' | 'readyReplicas' | 'availableReplicas';

/** Sum of one status count. */
export function statusSum(rss: readonly (ReplicaSetObject | undefined)[], field: StatusCount): number {
  return rss.reduce((n, rs) => n + (rs?.status?.[field] ?? 0), 0);
}

/**
 * The one ReplicaSet to scale when at most one is active: the active one, else the newest (the new one if any). Undefined
 * when several are active (then scaling is proportional).
 */
export function activeOrLatest(newRS: ReplicaSetObject | undefined, oldRSs: readonly ReplicaSetObject[]): ReplicaSetObject | undefined {
  if (!newRS && oldRSs.length === 0) return undefined;
  const newestFirst = [...oldRSs].sort((a, b) => byCreation(b, a));
  const active = activeReplicaSets([...newestFirst, newRS]);
  if (active.length === 0) return newRS ?? newestFirst[0];
  if (active.length === 1) return active[0];
  return undefined;
}
