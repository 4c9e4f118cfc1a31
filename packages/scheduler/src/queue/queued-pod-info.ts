/** What the queue holds for each pending pod, and the pod's queue key. */
import type { Pod } from 'kubernetes-types/core/v1.js';

export interface QueuedPodInfo {
  /** The latest version of the pod the queue has seen. */
  pod: Pod;
  /** Scheduling attempts so far; `pop` counts one up. */
  attempts: number;
  /** When the pod last entered the queue (added, or parked after a failure); backoff counts from here. */
  timestamp: number;
  /** When the pod first entered the queue; the activeQ's FIFO order among equal priorities. */
  initialAttemptTimestamp: number;
  /** Plugins that rejected the pod in its last attempt; set by the scheduler before it parks the pod. */
  unschedulablePlugins: Set<string>;
}

/** The queue key of a pod: `namespace/name` (`default` when the namespace is empty). */
export function podQueueKey(pod: Pod): string {
  return `${pod.metadata?.namespace || 'default'}/${pod.metadata?.name ?? ''}`;
}

/** Whether a pod still carries scheduling gates (the SchedulingGates PreEnqueue plugin's rule). */
export function hasSchedulingGates(pod: Pod): boolean {
  return (pod.spec?.schedulingGates?.length ?? 0) > 0;
}
