/** Which container attempt a logs or exec request means: the pod from the kubelet's cache, the container by name, its attempts from CRI. */
import { badRequest, choosePodContainer, notFound } from '@skiff/api';
import type { ContainerStatus, Pod } from 'kubernetes-types/core/v1.js';
import type { CriClient } from '../cri/index.js';
import { readPodRuntimeState, type WorkerContainerState } from '../worker/index.js';

/** One container of one pod, as skiff.v1.Kubelet requests name it. */
export interface PodContainerRef {
  namespace?: string;
  pod?: string;
  uid?: string;
  container?: string;
}

/** The pods bound to this node, by namespace and name (the kubelet's informer cache). */
export type PodLookup = (namespace: string, name: string) => Pod | undefined;

export interface ResolvedContainer {
  pod: Pod;
  /** The container's name (the request's, or the pod's only container). */
  name: string;
  /** Every attempt CRI still holds, newest first. */
  attempts: WorkerContainerState[];
}

/** The pod and container a request names, with Kubernetes' messages for a missing pod or an unknown or unnamed container. */
export async function resolveContainer(cri: CriClient, lookup: PodLookup, ref: PodContainerRef, kind: 'log' | 'exec'): Promise<ResolvedContainer> {
  const namespace = ref.namespace ?? '';
  const podName = ref.pod ?? '';
  const pod = lookup(namespace, podName);
  if (!pod || (ref.uid && pod.metadata?.uid !== ref.uid)) throw notFound({ resource: 'pods', name: podName });
  const name = choosePodContainer(pod, ref.container, kind);
  const runtime = await readPodRuntimeState(cri, pod.metadata?.uid ?? '');
  return { pod, name, attempts: runtime.containers.filter((c) => c.name === name) };
}

/** Why the container has no attempt yet, from the pod's reported status (ContainerCreating when it has none). */
export function waitingReason(pod: Pod, name: string): string {
  return reportedStatus(pod, name)?.state?.waiting?.reason ?? 'ContainerCreating';
}

function reportedStatus(pod: Pod, name: string): ContainerStatus | undefined {
  return [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])].find((s) => s.name === name);
}

/**
 * The attempt whose log `GET pods/log` shows: the newest. With `previous`, the last terminated one (lastState): while
 * the container waits to be restarted (CrashLoopBackOff) that is the newest attempt itself, else the one before it.
 */
export function logAttempt(resolved: ResolvedContainer, previous: boolean): WorkerContainerState {
  const podName = resolved.pod.metadata?.name ?? '';
  if (previous) {
    const waiting = reportedStatus(resolved.pod, resolved.name)?.state?.waiting !== undefined;
    const candidates = waiting ? resolved.attempts : resolved.attempts.slice(1);
    const prev = candidates.find((c) => c.state === 'CONTAINER_EXITED');
    if (!prev) throw badRequest(`previous terminated container "${resolved.name}" in pod "${podName}" not found`);
    return prev;
  }
  const current = resolved.attempts[0];
  if (!current) throw badRequest(`container "${resolved.name}" in pod "${podName}" is waiting to start: ${waitingReason(resolved.pod, resolved.name)}`);
  return current;
}

/** The running attempt an exec goes into. */
export function runningAttempt(resolved: ResolvedContainer): WorkerContainerState {
  const running = resolved.attempts.find((c) => c.state === 'CONTAINER_RUNNING');
  if (!running) throw badRequest(`container not found ("${resolved.name}")`);
  return running;
}
