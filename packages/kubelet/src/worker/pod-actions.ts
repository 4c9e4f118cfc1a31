/** computePodActions: what one sync must do to make a pod's runtime state match its spec (sandbox, init containers, starts, kills, back-off waits). */
import type { Container, Pod } from 'kubernetes-types/core/v1.js';
import type { ContainerRuntimeState, ContainerWaiting, PodRuntimeState } from '../pod/index.js';
import { containerHash } from '../podconfig/index.js';
import { attemptsOf, isRestartableInit, shouldStart, type CrashLoopBackoff } from '../status/index.js';

/** Start one container; `attempt` is its restart count (CRI metadata.attempt). */
export interface ContainerStartAction {
  container: Container;
  init: boolean;
  attempt: number;
}

/** Stop one running container attempt (`message` is the Killing event's text). */
export interface ContainerKillAction {
  id: string;
  name: string;
  message: string;
}

export interface PodActions {
  /** Stop the current sandbox and everything in it (before re-creating it, or because the pod is done). */
  killPod: boolean;
  createSandbox: boolean;
  /** The attempt of the sandbox to create (previous + 1). */
  sandboxAttempt: number;
  /** The sandbox the containers run in when it is kept. */
  sandboxId?: string;
  /** The next init container to start (at most one per sync, in spec order). */
  initToStart?: ContainerStartAction;
  /** Regular containers (and sidecars) to start. */
  containersToStart: ContainerStartAction[];
  containersToKill: ContainerKillAction[];
  /** Containers held back by CrashLoopBackOff. */
  waiting: Map<string, ContainerWaiting>;
}

type Attempt = ContainerRuntimeState & { hash?: string };

function restartPolicyOf(pod: Pod): string {
  return pod.spec?.restartPolicy ?? 'Always';
}

/** The restart count of a container's next attempt: one more than its newest attempt's. */
function nextAttempt(newest: Attempt | undefined): number {
  return newest === undefined ? 0 : newest.attempt + 1;
}

/** Start `c` unless CrashLoopBackOff holds it back (only an exited attempt backs off). */
function startOrWait(
  pod: Pod,
  c: Container,
  init: boolean,
  newest: Attempt | undefined,
  backoff: CrashLoopBackoff,
  now: number,
  waiting: Map<string, ContainerWaiting>,
): ContainerStartAction | undefined {
  if (newest?.state === 'CONTAINER_EXITED') {
    const wait = backoff.beforeRestart(pod, c.name, newest.finishedAt, now);
    if (wait) {
      waiting.set(c.name, wait);
      return undefined;
    }
  }
  return { container: c, init, attempt: nextAttempt(newest) };
}

/** Why a running attempt must be killed (spec changed, or the caller asks, e.g. liveness failed); undefined to keep it. */
function killReason(c: Container, newest: Attempt, restart: ReadonlySet<string>): { message: string; restartAnyway: boolean } | undefined {
  if (newest.hash && newest.hash !== containerHash(c)) {
    return { message: `Container ${c.name} definition changed, will be restarted`, restartAnyway: true };
  }
  if (restart.has(c.name)) return { message: `Container ${c.name} failed liveness probe, will be restarted`, restartAnyway: false };
  return undefined;
}

/** Outcome of walking the init containers of a pod whose sandbox is ready. */
interface InitProgress {
  done: boolean;
  /** A regular init container failed for good (restartPolicy Never). */
  failed: boolean;
}

function walkInit(pod: Pod, state: PodRuntimeState, backoff: CrashLoopBackoff, now: number, restart: ReadonlySet<string>, out: PodActions): InitProgress {
  const policy = restartPolicyOf(pod);
  for (const c of pod.spec?.initContainers ?? []) {
    const newest = attemptsOf(state, c.name)[0] as Attempt | undefined;
    if (isRestartableInit(c)) {
      if (newest?.state === 'CONTAINER_RUNNING') {
        const kill = killReason(c, newest, restart);
        if (!kill) continue;
        out.containersToKill.push({ id: newest.id, name: c.name, message: kill.message });
        out.initToStart = { container: c, init: true, attempt: nextAttempt(newest) };
        return { done: false, failed: false };
      }
      out.initToStart = startOrWait(pod, c, true, newest, backoff, now, out.waiting);
      return { done: false, failed: false };
    }
    if (newest === undefined) {
      out.initToStart = { container: c, init: true, attempt: 0 };
      return { done: false, failed: false };
    }
    if (newest.state === 'CONTAINER_RUNNING') return { done: false, failed: false };
    if (newest.state === 'CONTAINER_EXITED' && newest.exitCode === 0) continue;
    // failed, created-but-not-started or unknown
    if (newest.state === 'CONTAINER_EXITED' && policy === 'Never') return { done: false, failed: true };
    out.initToStart = startOrWait(pod, c, true, newest, backoff, now, out.waiting);
    return { done: false, failed: false };
  }
  return { done: true, failed: false };
}

