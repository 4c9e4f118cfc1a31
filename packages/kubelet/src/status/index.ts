/** status: the pod status the kubelet reports (phase, conditions, container statuses), its patch, and restart/pull back-offs. */
export { computePodStatus, type PodStatusInput } from './compute-pod-status.js';
export { containerStatuses, attemptsOf, shouldStart, isRestartableInit, CONTAINER_ID_PREFIX, STATUS_UNKNOWN_REASON, type ContainerStatusInput } from './container-statuses.js';
export { podPhase, anyRegularStarted, type PodPhase } from './pod-phase.js';
export { podConditions, KUBELET_CONDITION_TYPES, type ConditionInput } from './pod-conditions.js';
export { qosClassOf, type QosClass } from './qos-class.js';
export { statusEqual } from './status-equal.js';
export { mergeStatusPatch, type StatusPatch } from './status-patch.js';
export { Backoff, type BackoffOptions } from './backoff.js';
export { CrashLoopBackoff, crashLoopMessage, podDescription, CONTAINER_BACKOFF_INITIAL_MS, CONTAINER_BACKOFF_MAX_MS } from './container-backoff.js';
export { ImageBackoff, imagePullBackOffMessage, IMAGE_BACKOFF_INITIAL_MS, IMAGE_BACKOFF_MAX_MS } from './image-backoff.js';
export { rfc3339, goDuration } from './time-format.js';
