/** killPod: stops a pod for good — preStop exec hooks, containers with the grace period, every sandbox stopped and removed, volumes torn down. */
import { rm } from 'node:fs/promises';
import type { Container, Pod } from 'kubernetes-types/core/v1.js';
import { isCriNotFound } from '../cri/index.js';
import { teardownPodVolumes } from '../podconfig/index.js';
import type { PodWorkerDeps } from './deps.js';
import { listPodSandboxes, readPodRuntimeState } from './runtime-state-reader.js';
import { podDir } from './sync-pod.js';

/** The API default of terminationGracePeriodSeconds. */
const DEFAULT_GRACE_SECONDS = 30;

export interface KillPodResult {
  /** Mount points under the pod's volumes that could not be unmounted (empty: the pod dir is gone). */
  volumesLeft: string[];
}

function ignoreNotFound(e: unknown): void {
  if (!isCriNotFound(e)) throw e;
}

/** Runs the container's preStop exec hook (other handler kinds are not supported yet); failures become FailedPreStopHook events. */
async function runPreStop(deps: PodWorkerDeps, pod: Pod, spec: Container | undefined, id: string, graceSeconds: number): Promise<void> {
  const command = spec?.lifecycle?.preStop?.exec?.command;
  if (!command || command.length === 0) return;
  try {
    const res = await deps.cri.execSync(id, command, graceSeconds);
    if (res.exit_code !== 0) {
      deps.events(pod, 'Warning', 'FailedPreStopHook', `PreStopHook failed: command '${command.join(' ')}' exited with ${res.exit_code}: ${res.stderr.toString()}`);
    }
  } catch (e) {
    deps.events(pod, 'Warning', 'FailedPreStopHook', `PreStopHook failed: ${(e as Error).message}`);
  }
}

/**
 * Stops everything of `pod` on the node: preStop hooks and StopContainer (SIGTERM, SIGKILL after
 * `gracePeriodSeconds`, default the pod's terminationGracePeriodSeconds) for every running container in parallel,
 * then StopPodSandbox and RemovePodSandbox for every sandbox of the pod (which removes its containers), then the
 * pod's volumes and directory. Container logs stay.
 */
export async function killPod(deps: PodWorkerDeps, pod: Pod, gracePeriodSeconds?: number): Promise<KillPodResult> {
  const uid = pod.metadata?.uid ?? '';
  const grace = gracePeriodSeconds ?? pod.spec?.terminationGracePeriodSeconds ?? DEFAULT_GRACE_SECONDS;
  const specs = new Map([...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])].map((c) => [c.name, c]));
  const state = await readPodRuntimeState(deps.cri, uid);
  await Promise.all(
    state.containers
      .filter((c) => c.state === 'CONTAINER_RUNNING')
      .map(async (c) => {
        await runPreStop(deps, pod, specs.get(c.name), c.id, grace);
        deps.events(pod, 'Normal', 'Killing', `Stopping container ${c.name}`);
        await deps.cri.stopContainer(c.id, grace).catch(ignoreNotFound);
      }),
  );
  for (const sb of await listPodSandboxes(deps.cri, uid)) {
    await deps.cri.stopPodSandbox(sb.id).catch(ignoreNotFound);
    await deps.cri.removePodSandbox(sb.id);
  }
  const dir = podDir(deps, pod);
  const volumesLeft = await teardownPodVolumes(dir);
  if (volumesLeft.length === 0) await rm(dir, { recursive: true, force: true });
  return { volumesLeft };
}