/**
 * What to do for `pod` given its runtime `state` (as upstream computePodActions): a missing or not-ready sandbox
 * means a new sandbox (attempt + 1) and every container (re)created from the first init container; otherwise init
 * containers run one at a time in order, then regular containers start as restartPolicy allows, running ones whose
 * spec changed or that are named in `restart` (liveness failed) are killed, and exited ones wait out CrashLoopBackOff
 * (`backoff.beforeRestart` also records the restart it lets through). `now` is in ms.
 */
export function computePodActions(
  pod: Pod,
  state: PodRuntimeState,
  backoff: CrashLoopBackoff,
  now: number,
  restart: ReadonlySet<string> = new Set(),
): PodActions {
  const out: PodActions = { killPod: false, createSandbox: false, sandboxAttempt: 0, containersToStart: [], containersToKill: [], waiting: new Map() };
  const policy = restartPolicyOf(pod);
  const containers = pod.spec?.containers ?? [];
  const inits = pod.spec?.initContainers ?? [];
  const sandbox = state.sandbox;

  if (!sandbox || sandbox.state !== 'SANDBOX_READY') {
    out.createSandbox = true;
    out.killPod = sandbox !== undefined;
    out.sandboxAttempt = sandbox ? sandbox.attempt + 1 : 0;
    // A pod that ran once under restartPolicy Never never gets a new sandbox.
    if (sandbox && policy === 'Never' && state.containers.length > 0) {
      out.createSandbox = false;
      return out;
    }
    // Only containers that would run again count: a finished pod (e.g. OnFailure, all succeeded) gets no sandbox.
    const startable = containers.filter((c) => shouldStart(c, pod, attemptsOf(state, c.name)[0]));
    if (startable.length === 0 && sandbox) {
      out.createSandbox = false;
      return out;
    }
    if (inits.length > 0) {
      const first = inits[0]!;
      out.initToStart = startOrWait(pod, first, true, attemptsOf(state, first.name)[0], backoff, now, out.waiting);
      return out;
    }
    for (const c of startable) {
      const start = startOrWait(pod, c, false, attemptsOf(state, c.name)[0], backoff, now, out.waiting);
      if (start) out.containersToStart.push(start);
    }
    return out;
  }

  out.sandboxId = sandbox.id;
  const init = walkInit(pod, state, backoff, now, restart, out);
  if (init.failed) {
    out.killPod = true;
    return out;
  }
  if (!init.done) return out;

  let keep = 0;
  for (const c of containers) {
    const newest = attemptsOf(state, c.name)[0] as Attempt | undefined;
    if (newest?.state === 'CONTAINER_RUNNING') {
      const kill = killReason(c, newest, restart);
      if (!kill) {
        keep++;
        continue;
      }
      out.containersToKill.push({ id: newest.id, name: c.name, message: kill.message });
      if (kill.restartAnyway || policy !== 'Never') out.containersToStart.push({ container: c, init: false, attempt: nextAttempt(newest) });
      continue;
    }
    if (!shouldStart(c, pod, newest)) continue;
    const start = startOrWait(pod, c, false, newest, backoff, now, out.waiting);
    if (start) out.containersToStart.push(start);
    else keep++; // waiting out a back-off: the pod is not done
  }
  // Nothing runs and nothing will: the pod is finished, release its sandbox (and IP).
  if (keep === 0 && out.containersToStart.length === 0 && !pod.metadata?.deletionTimestamp) out.killPod = true;
  return out;
}
