/** Node health as the node lifecycle controller judges it: heartbeats seen on its own clock, conditions gone Unknown, and the taints conditions call for. */
import type { Node, NodeCondition, Taint } from 'kubernetes-types/core/v1.js';

export const TAINT_NOT_READY = 'node.kubernetes.io/not-ready';
export const TAINT_UNREACHABLE = 'node.kubernetes.io/unreachable';
export const TAINT_UNSCHEDULABLE = 'node.kubernetes.io/unschedulable';

/** The conditions a kubelet posts; each goes Unknown when the kubelet falls silent (Kubernetes' list). */
export const MONITORED_CONDITIONS = ['Ready', 'MemoryPressure', 'DiskPressure', 'PIDPressure'] as const;

/** NoSchedule taints that mirror a condition in a given state (TaintNodesByCondition). */
const CONDITION_NO_SCHEDULE_TAINTS: ReadonlyArray<{ type: string; status: string; key: string }> = [
  { type: 'Ready', status: 'False', key: TAINT_NOT_READY },
  { type: 'Ready', status: 'Unknown', key: TAINT_UNREACHABLE },
  { type: 'MemoryPressure', status: 'True', key: 'node.kubernetes.io/memory-pressure' },
  { type: 'DiskPressure', status: 'True', key: 'node.kubernetes.io/disk-pressure' },
  { type: 'PIDPressure', status: 'True', key: 'node.kubernetes.io/pid-pressure' },
  { type: 'NetworkUnavailable', status: 'True', key: 'node.kubernetes.io/network-unavailable' },
];

/** Every taint key this controller manages (others on the node are left as they are). */
const MANAGED_NO_SCHEDULE = new Set([...CONDITION_NO_SCHEDULE_TAINTS.map((t) => t.key), TAINT_UNSCHEDULABLE]);
const MANAGED_NO_EXECUTE = new Set([TAINT_NOT_READY, TAINT_UNREACHABLE]);

/** What the controller remembers of one node: the last heartbeat values and when (its own clock) one last changed. */
export interface NodeHealth {
  probeTimestamp: number;
  readyHeartbeat: string | undefined;
  leaseRenewTime: string | undefined;
}

export function conditionOf(node: Node, type: string): NodeCondition | undefined {
  return node.status?.conditions?.find((c) => c.type === type);
}

/**
 * The health record after observing `node` (and its Lease's renewTime) at `now`: the probe time moves to now whenever
 * the Ready heartbeat or the lease renewal changed, as upstream does, so skewed kubelet clocks do not matter. A node
 * that never posted Ready counts from its creation.
 */
export function observeNode(prev: NodeHealth | undefined, node: Node, leaseRenewTime: string | undefined, now: number): NodeHealth {
  const readyHeartbeat = conditionOf(node, 'Ready')?.lastHeartbeatTime ?? undefined;
  let probeTimestamp: number;
  if (readyHeartbeat === undefined) {
    const created = Date.parse(node.metadata?.creationTimestamp ?? '');
    probeTimestamp = prev && prev.readyHeartbeat === undefined ? prev.probeTimestamp : Number.isNaN(created) ? now : created;
  } else {
    probeTimestamp = !prev || readyHeartbeat !== prev.readyHeartbeat ? now : prev.probeTimestamp;
  }
  if (leaseRenewTime !== undefined && leaseRenewTime !== prev?.leaseRenewTime) probeTimestamp = now;
  return { probeTimestamp, readyHeartbeat, leaseRenewTime };
}

/** The grace a node gets: the startup grace until it has posted Ready once, the monitor grace after. */
export function gracePeriodOf(node: Node, monitorGraceMs: number, startupGraceMs: number): number {
  return conditionOf(node, 'Ready') ? monitorGraceMs : startupGraceMs;
}

/**
 * The node's conditions with every monitored one set Unknown (missing ones added as never updated), or undefined
 * when all are Unknown already.
 */
export function unknownConditions(node: Node, nowIso: string): NodeCondition[] | undefined {
  const conditions = (node.status?.conditions ?? []).map((c) => ({ ...c }));
  let changed = false;
  for (const type of MONITORED_CONDITIONS) {
    const c = conditions.find((x) => x.type === type);
    if (!c) {
      conditions.push({
        type,
        status: 'Unknown',
        reason: 'NodeStatusNeverUpdated',
        message: 'Kubelet never posted node status.',
        lastHeartbeatTime: node.metadata?.creationTimestamp ?? nowIso,
        lastTransitionTime: nowIso,
      });
      changed = true;
    } else if (c.status !== 'Unknown') {
      c.status = 'Unknown';
      c.reason = 'NodeStatusUnknown';
      c.message = 'Kubelet stopped posting node status.';
      c.lastTransitionTime = nowIso;
      changed = true;
    }
  }
  return changed ? conditions : undefined;
}

/**
 * The taints the node should carry: those this controller does not manage, kept as they are, plus the ones its
 * conditions call for. A taint already present keeps its timeAdded; a new NoExecute taint gets `nowIso`.
 */
export function desiredTaints(node: Node, nowIso: string): Taint[] {
  const current = node.spec?.taints ?? [];
  const kept = current.filter((t) => !(t.effect === 'NoSchedule' && MANAGED_NO_SCHEDULE.has(t.key)) && !(t.effect === 'NoExecute' && MANAGED_NO_EXECUTE.has(t.key)));
  const wanted: Taint[] = [];
  for (const rule of CONDITION_NO_SCHEDULE_TAINTS) {
    if (conditionOf(node, rule.type)?.status === rule.status) wanted.push({ key: rule.key, effect: 'NoSchedule' });
  }
  if (node.spec?.unschedulable) wanted.push({ key: TAINT_UNSCHEDULABLE, effect: 'NoSchedule' });
  const readyStatus = conditionOf(node, 'Ready')?.status;
  if (readyStatus === 'False') wanted.push({ key: TAINT_NOT_READY, effect: 'NoExecute' });
  if (readyStatus === 'Unknown') wanted.push({ key: TAINT_UNREACHABLE, effect: 'NoExecute' });
  const withTimes = wanted.map((t) => {
    const existing = current.find((c) => c.key === t.key && c.effect === t.effect);
    if (existing) return existing;
    return t.effect === 'NoExecute' ? { ...t, timeAdded: nowIso } : t;
  });
  return [...kept, ...withTimes];
}

/** Whether two taint lists hold the same taints (order aside). */
export function sameTaints(a: readonly Taint[], b: readonly Taint[]): boolean {
  const key = (t: Taint): string => `${t.key}=${t.value ?? ''}:${t.effect}:${t.timeAdded ?? ''}`;
  const as = a.map(key).sort();
  const bs = b.map(key).sort();
  return as.length === bs.length && as.every((k, i) => k === bs[i]);
}
