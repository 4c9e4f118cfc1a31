/** PodDisruptionBudget arithmetic: expected and desired healthy pods, healthy count, disrupted pods, the new status. */
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { PodDisruptionBudget, PodDisruptionBudgetStatus } from 'kubernetes-types/policy/v1.js';
import type { Condition } from 'kubernetes-types/meta/v1.js';

/** An eviction not followed by the pod's deletion within this time is assumed never to happen (Kubernetes' DeletionTimeout). */
export const DELETION_TIMEOUT_MS = 2 * 60 * 1000;

export const DISRUPTION_ALLOWED_CONDITION = 'DisruptionAllowed';
export const SUFFICIENT_PODS_REASON = 'SufficientPods';
export const INSUFFICIENT_PODS_REASON = 'InsufficientPods';
export const SYNC_FAILED_REASON = 'SyncFailed';

/**
 * An int-or-percent scaled against `total`: an integer as is, `N%` as N% of total rounded up (as Kubernetes'
 * GetScaledValueFromIntOrPercent with roundUp, which both PDB bounds use).
 */
export function scaledValue(value: number | string, total: number): number {
  if (typeof value === 'number') return value;
  const m = /^(\d+)%$/.exec(value);
  if (!m) throw new Error(`invalid value for IntOrString: invalid type: string is not a percentage`);
  return Math.ceil((Number(m[1]) * total) / 100);
}

/** Whether `value` needs the controllers' scale: percentages and maxUnavailable do, an integer minAvailable does not. */
export function needsScale(spec: PodDisruptionBudget['spec']): boolean {
  if (spec?.maxUnavailable !== undefined && spec.maxUnavailable !== null) return true;
  return typeof spec?.minAvailable === 'string';
}

/**
 * Expected pods and desired healthy pods. `podCount` is the number of selected pods; `expectedScale` the sum of
 * their controllers' replicas (only read when needsScale says so).
 */
export function expectedAndDesired(spec: PodDisruptionBudget['spec'], podCount: number, expectedScale: () => number): { expectedPods: number; desiredHealthy: number } {
  if (spec?.maxUnavailable !== undefined && spec.maxUnavailable !== null) {
    const expectedPods = expectedScale();
    return { expectedPods, desiredHealthy: Math.max(0, expectedPods - scaledValue(spec.maxUnavailable, expectedPods)) };
  }
  if (spec?.minAvailable !== undefined && spec.minAvailable !== null) {
    if (typeof spec.minAvailable === 'number') return { expectedPods: podCount, desiredHealthy: spec.minAvailable };
    const expectedPods = expectedScale();
    return { expectedPods, desiredHealthy: scaledValue(spec.minAvailable, expectedPods) };
  }
  return { expectedPods: 0, desiredHealthy: 0 };
}

function isReady(pod: Pod): boolean {
  return (pod.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
}

/**
 * The disruptedPods entries still pending: pods selected, not yet being deleted, evicted less than DELETION_TIMEOUT_MS
 * ago. `recheckAt` is when the earliest of them expires (ms since the epoch), `expired` the pods that outlived it.
 */
export function pendingDisruptions(pods: readonly Pod[], disrupted: Record<string, string> | undefined, nowMs: number): { pending: Record<string, string>; recheckAt?: number; expired: Pod[] } {
  const pending: Record<string, string> = {};
  const expired: Pod[] = [];
  let recheckAt: number | undefined;
  if (!disrupted) return { pending, expired };
  for (const pod of pods) {
    const name = pod.metadata?.name ?? '';
    if (pod.metadata?.deletionTimestamp || !(name in disrupted)) continue;
    const since = Date.parse(disrupted[name]!);
    const deadline = (Number.isNaN(since) ? 0 : since) + DELETION_TIMEOUT_MS;
    if (deadline < nowMs) {
      expired.push(pod);
      continue;
    }
    pending[name] = disrupted[name]!;
    recheckAt = recheckAt === undefined ? deadline : Math.min(recheckAt, deadline);
  }
  return recheckAt === undefined ? { pending, expired } : { pending, recheckAt, expired };
}

/** Ready pods that are neither being deleted nor just evicted (in `pending`). */
export function countHealthy(pods: readonly Pod[], pending: Record<string, string>): number {
  return pods.filter((p) => !p.metadata?.deletionTimestamp && !((p.metadata?.name ?? '') in pending) && isReady(p)).length;
}

/** currentHealthy - desiredHealthy, never negative, and 0 while no pod is expected (a PDB seeing its first pods stays safe). */
export function disruptionsAllowed(currentHealthy: number, desiredHealthy: number, expectedPods: number): number {
  const allowed = currentHealthy - desiredHealthy;
  return expectedPods <= 0 || allowed <= 0 ? 0 : allowed;
}

/** Sets the DisruptionAllowed condition as metav1 SetStatusCondition does: the transition time moves only when the status does. */
export function withDisruptionCondition(conditions: readonly Condition[] | undefined, allowed: boolean, reason: string, message: string, observedGeneration: number, now: string): Condition[] {
  const status = allowed ? 'True' : 'False';
  const old = (conditions ?? []).find((c) => c.type === DISRUPTION_ALLOWED_CONDITION);
  const next: Condition = {
    type: DISRUPTION_ALLOWED_CONDITION,
    status,
    reason,
    message,
    observedGeneration,
    lastTransitionTime: old && old.status === status ? old.lastTransitionTime : now,
  };
  return [...(conditions ?? []).filter((c) => c.type !== DISRUPTION_ALLOWED_CONDITION), next];
}

/** The status a PDB should have for the counts given. */
export function budgetStatus(
  pdb: PodDisruptionBudget,
  counts: { currentHealthy: number; desiredHealthy: number; expectedPods: number; disruptedPods: Record<string, string> },
  now: string,
): PodDisruptionBudgetStatus {
  const allowed = disruptionsAllowed(counts.currentHealthy, counts.desiredHealthy, counts.expectedPods);
  const observedGeneration = pdb.metadata?.generation ?? 0;
  const status: PodDisruptionBudgetStatus = {
    currentHealthy: counts.currentHealthy,
    desiredHealthy: counts.desiredHealthy,
    expectedPods: counts.expectedPods,
    disruptionsAllowed: allowed,
    observedGeneration,
    conditions: withDisruptionCondition(pdb.status?.conditions, allowed > 0, allowed > 0 ? SUFFICIENT_PODS_REASON : INSUFFICIENT_PODS_REASON, '', observedGeneration, now),
  };
  if (Object.keys(counts.disruptedPods).length > 0) return { ...status, disruptedPods: counts.disruptedPods };
  return status;
}

/** True when `next` says nothing `current` does not (no write needed). */
export function statusUpToDate(current: PodDisruptionBudgetStatus | undefined, next: PodDisruptionBudgetStatus): boolean {
  if (!current) return false;
  const c = current;
  const sameDisrupted = JSON.stringify(c.disruptedPods ?? {}) === JSON.stringify(next.disruptedPods ?? {});
  const cond = (s: PodDisruptionBudgetStatus) => (s.conditions ?? []).map((x) => `${x.type}/${x.status}/${x.reason}/${x.observedGeneration ?? 0}`).join(',');
  return (
    c.currentHealthy === next.currentHealthy &&
    c.desiredHealthy === next.desiredHealthy &&
    c.expectedPods === next.expectedPods &&
    c.disruptionsAllowed === next.disruptionsAllowed &&
    c.observedGeneration === next.observedGeneration &&
    sameDisrupted &&
    cond(c) === cond(next)
  );
}
