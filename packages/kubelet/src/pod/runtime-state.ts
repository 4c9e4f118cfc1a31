/**
 * The shapes the kubelet's pod pieces share: a pod's runtime state as read from CRI, the kubelet's own reasons a
 * container is waiting, and probe results. The pod worker fills them; status, probes and config read them.
 */
import type { ContainerState, PodSandboxState } from '../cri/index.js';

/** A pod sandbox as CRI reports it (times in ms since the epoch). */
export interface SandboxRuntimeState {
  id: string;
  state: PodSandboxState;
  /** The pod IP ('' for hostNetwork pods). */
  ip: string;
  attempt: number;
  createdAt: number;
}

/** One container (one attempt) as CRI reports it (times in ms since the epoch; 0 when not reached). */
export interface ContainerRuntimeState {
  id: string;
  /** The container's name in the pod spec. */
  name: string;
  /** CRI metadata.attempt: the restart count of this container when it was created. */
  attempt: number;
  state: ContainerState;
  createdAt: number;
  startedAt: number;
  finishedAt: number;
  exitCode: number;
  /** CRI's reason: `Completed`, `Error`, `OOMKilled`, ... */
  reason: string;
  message: string;
  /** The image as the spec names it, and the resolved image id (`sha256:...`). */
  image: string;
  imageRef: string;
}

/** Everything CRI holds for one pod: its newest sandbox and every container attempt still present (newest first per name). */
export interface PodRuntimeState {
  sandbox?: SandboxRuntimeState;
  containers: ContainerRuntimeState[];
}

/** The kubelet's own reasons a container is not running yet, as Kubernetes reports them in `state.waiting.reason`. */
export type WaitingReason =
  | 'ContainerCreating'
  | 'PodInitializing'
  | 'ErrImagePull'
  | 'ImagePullBackOff'
  | 'ErrImageNeverPull'
  | 'InvalidImageName'
  | 'CrashLoopBackOff'
  | 'CreateContainerConfigError'
  | 'CreateContainerError'
  | 'RunContainerError';

export interface ContainerWaiting {
  reason: WaitingReason;
  message?: string;
}

/** Probe outcomes per container name (absent: no result yet). */
export interface ProbeResults {
  /** Readiness: true when the container passes its readiness probe (or has none and is running). */
  ready: ReadonlyMap<string, boolean>;
  /** Startup: true once the startup probe succeeded (or there is none). */
  started: ReadonlyMap<string, boolean>;
}
