/** A pod's phase from its container statuses and restart policy, as the kubelet's getPhase decides it. */
import type { ContainerStatus, Pod } from 'kubernetes-types/core/v1.js';
import { isRestartableInit } from './container-statuses.js';

export type PodPhase = 'Pending' | 'Running' | 'Succeeded' | 'Failed' | 'Unknown';

/** True when some regular container runs or ran (so the pod was initialized once). */
export function anyRegularStarted(statuses: readonly ContainerStatus[]): boolean {
  return statuses.some((s) => s.state?.running !== undefined || s.state?.terminated !== undefined);
}

/**
 * Pending until every regular init container succeeded and every container started; Running while some container
 * runs (or all exited and will restart); Succeeded/Failed once all exited and none will restart. `terminal`: the
 * kubelet has stopped the pod for good (deleted, evicted, past its deadline), so nothing restarts whatever the policy.
 */
export function podPhase(pod: Pod, initStatuses: readonly ContainerStatus[], statuses: readonly ContainerStatus[], terminal = false): PodPhase {
  const spec = pod.spec ?? { containers: [] };
  const restartPolicy = spec.restartPolicy ?? 'Always';
  const initByName = new Map(initStatuses.map((s) => [s.name, s]));
  const byName = new Map(statuses.map((s) => [s.name, s]));

  let pendingInit = 0;
  let pendingSidecars = 0;
  let failedInit = 0;
  let unknown = 0;
  let running = 0;
  let waiting = 0;
  let stopped = 0;
  let succeeded = 0;

  for (const container of spec.initContainers ?? []) {
    const s = initByName.get(container.name);
    const state = s?.state ?? {};
    if (isRestartableInit(container)) {
      if (s === undefined) unknown++;
      else if (state.running) {
        if (s.started !== true) pendingSidecars++;
        running++;
      } else if (state.terminated) {
        // An exited sidecar does not count.
      } else if (state.waiting) {
        if (!s.lastState?.terminated) {
          pendingSidecars++;
          waiting++;
        }
      } else {
        pendingSidecars++;
        unknown++;
      }
      continue;
    }
    if (s === undefined || state.running) pendingInit++;
    else if (state.terminated) {
      if (state.terminated.exitCode !== 0) failedInit++;
    } else if (state.waiting && s.lastState?.terminated) {
      if (s.lastState.terminated.exitCode !== 0) failedInit++;
    } else pendingInit++;
  }

  for (const container of spec.containers ?? []) {
    const s = byName.get(container.name);
    const state = s?.state ?? {};
    if (s === undefined) unknown++;
    else if (state.running) running++;
    else if (state.terminated) {
      stopped++;
      if (state.terminated.exitCode === 0) succeeded++;
    } else if (state.waiting) {
      if (s.lastState?.terminated) stopped++;
      else waiting++;
    } else unknown++;
  }

  if (failedInit > 0 && restartPolicy === 'Never') return 'Failed';
  // Sidecars still starting keep the pod Pending only before any regular container got going.
  if (pendingInit > 0 || (pendingSidecars > 0 && !anyRegularStarted(statuses))) return 'Pending';
  if (waiting > 0) return 'Pending';
  if (running > 0 && unknown === 0) return 'Running';
  if (running === 0 && stopped > 0 && unknown === 0) {
    if (terminal) return stopped === succeeded ? 'Succeeded' : 'Failed';
    if (restartPolicy === 'Always') return 'Running';
    if (stopped === succeeded) return 'Succeeded';
    if (restartPolicy === 'Never') return 'Failed';
    return 'Running';
  }
  return 'Pending';
}
