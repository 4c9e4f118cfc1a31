/** Unit tests of computePodActions: fresh pods, init container order, restart policies, crash-loop waits, kills, sandbox re-creation. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Container, Pod } from 'kubernetes-types/core/v1.js';
import type { ContainerRuntimeState, PodRuntimeState, SandboxRuntimeState } from '../pod/index.js';
import { containerHash } from '../podconfig/index.js';
import { CrashLoopBackoff } from '../status/index.js';
import { computePodActions } from './pod-actions.js';

const T0 = Date.parse('2026-03-01T10:00:00Z');
const SEC = 1000;

function mkPod(containers: string[], opts: { inits?: string[]; restartPolicy?: string; sidecars?: string[] } = {}): Pod {
  const c = (name: string): Container => ({ name, image: 'busybox:local' });
  const spec: Pod['spec'] = { restartPolicy: opts.restartPolicy ?? 'Always', containers: containers.map(c) };
  const inits = [...(opts.sidecars ?? []).map((n) => ({ ...c(n), restartPolicy: 'Always' })), ...(opts.inits ?? []).map(c)];
  if (inits.length > 0) spec.initContainers = inits;
  return { metadata: { name: 'p', namespace: 'default', uid: 'uid-1' }, spec };
}

function sandbox(over: Partial<SandboxRuntimeState> = {}): SandboxRuntimeState {
  return { id: 'sb1', state: 'SANDBOX_READY', ip: '10.244.9.2', attempt: 0, createdAt: T0, ...over };
}

let seq = 0;
function ctr(name: string, over: Partial<ContainerRuntimeState & { hash: string }> = {}): ContainerRuntimeState & { hash?: string } {
  seq++;
  return {
    id: `id${seq}`,
    name,
    attempt: 0,
    state: 'CONTAINER_RUNNING',
    createdAt: T0 + seq,
    startedAt: T0 + seq,
    finishedAt: 0,
    exitCode: 0,
    reason: '',
    message: '',
    image: 'busybox:local',
    imageRef: 'sha256:x',
    ...over,
  };
}

function exited(name: string, exitCode: number, over: Partial<ContainerRuntimeState> = {}): ContainerRuntimeState {
  return ctr(name, { state: 'CONTAINER_EXITED', exitCode, finishedAt: T0 + 5 * SEC, reason: exitCode === 0 ? 'Completed' : 'Error', ...over });
}

function backoff(): CrashLoopBackoff {
  return new CrashLoopBackoff({ now: () => T0 });
}

const names = (xs: { container: Container }[]): string[] => xs.map((x) => x.container.name);

test('a fresh pod: create sandbox attempt 0, then start every container at attempt 0', () => {
  const a = computePodActions(mkPod(['a', 'b']), { containers: [] }, backoff(), T0);
  assert.equal(a.createSandbox, true);
  assert.equal(a.killPod, false);
  assert.equal(a.sandboxAttempt, 0);
  assert.deepEqual(names(a.containersToStart), ['a', 'b']);
  assert.deepEqual(a.containersToStart.map((s) => s.attempt), [0, 0]);
  assert.equal(a.initToStart, undefined);
});

test('a fresh pod with init containers starts only the first init container', () => {
  const a = computePodActions(mkPod(['app'], { inits: ['i1', 'i2'] }), { containers: [] }, backoff(), T0);
  assert.equal(a.createSandbox, true);
  assert.equal(a.initToStart?.container.name, 'i1');
  assert.equal(a.initToStart?.init, true);
  assert.deepEqual(a.containersToStart, []);
});

test('init containers run one at a time in order; regular containers start once all succeeded', () => {
  const pod = mkPod(['app'], { inits: ['i1', 'i2'] });
  const running: PodRuntimeState = { sandbox: sandbox(), containers: [ctr('i1')] };
  const a1 = computePodActions(pod, running, backoff(), T0);
  assert.equal(a1.initToStart, undefined, 'i1 still runs: wait');
  assert.deepEqual(a1.containersToStart, []);
  assert.equal(a1.createSandbox, false);

  const a2 = computePodActions(pod, { sandbox: sandbox(), containers: [exited('i1', 0)] }, backoff(), T0);
  assert.equal(a2.initToStart?.container.name, 'i2');
  assert.equal(a2.initToStart?.attempt, 0);

  const a3 = computePodActions(pod, { sandbox: sandbox(), containers: [exited('i1', 0), exited('i2', 0)] }, backoff(), T0);
  assert.equal(a3.initToStart, undefined);
  assert.deepEqual(names(a3.containersToStart), ['app']);
});

test('a failed init container restarts (attempt + 1) unless restartPolicy is Never, which ends the pod', () => {
  const state: PodRuntimeState = { sandbox: sandbox(), containers: [exited('i1', 1)] };
  const onFailure = computePodActions(mkPod(['app'], { inits: ['i1'], restartPolicy: 'OnFailure' }), state, backoff(), T0 + 60 * SEC);
  assert.equal(onFailure.initToStart?.container.name, 'i1');
  assert.equal(onFailure.initToStart?.attempt, 1);
  assert.deepEqual(onFailure.containersToStart, []);

  const never = computePodActions(mkPod(['app'], { inits: ['i1'], restartPolicy: 'Never' }), state, backoff(), T0 + 60 * SEC);
  assert.equal(never.initToStart, undefined);
  assert.deepEqual(never.containersToStart, []);
  assert.equal(never.killPod, true, 'the pod failed: its sandbox is released');
});

test('a sidecar (restartable init container) starts before the next init container and is kept running', () => {
  const pod = mkPod(['app'], { sidecars: ['side'], inits: ['i1'] });
  const a1 = computePodActions(pod, { sandbox: sandbox(), containers: [] }, backoff(), T0);
  assert.equal(a1.initToStart?.container.name, 'side');
  const a2 = computePodActions(pod, { sandbox: sandbox(), containers: [ctr('side')] }, backoff(), T0);
  assert.equal(a2.initToStart?.container.name, 'i1');
  const a3 = computePodActions(pod, { sandbox: sandbox(), containers: [ctr('side'), exited('i1', 0)] }, backoff(), T0);
  assert.deepEqual(names(a3.containersToStart), ['app']);
});

test('restartPolicy decides which exited containers start again', () => {
  const state: PodRuntimeState = { sandbox: sandbox(), containers: [exited('ok', 0), exited('bad', 1), ctr('up')] };
  const later = T0 + 60 * SEC;
  const always = computePodActions(mkPod(['ok', 'bad', 'up'], { restartPolicy: 'Always' }), state, backoff(), later);
  assert.deepEqual(names(always.containersToStart), ['ok', 'bad']);
  assert.deepEqual(always.containersToStart.map((s) => s.attempt), [1, 1]);
  const onFailure = computePodActions(mkPod(['ok', 'bad', 'up'], { restartPolicy: 'OnFailure' }), state, backoff(), later);
  assert.deepEqual(names(onFailure.containersToStart), ['bad']);
  const never = computePodActions(mkPod(['ok', 'bad', 'up'], { restartPolicy: 'Never' }), state, backoff(), later);
  assert.deepEqual(never.containersToStart, []);
  assert.equal(never.killPod, false, 'a container still runs');
});

test('a finished pod (nothing runs, nothing restarts) releases its sandbox', () => {
  const a = computePodActions(mkPod(['a'], { restartPolicy: 'OnFailure' }), { sandbox: sandbox(), containers: [exited('a', 0)] }, backoff(), T0);
  assert.equal(a.killPod, true);
  assert.equal(a.createSandbox, false);
  assert.deepEqual(a.containersToStart, []);
});

test('a crashed container restarts once at attempt 1, then waits in CrashLoopBackOff', () => {
  const pod = mkPod(['app']);
  const b = backoff();
  const first = computePodActions(pod, { sandbox: sandbox(), containers: [exited('app', 1)] }, b, T0 + 6 * SEC);
  assert.deepEqual(names(first.containersToStart), ['app']);
  assert.equal(first.containersToStart[0]!.attempt, 1);
  assert.equal(first.waiting.size, 0);

  const crashedAgain = exited('app', 1, { attempt: 1, finishedAt: T0 + 7 * SEC });
  const second = computePodActions(pod, { sandbox: sandbox(), containers: [crashedAgain, exited('app', 1)] }, b, T0 + 8 * SEC);
  assert.deepEqual(second.containersToStart, []);
  assert.equal(second.waiting.get('app')?.reason, 'CrashLoopBackOff');
  assert.match(second.waiting.get('app')?.message ?? '', /^back-off 10s restarting failed container=app pod=p_default\(uid-1\)$/);
  assert.equal(second.killPod, false, 'a container in back-off keeps the pod alive');

  const third = computePodActions(pod, { sandbox: sandbox(), containers: [crashedAgain] }, b, T0 + 18 * SEC);
  assert.equal(third.containersToStart[0]?.attempt, 2, 'after the delay it restarts');
});

test('a running container whose spec changed is killed and started again; a liveness failure too, except under Never', () => {
  const pod = mkPod(['app', 'web']);
  const state: PodRuntimeState = {
    sandbox: sandbox(),
    containers: [ctr('app', { hash: 'stale' }), ctr('web', { hash: containerHash(pod.spec!.containers[1]!) })],
  } as PodRuntimeState;
  const a = computePodActions(pod, state, backoff(), T0);
  assert.deepEqual(a.containersToKill.map((k) => k.name), ['app']);
  assert.match(a.containersToKill[0]!.message, /definition changed/);
  assert.deepEqual(names(a.containersToStart), ['app']);
  assert.equal(a.containersToStart[0]!.attempt, 1);

  const live = computePodActions(pod, state, backoff(), T0, new Set(['web']));
  assert.deepEqual(live.containersToKill.map((k) => k.name).sort(), ['app', 'web']);
  const never = computePodActions(mkPod(['web'], { restartPolicy: 'Never' }), { sandbox: sandbox(), containers: [ctr('web')] }, backoff(), T0, new Set(['web']));
  assert.deepEqual(never.containersToKill.map((k) => k.name), ['web']);
  assert.deepEqual(never.containersToStart, []);
});

test('a sandbox that is not ready is re-created (attempt + 1) and every container restarted from the first init container', () => {
  const pod = mkPod(['app'], { inits: ['i1'] });
  const state: PodRuntimeState = { sandbox: sandbox({ state: 'SANDBOX_NOTREADY', attempt: 2 }), containers: [exited('i1', 0, { attempt: 0 }), exited('app', 137, { attempt: 3 })] };
  const a = computePodActions(pod, state, backoff(), T0 + 60 * SEC);
  assert.equal(a.createSandbox, true);
  assert.equal(a.killPod, true, 'the old sandbox is stopped first');
  assert.equal(a.sandboxAttempt, 3);
  assert.equal(a.initToStart?.container.name, 'i1');
  assert.equal(a.initToStart?.attempt, 1);

  const noInit = computePodActions(mkPod(['app']), { sandbox: sandbox({ state: 'SANDBOX_NOTREADY' }), containers: [exited('app', 137, { attempt: 3 })] }, backoff(), T0 + 60 * SEC);
  assert.equal(noInit.createSandbox, true);
  assert.equal(noInit.containersToStart[0]?.attempt, 4);
});

test('under restartPolicy Never a pod that ran gets no new sandbox', () => {
  const a = computePodActions(mkPod(['app'], { restartPolicy: 'Never' }), { sandbox: sandbox({ state: 'SANDBOX_NOTREADY' }), containers: [exited('app', 0)] }, backoff(), T0);
  assert.equal(a.createSandbox, false);
  assert.equal(a.killPod, true);
  assert.deepEqual(a.containersToStart, []);
});

test('under OnFailure a pod whose containers all succeeded gets no new sandbox, even with init containers', () => {
  const pod = mkPod(['app'], { inits: ['i1'], restartPolicy: 'OnFailure' });
  const a = computePodActions(pod, { sandbox: sandbox({ state: 'SANDBOX_NOTREADY' }), containers: [exited('i1', 0), exited('app', 0)] }, backoff(), T0);
  assert.equal(a.createSandbox, false);
  assert.equal(a.initToStart, undefined);
  const failed = computePodActions(pod, { sandbox: sandbox({ state: 'SANDBOX_NOTREADY' }), containers: [exited('i1', 0), exited('app', 2)] }, backoff(), T0 + 60 * SEC);
  assert.equal(failed.createSandbox, true);
  assert.equal(failed.initToStart?.container.name, 'i1');
});
