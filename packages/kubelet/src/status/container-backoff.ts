/** CrashLoopBackOff bookkeeping: how long a failed container waits before its next restart, and the waiting state it shows meanwhile. */
import type { Clock } from '@skiff/runtime';
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { ContainerWaiting } from '../pod/runtime-state.js';
import { KeyedBackoff } from './backoff.js';
import { goDuration } from './time-format.js';

/** The kubelet's first restart delay for a crashed container (upstream: 10 s). */
export const CONTAINER_BACKOFF_INITIAL_MS = 10_000;
/** The kubelet's cap on the restart delay (upstream MaxContainerBackOff: 5 min); 10 min of running resets it. */
export const CONTAINER_BACKOFF_MAX_MS = 300_000;

/** `name_namespace(uid)`: how kubelet messages name a pod (upstream format.Pod). */
export function podDescription(pod: Pod): string {
  const meta = pod.metadata ?? {};
  return `${meta.name ?? ''}_${meta.namespace ?? ''}(${meta.uid ?? ''})`;
}

/** `back-off 10s restarting failed container=c pod=p_ns(uid)`: the CrashLoopBackOff waiting message. */
export function crashLoopMessage(delayMs: number, containerName: string, pod: Pod): string {
  return `back-off ${goDuration(delayMs)} restarting failed container=${containerName} pod=${podDescription(pod)}`;
}

/** Per-container restart back-off (10 s doubling to 5 min), keyed by pod and container. */
export class CrashLoopBackoff extends KeyedBackoff {

  constructor(clock: Pick<Clock, 'now'>, options: { initialMs?: number; maxMs?: number } = {}) {
    super({ initialMs: options.initialMs ?? CONTAINER_BACKOFF_INITIAL_MS, maxMs: options.maxMs ?? CONTAINER_BACKOFF_MAX_MS, clock });
  }

  /** The stable key of one container of one pod (a recreated pod has a new uid, so a fresh back-off). */
  static key(pod: Pod, containerName: string): string {
    const meta = pod.metadata ?? {};
    return `${meta.name ?? ''}_${meta.namespace ?? ''}_${meta.uid ?? ''}_${containerName}`;
  }

  /** True while the container, which finished at `finishedAt`, must still wait before restarting. */
  isInBackOff(key: string, finishedAt: number, now?: number): boolean {
    return this.backoff.isInBackOffSince(key, finishedAt, now);
  }

  /** Records a restart of a container that finished at `finishedAt` (doubling the delay, or starting over after 10 min of running). */
  next(key: string, finishedAt: number): void {
    this.backoff.next(key, finishedAt);
  }

  /**
   * What the pod worker asks before restarting an exited container: the CrashLoopBackOff waiting state while it
   * must wait; otherwise undefined, having recorded this restart (as the kubelet's doBackOff does).
   */
  beforeRestart(pod: Pod, containerName: string, finishedAt: number, now?: number): ContainerWaiting | undefined {
    const key = CrashLoopBackoff.key(pod, containerName);
    if (this.isInBackOff(key, finishedAt, now)) {
      return { reason: 'CrashLoopBackOff', message: crashLoopMessage(this.delay(key), containerName, pod) };
    }
    this.next(key, finishedAt);
    return undefined;
  }
}
