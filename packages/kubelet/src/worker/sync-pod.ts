/** syncPod: one pass of the pod worker — compute the pod's actions and carry them out through CRI, then report the new runtime state. */
import { join } from 'node:path';
import type { Container, Pod } from 'kubernetes-types/core/v1.js';
import type { CriInput, PodSandboxConfig } from '../cri/index.js';
import type { ContainerWaiting, WaitingReason } from '../pod/index.js';
import {
  buildContainerConfig,
  isContainerConfigError,
  podHostnameAndDomain,
  podSandboxConfig,
  preparePodVolumes,
  writeEtcHosts,
} from '../podconfig/index.js';
import { podDescription } from '../status/index.js';
import type { PodWorkerDeps } from './deps.js';
import { ensureImage } from './ensure-image.js';
import { computePodActions, type ContainerStartAction, type PodActions } from './pod-actions.js';
import { readPodRuntimeState, type WorkerPodRuntimeState } from './runtime-state-reader.js';

/** The API default of terminationGracePeriodSeconds. */
const DEFAULT_GRACE_SECONDS = 30;

export interface SyncPodOptions {
  /** Containers to restart even though they run (their liveness probe failed). */
  restart?: ReadonlySet<string>;
}

export interface SyncPodResult {
  /** The pod's runtime state after the sync (input of computePodStatus). */
  runtime: WorkerPodRuntimeState;
  /** Why containers the worker wanted to run do not (input of computePodStatus). */
  waiting: Map<string, ContainerWaiting>;
  /** What this sync set out to do. */
  actions: PodActions;
  /** A pod-level failure (volumes, sandbox) that stopped the sync; the next sync retries. */
  error?: string;
}

/** The per-pod directory of the node. */
export function podDir(deps: Pick<PodWorkerDeps, 'podsDir'>, pod: Pod): string {
  return join(deps.podsDir, pod.metadata?.uid ?? '');
}

function sandboxConfigFor(deps: PodWorkerDeps, pod: Pod, attempt: number): CriInput<PodSandboxConfig> {
  return podSandboxConfig(pod, {
    nodeName: deps.nodeName,
    podLogsDir: deps.logsDir,
    cgroupRoot: deps.cgroupRoot,
    clusterDNS: deps.clusterDNS,
    clusterDomain: deps.clusterDomain,
    resolvConfPath: deps.resolvConfPath,
    attempt,
  });
}

function gracePeriodOf(pod: Pod): number {
  return pod.spec?.terminationGracePeriodSeconds ?? DEFAULT_GRACE_SECONDS;
}

/** Every container the pod wants to run, marked with `reason` (used when the sandbox or volumes are not there). */
function allWaiting(pod: Pod, reason: WaitingReason, message?: string): Map<string, ContainerWaiting> {
  const out = new Map<string, ContainerWaiting>();
  for (const c of [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])]) out.set(c.name, message ? { reason, message } : { reason });
  return out;
}

interface StartContext {
  deps: PodWorkerDeps;
  pod: Pod;
  sandboxId: string;
  sandboxConfig: CriInput<PodSandboxConfig>;
  podIP: string;
}

/** Image, config, create, start of one container; returns the waiting state when it could not be started. */
async function startContainer(ctx: StartContext, action: ContainerStartAction): Promise<ContainerWaiting | undefined> {
  const { deps, pod } = ctx;
  const c: Container = action.container;
  const image = await ensureImage(deps, pod, c);
  if (!image.ok) return image.waiting;
  let config;
  try {
    config = (
      await buildContainerConfig(pod, c, {
        attempt: action.attempt,
        podDir: podDir(deps, pod),
        imageRef: image.image,
        envSources: { ...deps.sources, podIP: ctx.podIP, podIPs: ctx.podIP ? [ctx.podIP] : [], hostIP: deps.hostIP, hostIPs: deps.hostIP ? [deps.hostIP] : [], nodeName: deps.nodeName },
      })
    ).config;
  } catch (e) {
    if (!isContainerConfigError(e)) throw e;
    deps.events(pod, 'Warning', 'Failed', `Error: ${e.message}`);
    return { reason: 'CreateContainerConfigError', message: e.message };
  }
  let id: string;
  try {
    id = (await deps.cri.createContainer({ pod_sandbox_id: ctx.sandboxId, config, sandbox_config: ctx.sandboxConfig })).container_id;
  } catch (e) {
    const message = (e as Error).message;
    deps.events(pod, 'Warning', 'Failed', `Error: ${message}`);
    return { reason: 'CreateContainerError', message };
  }
  deps.events(pod, 'Normal', 'Created', `Created container ${c.name}`);
  try {
    await deps.cri.startContainer(id);
  } catch (e) {
    const message = (e as Error).message;
    deps.events(pod, 'Warning', 'Failed', `Error: ${message}`);
    return { reason: 'RunContainerError', message };
  }
  deps.events(pod, 'Normal', 'Started', `Started container ${c.name}`);
  return undefined;
}

