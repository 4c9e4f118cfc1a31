/** Container statuses (state, lastState, restarts, readiness) of one list of a pod's containers, from CRI attempts, kubelet reasons and probes. */
import type { Container, ContainerState, ContainerStatus, Pod } from 'kubernetes-types/core/v1.js';
import type { ContainerRuntimeState, ContainerWaiting, PodRuntimeState, ProbeResults } from '../pod/runtime-state.js';
import { rfc3339 } from './time-format.js';

/** The runtime prefix of container IDs in the API (`containerd://<id>`). */
export const CONTAINER_ID_PREFIX = 'containerd://';
/** The reason and exit code the kubelet reports for a container that vanished while it ran (upstream ContainerStatusUnknown). */
export const STATUS_UNKNOWN_REASON = 'ContainerStatusUnknown';
const STATUS_UNKNOWN_EXIT_CODE = 137;
const VANISHED_MESSAGE = 'The container could not be located when the pod was deleted.  The container used to be Running';
const UNKNOWN_STATE_MESSAGE = 'The container could not be located when the pod was terminated';

export interface ContainerStatusInput {
  pod: Pod;
  runtime: PodRuntimeState;
  waiting: ReadonlyMap<string, ContainerWaiting>;
  probes: ProbeResults;
  /** The statuses of this list in the previous pod status. */
  previous: readonly ContainerStatus[];
}

/** A sidecar: an init container that keeps running (container restartPolicy Always). */
export function isRestartableInit(container: Container): boolean {
  return container.restartPolicy === 'Always';
}

/** Attempts of one container, newest first (by creation time, then attempt number). */
export function attemptsOf(runtime: PodRuntimeState, name: string): ContainerRuntimeState[] {
  return runtime.containers
    .filter((c) => c.name === name)
    .sort((a, b) => b.createdAt - a.createdAt || b.attempt - a.attempt);
}

function terminatedReason(attempt: ContainerRuntimeState): string {
  if (attempt.reason) return attempt.reason;
  return attempt.exitCode === 0 ? 'Completed' : 'Error';
}

/** The API state of one CRI attempt (`previous`: this container's previous API status, for an unknown state). */
function stateOf(attempt: ContainerRuntimeState, previous: ContainerStatus | undefined): { state: ContainerState; unknownAfterRunning: boolean } {
  switch (attempt.state) {
    case 'CONTAINER_RUNNING':
      return { state: { running: { startedAt: rfc3339(attempt.startedAt) } }, unknownAfterRunning: false };
    case 'CONTAINER_EXITED': {
      const terminated: NonNullable<ContainerState['terminated']> = {
        exitCode: attempt.exitCode,
        reason: terminatedReason(attempt),
        containerID: CONTAINER_ID_PREFIX + attempt.id,
      };
      if (attempt.message) terminated.message = attempt.message;
      if (attempt.startedAt > 0) terminated.startedAt = rfc3339(attempt.startedAt);
      if (attempt.finishedAt > 0) terminated.finishedAt = rfc3339(attempt.finishedAt);
      return { state: { terminated }, unknownAfterRunning: false };
    }
    case 'CONTAINER_UNKNOWN':
      if (previous?.state?.running) {
        const terminated = { exitCode: STATUS_UNKNOWN_EXIT_CODE, reason: STATUS_UNKNOWN_REASON, message: UNKNOWN_STATE_MESSAGE };
        return { state: { terminated }, unknownAfterRunning: true };
      }
      return { state: { waiting: {} }, unknownAfterRunning: false };
    default:
      // Created but not started: waiting to run.
      return { state: { waiting: {} }, unknownAfterRunning: false };
  }
}

/** Whether the kubelet would (re)start this container on its next sync (upstream ShouldContainerBeRestarted). */
export function shouldStart(container: Container, pod: Pod, newest: ContainerRuntimeState | undefined): boolean {
  if (pod.metadata?.deletionTimestamp) return false;
  if (newest === undefined) return true;
  if (newest.state === 'CONTAINER_RUNNING') return false;
  if (newest.state === 'CONTAINER_UNKNOWN' || newest.state === 'CONTAINER_CREATED') return true;
  if (isRestartableInit(container)) return true;
  const policy = pod.spec?.restartPolicy ?? 'Always';
  if (policy === 'Never') return false;
  if (policy === 'OnFailure' && newest.exitCode === 0) return false;
  return true;
}

