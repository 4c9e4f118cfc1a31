/** readPodRuntimeState: one pod's sandboxes and container attempts as CRI reports them, mapped to the shared runtime-state shapes. */
import type { CriClient, PodSandbox } from '../cri/index.js';
import { isCriNotFound } from '../cri/index.js';
import type { ContainerRuntimeState, PodRuntimeState } from '../pod/index.js';
import { CONTAINER_HASH_ANNOTATION, POD_UID_LABEL } from '../podconfig/index.js';

/** A container attempt plus the spec hash the kubelet stamped on it (io.kubernetes.container.hash; '' when absent). */
export interface WorkerContainerState extends ContainerRuntimeState {
  hash: string;
  /** The sandbox the attempt belongs to. */
  sandboxId: string;
}

/** PodRuntimeState whose containers carry their spec hash. */
export interface WorkerPodRuntimeState extends PodRuntimeState {
  containers: WorkerContainerState[];
}

const NS_PER_MS = 1_000_000n;

/** CRI's int64 nanoseconds (as a decimal string) -> ms since the epoch; 0 stays 0. */
export function nsToMs(ns: string | number | undefined | null): number {
  if (ns === undefined || ns === null || ns === '') return 0;
  return Number(BigInt(ns) / NS_PER_MS);
}

/** Every sandbox CRI holds for the pod (label io.kubernetes.pod.uid), newest first. */
export async function listPodSandboxes(cri: CriClient, podUid: string): Promise<PodSandbox[]> {
  const items = await cri.listPodSandbox({ label_selector: { [POD_UID_LABEL]: podUid } });
  return items.sort((a, b) => {
    const d = BigInt(b.created_at) - BigInt(a.created_at);
    return d > 0n ? 1 : d < 0n ? -1 : (b.metadata?.attempt ?? 0) - (a.metadata?.attempt ?? 0);
  });
}

/**
 * The pod's newest sandbox (with its IP) and every container attempt of the pod in any of its sandboxes, newest
 * first. Containers are listed by pod uid, not by sandbox: attempt numbers must keep counting across sandboxes
 * (containerd reserves container names per pod and attempt).
 */
export async function readPodRuntimeState(cri: CriClient, podUid: string): Promise<WorkerPodRuntimeState> {
  const sandboxes = await listPodSandboxes(cri, podUid);
  const state: WorkerPodRuntimeState = { containers: [] };
  const newest = sandboxes[0];
  if (newest) {
    let ip = '';
    try {
      ip = (await cri.podSandboxStatus(newest.id)).status?.network?.ip ?? '';
    } catch (e) {
      if (!isCriNotFound(e)) throw e;
    }
    state.sandbox = { id: newest.id, state: newest.state, ip, attempt: newest.metadata?.attempt ?? 0, createdAt: nsToMs(newest.created_at) };
  }
  const listed = await cri.listContainers({ label_selector: { [POD_UID_LABEL]: podUid } });
  for (const c of listed) {
    let st;
    try {
      st = (await cri.containerStatus(c.id)).status;
    } catch (e) {
      if (isCriNotFound(e)) continue; // removed between list and status
      throw e;
    }
    if (!st) continue;
    state.containers.push({
      id: c.id,
      sandboxId: c.pod_sandbox_id,
      name: st.metadata?.name ?? c.metadata?.name ?? '',
      attempt: st.metadata?.attempt ?? c.metadata?.attempt ?? 0,
      state: st.state,
      createdAt: nsToMs(st.created_at),
      startedAt: nsToMs(st.started_at),
      finishedAt: nsToMs(st.finished_at),
      exitCode: st.exit_code,
      reason: st.reason,
      message: st.message,
      image: st.image?.image ?? c.image?.image ?? '',
      imageRef: st.image_ref,
      hash: st.annotations?.[CONTAINER_HASH_ANNOTATION] ?? '',
    });
  }
  state.containers.sort((a, b) => b.createdAt - a.createdAt || b.attempt - a.attempt);
  return state;
}
