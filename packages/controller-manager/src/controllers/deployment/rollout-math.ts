/** Rolling-update arithmetic of a Deployment: surge/unavailable budgets, the new ReplicaSet's size and proportional scaling. */
import type { Deployment } from 'kubernetes-types/apps/v1.js';
import { replicasOf, type ReplicaSetObject } from './replica-sets.js';
import { maxReplicasAnnotation } from './revision-annotations.js';

/** An int or a percentage string ("25%"), as maxSurge/maxUnavailable are. */
export type IntOrString = number | string;

/** An int, or a percentage of `total` ("25%"): rounded up for surge, down for unavailable (Kubernetes' rounding). */
export function scaledValue(value: IntOrString | undefined, total: number, roundUp: boolean): number {
  if (value === undefined || value === null) return 0;
  if (typeof value === 'number') return value;
  const m = /^(-?\d+)%$/.exec(value);
  if (!m) throw new Error(`invalid value for IntOrString: invalid type: string is not a percentage`);
  const scaled = (Number(m[1]) * total) / 100;
  return roundUp ? Math.ceil(scaled) : Math.floor(scaled);
}

export function isRollingUpdate(d: Deployment): boolean {
  return (d.spec?.strategy?.type ?? 'RollingUpdate') === 'RollingUpdate';
}

/**
 * maxSurge and maxUnavailable resolved against `desired`. Both 0 is refused by validation, but rounding down can make
 * maxUnavailable 0 as well: then it becomes 1, so a rollout can always make progress.
 */
export function resolveFenceposts(maxSurge: IntOrString | undefined, maxUnavailable: IntOrString | undefined, desired: number): { surge: number; unavailable: number } {
  const surge = scaledValue(maxSurge, desired, true);
  let unavailable = scaledValue(maxUnavailable, desired, false);
  if (surge === 0 && unavailable === 0) unavailable = 1;
  return { surge, unavailable };
}

/** How many pods above spec.replicas a rolling update may run (0 for Recreate). */
export function maxSurge(d: Deployment): number {
  if (!isRollingUpdate(d)) return 0;
  const ru = d.spec?.strategy?.rollingUpdate;
  return resolveFenceposts(ru?.maxSurge, ru?.maxUnavailable, replicasOf(d)).surge;
}

/** How many of spec.replicas may be unavailable during a rolling update (0 for Recreate and for 0 replicas). */
export function maxUnavailable(d: Deployment): number {
  const replicas = replicasOf(d);
  if (!isRollingUpdate(d) || replicas === 0) return 0;
  const ru = d.spec?.strategy?.rollingUpdate;
  return Math.min(resolveFenceposts(ru?.maxSurge, ru?.maxUnavailable, replicas).unavailable, replicas);
}

/** Sum of spec.replicas. */
export function specReplicaSum(rss: readonly (ReplicaSetObject | undefined)[]): number {
  return rss.reduce((n, rs) => n + (rs ? replicasOf(rs) : 0), 0);
}

/** The size the new ReplicaSet may grow to now: everything for Recreate; within replicas+maxSurge for a rolling update. */
export function newReplicaSetReplicas(d: Deployment, allRSs: readonly (ReplicaSetObject | undefined)[], newRS: ReplicaSetObject): number {
  const replicas = replicasOf(d);
  if (!isRollingUpdate(d)) return replicas;
  const current = specReplicaSum(allRSs);
  const maxTotal = replicas + maxSurge(d);
  if (current >= maxTotal) return replicasOf(newRS);
  const up = Math.min(maxTotal - current, replicas - replicasOf(newRS));
  return replicasOf(newRS) + up;
}

/**
 * The share of a scaling of the whole Deployment that `rs` gets: its size scaled by the ratio of the new to the old
 * allowed total (the max-replicas annotation, else status.replicas), minus its size now.
 */
function replicaSetFraction(rs: ReplicaSetObject, d: Deployment): number {
  if (replicasOf(d) === 0) return -replicasOf(rs);
  const allowed = replicasOf(d) + maxSurge(d);
  const annotated = maxReplicasAnnotation(rs) ?? d.status?.replicas ?? 0;
  if (annotated === 0) return 0;
  return Math.round((replicasOf(rs) * allowed) / annotated) - replicasOf(rs);
}

/** How many of `toAdd` (negative: to remove) `rs` takes, given `added` already handed out (Kubernetes' GetProportion). */
export function proportionFor(rs: ReplicaSetObject | undefined, d: Deployment, toAdd: number, added: number): number {
  if (!rs || replicasOf(rs) === 0 || toAdd === 0 || toAdd === added) return 0;
  const fraction = replicaSetFraction(rs, d);
  const allowed = toAdd - added;
  return toAdd > 0 ? Math.min(fraction, allowed) : Math.max(fraction, allowed);
}

/**
 * New sizes for the active ReplicaSets when a Deployment is scaled mid-rollout: the difference to replicas+maxSurge is
 * spread in proportion to their sizes; leftovers go to the first (largest) one. `active` must be sorted by size
 * (largest first; newer first when growing, older first when shrinking).
 */
export function proportionalSizes(d: Deployment, active: readonly ReplicaSetObject[]): Map<string, number> {
  const total = specReplicaSum(active);
  const allowedSize = replicasOf(d) > 0 ? replicasOf(d) + maxSurge(d) : 0;
  const toAdd = allowedSize - total;
  const sizes = new Map<string, number>();
  let added = 0;
  for (const rs of active) {
    const share = toAdd !== 0 ? proportionFor(rs, d, toAdd, added) : 0;
    sizes.set(rs.metadata?.name ?? '', replicasOf(rs) + share);
    added += share;
  }
  const first = active[0];
  if (first && toAdd !== 0) {
    const name = first.metadata?.name ?? '';
    sizes.set(name, Math.max(0, (sizes.get(name) ?? 0) + toAdd - added));
  }
  return sizes;
}