/** The status a container without any CRI attempt shows: the default waiting reason, history kept from before. */
function withoutAttempts(container: Container, pod: Pod, defaultReason: string, previous: ContainerStatus | undefined): ContainerStatus {
  if (previous?.state?.terminated) return structuredClone(previous);
  const status: ContainerStatus = {
    name: container.name,
    image: container.image ?? '',
    imageID: '',
    ready: false,
    restartCount: previous?.restartCount ?? 0,
    started: false,
    state: { waiting: { reason: defaultReason } },
    lastState: structuredClone(previous?.lastState ?? {}),
  };
  if (previous?.state?.running) {
    // It ran and is gone without a trace: report that, and count a restart unless the pod is going away.
    status.lastState = { terminated: { exitCode: STATUS_UNKNOWN_EXIT_CODE, reason: STATUS_UNKNOWN_REASON, message: VANISHED_MESSAGE } };
    if (!pod.metadata?.deletionTimestamp) status.restartCount += 1;
  }
  return status;
}

/** Probe-derived `started` and `ready` of a container in `state`. */
function probeFlags(container: Container, state: ContainerState, probes: ProbeResults, initNotSidecar: boolean): { started: boolean; ready: boolean } {
  const running = state.running !== undefined;
  const started = running && (probes.started.get(container.name) ?? container.startupProbe === undefined);
  if (initNotSidecar) return { started, ready: state.terminated !== undefined && state.terminated.exitCode === 0 };
  const ready = started && (probes.ready.get(container.name) ?? container.readinessProbe === undefined);
  return { started, ready };
}

/**
 * The statuses of `containers` (a pod's init or regular containers) in spec order. The newest attempt gives the
 * state, the one before it `lastState`; a container the kubelet is about to (re)start shows its waiting reason from
 * `input.waiting` instead, its last termination moving to `lastState`.
 */
export function containerStatuses(containers: readonly Container[], input: ContainerStatusInput, isInit: boolean): ContainerStatus[] {
  const { pod, runtime, waiting, probes } = input;
  const previousByName = new Map(input.previous.map((s) => [s.name, s]));
  const defaultReason = (pod.spec?.initContainers ?? []).length > 0 ? 'PodInitializing' : 'ContainerCreating';
  return containers.map((container) => {
    const previous = previousByName.get(container.name);
    const attempts = attemptsOf(runtime, container.name);
    const newest = attempts[0];
    let status: ContainerStatus;
    if (newest === undefined) {
      status = withoutAttempts(container, pod, defaultReason, previous);
    } else {
      const { state, unknownAfterRunning } = stateOf(newest, previous);
      const older = attempts[1];
      status = {
        name: container.name,
        image: newest.image || container.image || '',
        imageID: newest.imageRef,
        containerID: CONTAINER_ID_PREFIX + newest.id,
        ready: false,
        restartCount: unknownAfterRunning ? (previous?.restartCount ?? 0) + 1 : newest.attempt,
        started: false,
        state,
        lastState: older ? stateOf(older, undefined).state : {},
      };
    }
    const succeededInit = isInit && !isRestartableInit(container) && newest?.state === 'CONTAINER_EXITED' && newest.exitCode === 0;
    const reason = waiting.get(container.name);
    if (reason && !succeededInit && shouldStart(container, pod, newest)) {
      if (status.state?.terminated) status.lastState = status.state;
      status.state = { waiting: reason.message ? { reason: reason.reason, message: reason.message } : { reason: reason.reason } };
    }
    const flags = probeFlags(container, status.state ?? {}, probes, isInit && !isRestartableInit(container));
    status.started = flags.started;
    status.ready = flags.ready;
    return status;
  });
}
