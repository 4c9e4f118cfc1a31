/** The node's conditions (MemoryPressure, DiskPressure, PIDPressure, Ready) as the kubelet's setters compute them, with heartbeat and transition times. */
import type { NodeCondition } from 'kubernetes-types/core/v1.js';

/** A metav1.Time on the wire: RFC 3339 in whole seconds. */
export function formatTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Resources the Ready condition requires in capacity. */
const REQUIRED_CAPACITY = ['cpu', 'memory', 'pods'];

export interface ConditionInputs {
  /** Reasons the node is not ready (runtime and network errors); empty means ready. */
  notReadyErrors: string[];
  /** status.capacity, checked for cpu, memory and pods. */
  capacity: Record<string, string>;
}

interface Desired {
  type: string;
  status: 'True' | 'False';
  reason: string;
  message: string;
}

/** The errors joined as Kubernetes' error aggregate prints them: one alone, several as `[a, b]`. */
export function aggregateMessage(errs: string[]): string {
  const unique = [...new Set(errs)];
  return unique.length === 1 ? unique[0]! : `[${unique.join(', ')}]`;
}

function desiredConditions(inputs: ConditionInputs): Desired[] {
  const errs = [...inputs.notReadyErrors];
  const missing = REQUIRED_CAPACITY.filter((r) => inputs.capacity[r] === undefined);
  if (missing.length) errs.push(`missing node capacity for resources: ${missing.join(', ')}`);
  const ready: Desired = errs.length
    ? { type: 'Ready', status: 'False', reason: 'KubeletNotReady', message: aggregateMessage(errs) }
    : { type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status' };
  return [
    // no eviction manager yet: the node never reports pressure
    { type: 'MemoryPressure', status: 'False', reason: 'KubeletHasSufficientMemory', message: 'kubelet has sufficient memory available' },
    { type: 'DiskPressure', status: 'False', reason: 'KubeletHasNoDiskPressure', message: 'kubelet has no disk pressure' },
    { type: 'PIDPressure', status: 'False', reason: 'KubeletHasSufficientPID', message: 'kubelet has sufficient PID available' },
    ready,
  ];
}

/**
 * The node's conditions after a status sync: every kubelet-owned condition gets lastHeartbeatTime =
 * now; lastTransitionTime moves only when its status changes. Conditions of other owners (e.g.
 * NetworkUnavailable) keep their place and values; new ones are appended in the kubelet's order.
 */
export function computeConditions(previous: NodeCondition[] | undefined, inputs: ConditionInputs, now: number): NodeCondition[] {
  const at = formatTime(now);
  const out = (previous ?? []).map((c) => ({ ...c }));
  for (const d of desiredConditions(inputs)) {
    const old = out.find((c) => c.type === d.type);
    const next: NodeCondition = {
      type: d.type,
      status: d.status,
      lastHeartbeatTime: at,
      lastTransitionTime: old && old.status === d.status && old.lastTransitionTime ? old.lastTransitionTime : at,
      reason: d.reason,
      message: d.message,
    };
    if (old) Object.assign(old, next);
    else out.push(next);
  }
  return out;
}

/** Whether two condition lists differ in anything but heartbeat times (the kubelet posts a changed status at once). */
export function conditionsChanged(a: NodeCondition[] | undefined, b: NodeCondition[] | undefined): boolean {
  const strip = (list: NodeCondition[] | undefined) =>
    (list ?? []).map((c) => ({ type: c.type, status: c.status, reason: c.reason ?? '', message: c.message ?? '', lastTransitionTime: c.lastTransitionTime ?? '' }));
  return JSON.stringify(strip(a)) !== JSON.stringify(strip(b));
}
