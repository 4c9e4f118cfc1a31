/** Names of the cluster events that move pods between sub-queues (the `event` label of the queue metrics). */

/** An event name; the set is open, so the framework may name finer-grained events of its own. */
export type ClusterEvent = string;

/** kube-scheduler's event labels for the events Skiff raises. */
export const ClusterEvents = {
  NodeAdd: 'NodeAdd',
  /** Any change of a Node; finer kinds below let queueing hints be more selective. */
  NodeUpdate: 'NodeUpdate',
  NodeSpecUnschedulableChange: 'NodeSpecUnschedulableChange',
  NodeAllocatableChange: 'NodeAllocatableChange',
  NodeLabelChange: 'NodeLabelChange',
  NodeTaintChange: 'NodeTaintChange',
  NodeConditionChange: 'NodeConditionChange',
  /** A pod bound to a node was deleted (frees resources, ports, anti-affinity). */
  PodDelete: 'PodDelete',
  AssignedPodAdd: 'AssignedPodAdd',
  AssignedPodUpdate: 'AssignedPodUpdate',
  /** Internal: a pending pod was added or updated. */
  PodAdd: 'PodAdd',
  PodUpdate: 'PodUpdate',
  /** Internal: an attempt failed and the pod was parked or backed off. */
  ScheduleAttemptFailure: 'ScheduleAttemptFailure',
  /** Internal: a pod's backoff expired. */
  BackoffComplete: 'BackoffComplete',
  /** Internal: a pod stayed parked longer than podMaxInUnschedulablePodsDuration. */
  UnschedulableTimeout: 'UnschedulableTimeout',
  /** Internal: a pod was activated explicitly. */
  ForceActivate: 'ForceActivate',
} as const satisfies Record<string, ClusterEvent>;

/** Events that move every parked pod whatever its failed plugins care about (wildcard events upstream). */
export const WILDCARD_EVENTS: ReadonlySet<ClusterEvent> = new Set([ClusterEvents.UnschedulableTimeout, ClusterEvents.ForceActivate]);

/** Queueing-hint key whose plugins care about every event. */
export const ANY_EVENT = '*';
