/** The pod conditions the kubelet owns (PodReadyToStartContainers, Initialized, Ready, ContainersReady, PodScheduled), as status/generate.go words them. */
import type { ContainerStatus, Pod, PodCondition, PodStatus } from 'kubernetes-types/core/v1.js';
import type { PodRuntimeState } from '../pod/runtime-state.js';
import { isRestartableInit } from './container-statuses.js';
import { anyRegularStarted, type PodPhase } from './pod-phase.js';
import { rfc3339 } from './time-format.js';

/** Condition types the kubelet writes; every other condition (readiness gates, DisruptionTarget, ...) is kept as found. */
export const KUBELET_CONDITION_TYPES: readonly string[] = ['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady', 'PodScheduled'];

type Cond = { status: 'True' | 'False'; reason?: string; message?: string };

const TRUE: Cond = { status: 'True' };

/** Go's `%s` of a []string: `[a b]`. */
function goList(names: readonly string[]): string {
  return `[${names.join(' ')}]`;
}

function byName(statuses: readonly ContainerStatus[]): Map<string, ContainerStatus> {
  return new Map(statuses.map((s) => [s.name, s]));
}

/** True when the sandbox is up with its network, so containers can start. */
function readyToStartContainers(pod: Pod, runtime: PodRuntimeState): Cond {
  const sandbox = runtime.sandbox;
  const ok = sandbox !== undefined && sandbox.state === 'SANDBOX_READY' && (pod.spec?.hostNetwork === true || sandbox.ip !== '');
  return ok ? TRUE : { status: 'False' };
}

function initialized(pod: Pod, initStatuses: readonly ContainerStatus[], statuses: readonly ContainerStatus[], phase: PodPhase): Cond {
  const found = byName(initStatuses);
  const unknown: string[] = [];
  const incomplete: string[] = [];
  for (const c of pod.spec?.initContainers ?? []) {
    const s = found.get(c.name);
    if (s === undefined) unknown.push(c.name);
    else if (isRestartableInit(c) ? s.started !== true : s.state?.terminated?.exitCode !== 0) incomplete.push(c.name);
  }
  if (phase === 'Succeeded' && unknown.length === 0) return { status: 'True', reason: 'PodCompleted' };
  if (anyRegularStarted(statuses)) return TRUE;
  const messages: string[] = [];
  if (unknown.length > 0) messages.push(`containers with unknown status: ${goList(unknown)}`);
  if (incomplete.length > 0) messages.push(`containers with incomplete status: ${goList(incomplete)}`);
  return messages.length > 0 ? { status: 'False', reason: 'ContainersNotInitialized', message: messages.join(', ') } : TRUE;
}

function containersReady(pod: Pod, initStatuses: readonly ContainerStatus[], statuses: readonly ContainerStatus[], phase: PodPhase): Cond {
  const unknown: string[] = [];
  const unready: string[] = [];
  const check = (name: string, found: Map<string, ContainerStatus>): void => {
    const s = found.get(name);
    if (s === undefined) unknown.push(name);
    else if (!s.ready) unready.push(name);
  };
  const inits = byName(initStatuses);
  for (const c of pod.spec?.initContainers ?? []) if (isRestartableInit(c)) check(c.name, inits);
  const regular = byName(statuses);
  for (const c of pod.spec?.containers ?? []) check(c.name, regular);
  if (phase === 'Succeeded' && unknown.length === 0) return { status: 'False', reason: 'PodCompleted' };
  if (phase === 'Failed') return { status: 'False', reason: 'PodFailed' };
  const messages: string[] = [];
  if (unknown.length > 0) messages.push(`containers with unknown status: ${goList(unknown)}`);
  if (unready.length > 0) messages.push(`containers with unready status: ${goList(unready)}`);
  return messages.length > 0 ? { status: 'False', reason: 'ContainersNotReady', message: messages.join(', ') } : TRUE;
}

/** Ready: ContainersReady, and then every readiness gate's condition True. */
function ready(pod: Pod, containers: Cond, otherConditions: readonly PodCondition[]): Cond {
  if (containers.status !== 'True') return { ...containers };
  const messages: string[] = [];
  for (const gate of pod.spec?.readinessGates ?? []) {
    const c = otherConditions.find((x) => x.type === gate.conditionType);
    if (c === undefined) messages.push(`corresponding condition of pod readiness gate "${gate.conditionType}" does not exist.`);
    else if (c.status !== 'True') messages.push(`the status of pod readiness gate "${gate.conditionType}" is not "True", but ${c.status}`);
  }
  return messages.length > 0 ? { status: 'False', reason: 'ReadinessGatesNotReady', message: messages.join(', ') } : TRUE;
}

export interface ConditionInput {
  pod: Pod;
  runtime: PodRuntimeState;
  initStatuses: readonly ContainerStatus[];
  statuses: readonly ContainerStatus[];
  phase: PodPhase;
  now: number;
  previous?: PodStatus;
}

/**
 * The pod's conditions: those others own (kept as the API pod or `previous` has them, first), then the kubelet's five. A condition keeps its
 * previous lastTransitionTime while its status is unchanged; lastProbeTime is always null.
 */
export function podConditions(input: ConditionInput): PodCondition[] {
  const { pod, runtime, initStatuses, statuses, phase, now, previous } = input;
  const old = previous?.conditions ?? pod.status?.conditions ?? [];
  // Others' conditions: the API's copy is the freshest; the previous status fills in what it lacks.
  const others: PodCondition[] = [];
  for (const c of [...(pod.status?.conditions ?? []), ...(previous?.conditions ?? [])]) {
    if (!KUBELET_CONDITION_TYPES.includes(c.type) && !others.some((o) => o.type === c.type)) others.push(structuredClone(c));
  }
  const containers = containersReady(pod, initStatuses, statuses, phase);
  const computed: [string, Cond][] = [
    ['PodReadyToStartContainers', readyToStartContainers(pod, runtime)],
    ['Initialized', initialized(pod, initStatuses, statuses, phase)],
    ['Ready', ready(pod, containers, others)],
    ['ContainersReady', containers],
    ['PodScheduled', TRUE],
  ];
  const mine = computed.map(([type, c]): PodCondition => {
    const before = old.find((x) => x.type === type);
    const lastTransitionTime = before?.status === c.status && before.lastTransitionTime ? before.lastTransitionTime : rfc3339(now);
    const condition: PodCondition = { type, status: c.status, lastProbeTime: null as unknown as string, lastTransitionTime };
    if (c.reason) condition.reason = c.reason;
    if (c.message) condition.message = c.message;
    return condition;
  });
  return [...others, ...mine];
}
