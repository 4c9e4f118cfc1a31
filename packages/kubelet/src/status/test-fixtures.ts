/** Builders for the status tests: pods, CRI attempts, probe results, and the row `kubectl get pods` prints for a status. */
import { findResource, tableColumns, tableRow } from '@skiff/api';
import type { Container, Pod, PodStatus } from 'kubernetes-types/core/v1.js';
import type { ContainerRuntimeState, ContainerWaiting, PodRuntimeState, ProbeResults } from '../pod/runtime-state.js';
import { computePodStatus, type PodStatusInput } from './compute-pod-status.js';

export const T0 = Date.parse('2026-03-01T10:00:00Z');
export const SEC = 1000;
export const HOST_IP = '10.250.7.2';
export const POD_IP = '10.244.7.9';
export const IMAGE_REF = 'sha256:0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9';

export function pod(spec: { containers?: Partial<Container>[]; initContainers?: Partial<Container>[]; restartPolicy?: string; readinessGates?: { conditionType: string }[] }, extra: Partial<Pod> = {}): Pod {
  const fill = (c: Partial<Container>): Container => ({ image: 'busybox', ...c, name: c.name ?? 'app' });
  const result: Pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web', namespace: 'default', uid: 'uid-1', creationTimestamp: new Date(T0).toISOString() },
    spec: { nodeName: 'node-1', restartPolicy: spec.restartPolicy ?? 'Always', containers: (spec.containers ?? [{ name: 'app' }]).map(fill) },
    ...extra,
  };
  if (spec.initContainers) result.spec!.initContainers = spec.initContainers.map(fill);
  if (spec.readinessGates) result.spec!.readinessGates = spec.readinessGates;
  return result;
}

let nextId = 0;

/** One CRI attempt; defaults: running since T0, attempt 0. */
export function attempt(name: string, over: Partial<ContainerRuntimeState> = {}): ContainerRuntimeState {
  nextId++;
  return {
    id: `c${nextId}${'0'.repeat(8)}`,
    name,
    attempt: 0,
    state: 'CONTAINER_RUNNING',
    createdAt: T0,
    startedAt: T0 + SEC,
    finishedAt: 0,
    exitCode: 0,
    reason: '',
    message: '',
    image: 'docker.io/library/busybox:latest',
    imageRef: IMAGE_REF,
    ...over,
  };
}

/** An exited attempt (default exit 0 `Completed`). */
export function exited(name: string, exitCode: number, over: Partial<ContainerRuntimeState> = {}): ContainerRuntimeState {
  return attempt(name, { state: 'CONTAINER_EXITED', exitCode, reason: exitCode === 0 ? 'Completed' : 'Error', finishedAt: T0 + 5 * SEC, ...over });
}

export function runtime(containers: ContainerRuntimeState[], sandbox = true): PodRuntimeState {
  return { containers, sandbox: sandbox ? { id: 'sb1', state: 'SANDBOX_READY', ip: POD_IP, attempt: 0, createdAt: T0 } : undefined };
}

export function probes(ready: Record<string, boolean> = {}, started: Record<string, boolean> = {}): ProbeResults {
  return { ready: new Map(Object.entries(ready)), started: new Map(Object.entries(started)) };
}

/** computePodStatus with test defaults. */
export function statusOf(p: Pod, rt: PodRuntimeState, over: Omit<Partial<PodStatusInput>, 'waiting'> & { waiting?: Record<string, ContainerWaiting> } = {}): PodStatus {
  const { waiting, ...rest } = over;
  return computePodStatus({ pod: p, runtime: rt, waiting: new Map(Object.entries(waiting ?? {})), probes: probes(), hostIP: HOST_IP, now: T0 + 60 * SEC, ...rest });
}

/** READY, STATUS and RESTARTS as `kubectl get pods` shows them (the server-side Table printer kubectl displays). */
export function kubectlRow(p: Pod, status: PodStatus, now = T0 + 120 * SEC): { ready: string; status: string; restarts: string } {
  const info = findResource('', 'v1', 'pods');
  if (!info) throw new Error('pods missing from the catalog');
  const names = tableColumns(info).map((c) => c.name);
  const cells = tableRow(info, { ...p, status }, new Date(now));
  const cell = (name: string): string => String(cells[names.indexOf(name)]);
  return { ready: cell('Ready'), status: cell('Status'), restarts: cell('Restarts') };
}

export function condition(status: PodStatus, type: string): { status?: string; reason?: string; message?: string; lastTransitionTime?: string } | undefined {
  return status.conditions?.find((c) => c.type === type);
}
