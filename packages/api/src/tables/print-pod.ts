/** The Pod printer: NAME READY STATUS RESTARTS AGE | IP NODE NOMINATED NODE READINESS GATES. */
import type { Container, ContainerStatus, Pod, PodCondition } from 'kubernetes-types/core/v1.js';
import { formatAge, parseTime } from './format-age.js';
import { AGE_COLUMN, NAME_COLUMN, ageOf, column, printer } from './printer.js';
import type { TableRowCondition } from './table-types.js';

/** The reason a node controller gives pods on a node it lost contact with. */
const NODE_UNREACHABLE_POD_REASON = 'NodeLost';

const COLUMNS = [
  NAME_COLUMN,
  column('Ready', 'string', 'The aggregate readiness state of this pod for accepting traffic.'),
  column('Status', 'string', 'The aggregate status of the containers in this pod.'),
  column('Restarts', 'string', 'The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.'),
  AGE_COLUMN,
  column('IP', 'string', 'IP address allocated to the pod.', { wide: true }),
  column('Node', 'string', 'The node the pod is scheduled onto.', { wide: true }),
  column('Nominated Node', 'string', 'The node the scheduler nominated for this pod after preemption.', { wide: true }),
  column('Readiness Gates', 'string', 'Readiness gates that are true, out of those the pod declares.', { wide: true }),
];

const SUCCEEDED: TableRowCondition[] = [{ type: 'Completed', status: 'True', reason: 'Succeeded', message: 'The pod has completed successfully.' }];
const FAILED: TableRowCondition[] = [{ type: 'Completed', status: 'True', reason: 'Failed', message: 'The pod failed.' }];

/** A sidecar: an init container with restartPolicy Always. */
function isRestartable(container: Container | undefined): boolean {
  return container?.restartPolicy === 'Always';
}

function conditionTrue(conditions: PodCondition[] | undefined, type: string): boolean {
  const found = (conditions ?? []).find((c) => c.type === type);
  return found?.status === 'True';
}

/** Keeps the latest `lastTerminationState.terminated.finishedAt` seen. */
function laterFinish(current: Date | undefined, status: ContainerStatus): Date | undefined {
  const finished = parseTime(status.lastState?.terminated?.finishedAt);
  if (finished === undefined) return current;
  return current === undefined || current.getTime() < finished.getTime() ? finished : current;
}

function terminatedText(prefix: string, terminated: { signal?: number; exitCode?: number }): string {
  return terminated.signal ? `${prefix}Signal:${terminated.signal}` : `${prefix}ExitCode:${terminated.exitCode ?? 0}`;
}

/** READY, STATUS and RESTARTS of a pod, computed as kubectl users know them. */
export function podStatusCells(pod: Pod, now: Date): { ready: string; reason: string; restarts: string } {
  const spec = pod.spec ?? { containers: [] };
  const status = pod.status ?? {};
  const phase = status.phase ?? '';
  let reason = status.reason || phase;
  if ((status.conditions ?? []).some((c) => c.type === 'PodScheduled' && c.reason === 'SchedulingGated')) reason = 'SchedulingGated';

  let total = (spec.containers ?? []).length;
  let ready = 0;
  let restarts = 0;
  let sidecarRestarts = 0;
  let lastRestart: Date | undefined;
  let lastSidecarRestart: Date | undefined;

  const initContainers = new Map<string, Container>();
  for (const c of spec.initContainers ?? []) {
    initContainers.set(c.name, c);
    if (isRestartable(c)) total++;
  }

  let initializing = false;
  const initStatuses = status.initContainerStatuses ?? [];
  for (let i = 0; i < initStatuses.length; i++) {
    const c = initStatuses[i] as ContainerStatus;
    const restartable = isRestartable(initContainers.get(c.name));
    restarts += c.restartCount ?? 0;
    lastRestart = laterFinish(lastRestart, c);
    if (restartable) {
      sidecarRestarts += c.restartCount ?? 0;
      lastSidecarRestart = laterFinish(lastSidecarRestart, c);
    }
    const terminated = c.state?.terminated;
    const waiting = c.state?.waiting;
    if (terminated && (terminated.exitCode ?? 0) === 0) continue;
    if (restartable && c.started === true) {
      if (c.ready) ready++;
      continue;
    }
    if (terminated) {
      reason = terminated.reason ? `Init:${terminated.reason}` : terminatedText('Init:', terminated);
    } else if (waiting && waiting.reason && waiting.reason !== 'PodInitializing') {
      reason = `Init:${waiting.reason}`;
    } else {
      reason = `Init:${i}/${(spec.initContainers ?? []).length}`;
    }
    initializing = true;
    break;
  }

  if (!initializing || conditionTrue(status.conditions, 'Initialized')) {
    restarts = sidecarRestarts;
    lastRestart = lastSidecarRestart;
    let hasRunning = false;
    const statuses = status.containerStatuses ?? [];
    for (let i = statuses.length - 1; i >= 0; i--) {
      const c = statuses[i] as ContainerStatus;
      restarts += c.restartCount ?? 0;
      lastRestart = laterFinish(lastRestart, c);
      const waiting = c.state?.waiting;
      const terminated = c.state?.terminated;
      if (waiting?.reason) reason = waiting.reason;
      else if (terminated?.reason) reason = terminated.reason;
      else if (terminated) reason = terminatedText('', terminated);
      else if (c.ready && c.state?.running) {
        hasRunning = true;
        ready++;
      }
    }
    // A pod whose last container completed but another still runs is Running (or NotReady).
    if (reason === 'Completed' && hasRunning) reason = conditionTrue(status.conditions, 'Ready') ? 'Running' : 'NotReady';
  }

  const deleting = pod.metadata?.deletionTimestamp != null;
  if (deleting && status.reason === NODE_UNREACHABLE_POD_REASON) reason = 'Unknown';
  else if (deleting && phase !== 'Succeeded' && phase !== 'Failed') reason = 'Terminating';

  let restartsText = String(restarts);
  if (restarts !== 0 && lastRestart !== undefined) restartsText = `${restarts} (${formatAge(lastRestart, now)} ago)`;
  return { ready: `${ready}/${total}`, reason, restarts: restartsText };
}

function readinessGates(pod: Pod): string {
  const gates = pod.spec?.readinessGates ?? [];
  if (gates.length === 0) return '<none>';
  const conditions = pod.status?.conditions ?? [];
  const trueCount = gates.filter((g) => conditions.find((c) => c.type === g.conditionType)?.status === 'True').length;
  return `${trueCount}/${gates.length}`;
}

export const POD_PRINTER = printer<Pod>(COLUMNS, (pod, now) => {
  const { ready, reason, restarts } = podStatusCells(pod, now);
  const status = pod.status ?? {};
  const ip = status.podIPs?.[0]?.ip || status.podIP || '<none>';
  const cells = [pod.metadata?.name ?? '', ready, reason, restarts, ageOf(pod, now), ip, pod.spec?.nodeName || '<none>', status.nominatedNodeName || '<none>', readinessGates(pod)];
  const conditions = status.phase === 'Succeeded' ? SUCCEEDED : status.phase === 'Failed' ? FAILED : undefined;
  return conditions ? { cells, conditions: conditions.map((c) => ({ ...c })) } : { cells };
});
