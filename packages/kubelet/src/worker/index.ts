/** The kubelet's pod worker: read a pod's runtime state from CRI, compute what to do, sync it to its spec, kill it. */
export { readPodRuntimeState, listPodSandboxes, nsToMs, type WorkerContainerState, type WorkerPodRuntimeState } from './runtime-state-reader.js';
export { computePodActions, type PodActions, type ContainerStartAction, type ContainerKillAction } from './pod-actions.js';
export { ensureImage, pullPolicyOf, type EnsureImageResult } from './ensure-image.js';
export { syncPod, podDir, type SyncPodOptions, type SyncPodResult } from './sync-pod.js';
export { killPod, type KillPodResult } from './kill-pod.js';
export type { PodWorkerDeps, PodEventSink, PodEventType } from './deps.js';