/** Removes exited attempts beyond the newest exited one of each container (that one stays for lastState). */
async function pruneDeadAttempts(deps: PodWorkerDeps, state: WorkerPodRuntimeState): Promise<boolean> {
  const seenDead = new Set<string>();
  let removed = false;
  for (const c of state.containers) {
    if (c.state === 'CONTAINER_RUNNING') continue;
    if (!seenDead.has(c.name)) {
      seenDead.add(c.name);
      continue;
    }
    await deps.cri.removeContainer(c.id);
    removed = true;
  }
  return removed;
}

/**
 * Brings `pod` one step closer to its spec: reads its runtime state, computes the actions, stops what must stop,
 * (re)creates the sandbox with volumes and /etc/hosts, starts the next init container or the regular containers,
 * prunes old attempts, and returns the new runtime state and waiting reasons for computePodStatus.
 */
export async function syncPod(deps: PodWorkerDeps, pod: Pod, opts: SyncPodOptions = {}): Promise<SyncPodResult> {
  const uid = pod.metadata?.uid ?? '';
  const before = await readPodRuntimeState(deps.cri, uid);
  const actions = computePodActions(pod, before, deps.backoffs.crashLoop, deps.clock.now(), opts.restart);
  const waiting = new Map(actions.waiting);
  for (const name of waiting.keys()) deps.events(pod, 'Warning', 'BackOff', `Back-off restarting failed container ${name} in pod ${podDescription(pod)}`);

  if (actions.killPod && before.sandbox) {
    if (actions.createSandbox) deps.events(pod, 'Normal', 'SandboxChanged', 'Pod sandbox changed, it will be killed and re-created.');
    await Promise.all(
      before.containers.filter((c) => c.state === 'CONTAINER_RUNNING').map((c) => deps.cri.stopContainer(c.id, gracePeriodOf(pod))),
    );
    await deps.cri.stopPodSandbox(before.sandbox.id);
  }
  if (actions.killPod && !actions.createSandbox) return { runtime: await readPodRuntimeState(deps.cri, uid), waiting, actions };

  const dir = podDir(deps, pod);
  try {
    await preparePodVolumes(pod, dir, deps.sources);
  } catch (e) {
    const message = `MountVolume.SetUp failed: ${(e as Error).message}`;
    deps.events(pod, 'Warning', 'FailedMount', message);
    return { runtime: before, waiting: allWaiting(pod, 'ContainerCreating'), actions, error: message };
  }

  let sandboxId = actions.sandboxId ?? '';
  const attempt = actions.createSandbox ? actions.sandboxAttempt : (before.sandbox?.attempt ?? 0);
  const sandboxConfig = sandboxConfigFor(deps, pod, attempt);
  let podIP = before.sandbox?.ip ?? '';
  if (actions.createSandbox) {
    try {
      sandboxId = (await deps.cri.runPodSandbox({ config: sandboxConfig })).pod_sandbox_id;
      podIP = (await deps.cri.podSandboxStatus(sandboxId)).status?.network?.ip ?? '';
    } catch (e) {
      const message = `Failed to create pod sandbox: ${(e as Error).message}`;
      deps.events(pod, 'Warning', 'FailedCreatePodSandBox', message);
      return { runtime: await readPodRuntimeState(deps.cri, uid), waiting: allWaiting(pod, 'ContainerCreating'), actions, error: message };
    }
    const { hostname, domain } = podHostnameAndDomain(pod, deps.clusterDomain);
    await writeEtcHosts(dir, podIP, hostname, pod.spec?.hostAliases ?? [], { domain, hostNetwork: pod.spec?.hostNetwork ?? false });
  }

  for (const k of actions.containersToKill) {
    deps.events(pod, 'Normal', 'Killing', k.message);
    await deps.cri.stopContainer(k.id, gracePeriodOf(pod));
  }

  const ctx: StartContext = { deps, pod, sandboxId, sandboxConfig, podIP };
  const starts = actions.initToStart ? [actions.initToStart] : actions.containersToStart;
  for (const start of starts) {
    const w = await startContainer(ctx, start);
    if (w) waiting.set(start.container.name, w);
  }

  let runtime = await readPodRuntimeState(deps.cri, uid);
  if (await pruneDeadAttempts(deps, runtime)) runtime = await readPodRuntimeState(deps.cri, uid);
  return { runtime, waiting, actions };
}
