/** The PodScheduled=False condition the scheduler writes on a pod it could not place. */
import type { Pod, PodCondition } from 'kubernetes-types/core/v1.js';

/** Condition type and reason kube-scheduler uses. */
export const POD_SCHEDULED = 'PodScheduled';
export const REASON_UNSCHEDULABLE = 'Unschedulable';
/** Reason for an internal error, as kube-scheduler's SchedulerError. */
export const REASON_SCHEDULER_ERROR = 'SchedulerError';

/** The condition to write, or undefined when the pod already carries it (same status, reason and message). */
export function podScheduledCondition(pod: Pod, reason: string, message: string, nowIso: string): PodCondition | undefined {
  const current = pod.status?.conditions?.find((c) => c.type === POD_SCHEDULED);
  if (current && current.status === 'False' && current.reason === reason && current.message === message) return undefined;
  const transitioned = !current || current.status !== 'False';
  return {
    type: POD_SCHEDULED,
    status: 'False',
    reason,
    message,
    lastTransitionTime: transitioned ? nowIso : (current.lastTransitionTime ?? nowIso),
  };
}
