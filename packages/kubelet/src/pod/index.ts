/** pod: the kubelet's per-pod pieces (runtime state, status, config, probes, the pod worker). */
export type {
  SandboxRuntimeState,
  ContainerRuntimeState,
  PodRuntimeState,
  WaitingReason,
  ContainerWaiting,
  ProbeResults,
} from './runtime-state.js';
