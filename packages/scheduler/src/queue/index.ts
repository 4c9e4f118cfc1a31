/** The scheduling queue: activeQ, backoffQ and unschedulablePods, as kube-scheduler has them. */
export { SchedulingQueue, isPodUpdated, type SchedulingQueueOptions, type PendingPod, type QueueingHints } from './scheduling-queue.js';
export { podQueueKey, hasSchedulingGates, type QueuedPodInfo } from './queued-pod-info.js';
export { ClusterEvents, WILDCARD_EVENTS, ANY_EVENT, type ClusterEvent } from './cluster-events.js';
export { backoffDuration } from './backoff.js';
export { SchedulingQueueMetrics, type QueueName } from './metrics.js';
export {
  DEFAULT_POD_INITIAL_BACKOFF_MS,
  DEFAULT_POD_MAX_BACKOFF_MS,
  DEFAULT_POD_MAX_IN_UNSCHEDULABLE_PODS_DURATION_MS,
  UNSCHEDULABLE_PODS_FLUSH_INTERVAL_MS,
} from './constants.js';
export { Nominator, nominatedNodeName } from './nominator.js';
