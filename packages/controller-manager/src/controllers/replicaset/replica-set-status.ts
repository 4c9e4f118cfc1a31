/** A ReplicaSet's status from the pods it controls: counts, and the ReplicaFailure condition after a failed create/delete. */
import type { ReplicaSet, ReplicaSetCondition, ReplicaSetStatus } from 'kubernetes-types/apps/v1.js';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { isPodAvailable, isPodReady } from './pod-state.js';

export const REPLICA_FAILURE = 'ReplicaFailure';

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Every template label is on the pod with the same value. */
function fullyLabeled(pod: Pod, templateLabels: Record<string, string>): boolean {
  const labels = pod.metadata?.labels ?? {};
  return Object.entries(templateLabels).every(([k, v]) => labels[k] === v);
}

/**
 * The status `rs` should have with `pods` (its active, claimed pods) at `nowMs`, given the error of this sync's
 * creates/deletes if any. observedGeneration is left as it was: it is set when the status is written.
 */
export function calculateStatus(rs: ReplicaSet, pods: readonly Pod[], manageError: unknown, nowMs: number): ReplicaSetStatus {
  const templateLabels = rs.spec?.template?.metadata?.labels ?? {};
  const minReadySeconds = rs.spec?.minReadySeconds ?? 0;
  const status: ReplicaSetStatus = {
    ...(rs.status ?? {}),
    replicas: pods.length,
    fullyLabeledReplicas: pods.filter((p) => fullyLabeled(p, templateLabels)).length,
    readyReplicas: pods.filter(isPodReady).length,
    availableReplicas: pods.filter((p) => isPodAvailable(p, minReadySeconds, nowMs)).length,
  };
  const conditions = [...(rs.status?.conditions ?? [])];
  const failure = conditions.findIndex((c) => c.type === REPLICA_FAILURE);
  if (manageError !== undefined && failure < 0) {
    const reason = pods.length < (rs.spec?.replicas ?? 1) ? 'FailedCreate' : 'FailedDelete';
    const cond: ReplicaSetCondition = { type: REPLICA_FAILURE, status: 'True', reason, message: messageOf(manageError), lastTransitionTime: new Date(nowMs).toISOString().replace(/\.\d{3}Z$/, 'Z') };
    conditions.push(cond);
  } else if (manageError === undefined && failure >= 0) {
    conditions.splice(failure, 1);
  }
  if (conditions.length > 0) status.conditions = conditions;
  else delete status.conditions;
  return status;
}

function sameConditions(a: readonly ReplicaSetCondition[] = [], b: readonly ReplicaSetCondition[] = []): boolean {
  return a.length === b.length && a.every((c, i) => c.type === b[i]!.type && c.status === b[i]!.status && c.reason === b[i]!.reason && c.message === b[i]!.message);
}

/** Whether `rs` already shows `status` (and has observed its generation): then nothing needs writing. */
export function statusUpToDate(rs: ReplicaSet, status: ReplicaSetStatus): boolean {
  const cur = rs.status ?? { replicas: 0 };
  return (
    (cur.replicas ?? 0) === status.replicas &&
    (cur.fullyLabeledReplicas ?? 0) === (status.fullyLabeledReplicas ?? 0) &&
    (cur.readyReplicas ?? 0) === (status.readyReplicas ?? 0) &&
    (cur.availableReplicas ?? 0) === (status.availableReplicas ?? 0) &&
    cur.observedGeneration === rs.metadata?.generation &&
    sameConditions(cur.conditions, status.conditions)
  );
}
