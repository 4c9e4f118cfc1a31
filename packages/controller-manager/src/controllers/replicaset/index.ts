/** replicaset: the ReplicaSet controller, and the pod control other workload controllers can reuse. */
export { replicaSetController, ReplicaSetController, REPLICASETS, BURST_REPLICAS, SLOW_START_INITIAL_BATCH_SIZE } from './replica-set-controller.js';
export {
  PodControl,
  podFromTemplate,
  isNamespaceTerminating,
  PODS,
  SUCCESSFUL_CREATE_POD_REASON,
  FAILED_CREATE_POD_REASON,
  SUCCESSFUL_DELETE_POD_REASON,
  FAILED_DELETE_POD_REASON,
} from './pod-control.js';
export { PodExpectations } from './pod-expectations.js';
export { slowStartBatch, type SlowStartResult } from './slow-start.js';
export { podsToDelete, compareForDeletion, POD_DELETION_COST_ANNOTATION, type RankedPod } from './pod-ranking.js';
export { isPodActive, isPodReady, isPodAvailable, podReadySince, podKey } from './pod-state.js';
export { calculateStatus, statusUpToDate, REPLICA_FAILURE } from './replica-set-status.js';
