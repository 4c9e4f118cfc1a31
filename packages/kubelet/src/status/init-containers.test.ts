/** computePodStatus with init containers (run one after another) and sidecars, and kubectl's Init:x/y column. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SEC, T0, attempt, condition, exited, kubectlRow, pod, probes, runtime, statusOf } from './test-fixtures.js';

const spec = { initContainers: [{ name: 'init-a' }, { name: 'init-b' }], containers: [{ name: 'app' }] };

test('before any init container runs: everything waits in PodInitializing, kubectl says Init:0/2', () => {
  const p = pod(spec);
  const s = statusOf(p, runtime([]));
  assert.equal(s.phase, 'Pending');
  assert.deepEqual(s.initContainerStatuses?.map((c) => c.state), [{ waiting: { reason: 'PodInitializing' } }, { waiting: { reason: 'PodInitializing' } }]);
  assert.deepEqual(s.containerStatuses?.map((c) => c.state), [{ waiting: { reason: 'PodInitializing' } }]);
  const init = condition(s, 'Initialized');
  assert.deepEqual([init?.status, init?.reason, init?.message], ['False', 'ContainersNotInitialized', 'containers with incomplete status: [init-a init-b]']);
  assert.deepEqual(kubectlRow(p, s), { ready: '0/1', status: 'Init:0/2', restarts: '0' });
});

test('init containers in order: Init:1/2 while the second runs, then PodInitializing, then Running', () => {
  const p = pod(spec);
  const a = exited('init-a', 0, { finishedAt: T0 + 2 * SEC });
  const second = statusOf(p, runtime([a, attempt('init-b', { createdAt: T0 + 3 * SEC })]));
  assert.equal(second.phase, 'Pending');
  assert.deepEqual(second.initContainerStatuses?.map((c) => [c.ready, c.started]), [[true, false], [false, true]]);
  assert.equal(condition(second, 'Initialized')?.message, 'containers with incomplete status: [init-b]');
  assert.deepEqual(kubectlRow(p, second), { ready: '0/1', status: 'Init:1/2', restarts: '0' });

  const b = exited('init-b', 0, { createdAt: T0 + 3 * SEC, finishedAt: T0 + 4 * SEC });
  const initialized = statusOf(p, runtime([a, b]));
  assert.deepEqual([condition(initialized, 'Initialized')?.status, condition(initialized, 'Initialized')?.reason], ['True', undefined]);
  assert.equal(initialized.phase, 'Pending');
  assert.deepEqual(kubectlRow(p, initialized), { ready: '0/1', status: 'PodInitializing', restarts: '0' });

  const running = statusOf(p, runtime([a, b, attempt('app', { createdAt: T0 + 5 * SEC })]));
  assert.equal(running.phase, 'Running');
  assert.deepEqual(kubectlRow(p, running), { ready: '1/1', status: 'Running', restarts: '0' });
  // Completed init containers are not restarted: a waiting reason does not replace their state.
  const still = statusOf(p, runtime([a, b, attempt('app', { createdAt: T0 + 5 * SEC })]), { waiting: { 'init-a': { reason: 'ContainerCreating' } } });
  assert.equal(still.initContainerStatuses![0]!.state?.terminated?.reason, 'Completed');
});

test('a failing init container: Init:CrashLoopBackOff under Always, Init:Error and Failed under Never', () => {
  const p = pod(spec);
  const crashed = exited('init-a', 1, { attempt: 2 });
  const looping = statusOf(p, runtime([crashed]), { waiting: { 'init-a': { reason: 'CrashLoopBackOff', message: 'back-off 40s' } } });
  assert.equal(looping.phase, 'Pending');
  assert.equal(looping.initContainerStatuses![0]!.lastState?.terminated?.exitCode, 1);
  assert.deepEqual(kubectlRow(p, looping, T0 + 65 * SEC), { ready: '0/1', status: 'Init:CrashLoopBackOff', restarts: '2 (60s ago)' });

  const never = pod({ ...spec, restartPolicy: 'Never' });
  const failed = statusOf(never, runtime([exited('init-a', 1)]));
  assert.equal(failed.phase, 'Failed');
  assert.deepEqual(kubectlRow(never, failed), { ready: '0/1', status: 'Init:Error', restarts: '0' });
  // An init image that cannot be pulled.
  const pull = statusOf(p, runtime([]), { waiting: { 'init-a': { reason: 'ImagePullBackOff' } } });
  assert.equal(kubectlRow(p, pull).status, 'Init:ImagePullBackOff');
});

test('Succeeded pods report Initialized with reason PodCompleted', () => {
  const p = pod({ ...spec, restartPolicy: 'Never' });
  const s = statusOf(p, runtime([exited('init-a', 0), exited('init-b', 0), exited('app', 0)]));
  assert.equal(s.phase, 'Succeeded');
  assert.deepEqual([condition(s, 'Initialized')?.status, condition(s, 'Initialized')?.reason], ['True', 'PodCompleted']);
});

test('a sidecar (restartPolicy Always init container) counts as started, ready and in READY', () => {
  const p = pod({ initContainers: [{ name: 'proxy', restartPolicy: 'Always', readinessProbe: { exec: { command: ['true'] } } }], containers: [{ name: 'app' }] });
  const starting = statusOf(p, runtime([attempt('proxy')]));
  assert.equal(starting.phase, 'Pending');
  assert.deepEqual(kubectlRow(p, starting), { ready: '0/2', status: 'PodInitializing', restarts: '0' });
  assert.equal(condition(starting, 'Initialized')?.status, 'True');
  const both = statusOf(p, runtime([attempt('proxy'), attempt('app', { createdAt: T0 + 2 * SEC })]), { probes: probes({ proxy: true }) });
  assert.equal(both.phase, 'Running');
  assert.deepEqual(both.initContainerStatuses?.map((c) => [c.started, c.ready]), [[true, true]]);
  assert.equal(condition(both, 'ContainersReady')?.status, 'True');
  assert.deepEqual(kubectlRow(p, both), { ready: '2/2', status: 'Running', restarts: '0' });
  const unready = statusOf(p, runtime([attempt('proxy'), attempt('app', { createdAt: T0 + 2 * SEC })]));
  assert.equal(condition(unready, 'ContainersReady')?.message, 'containers with unready status: [proxy]');
});
