/** computePodStatus for regular containers: each state a pod goes through, and what kubectl shows for it. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HOST_IP, IMAGE_REF, POD_IP, SEC, T0, attempt, condition, exited, kubectlRow, pod, probes, runtime, statusOf } from './test-fixtures.js';
import { crashLoopMessage } from './container-backoff.js';
import { imagePullBackOffMessage } from './image-backoff.js';

test('creating: no sandbox yet, the container waits in ContainerCreating', () => {
  const p = pod({});
  const s = statusOf(p, runtime([], false));
  assert.equal(s.phase, 'Pending');
  assert.deepEqual(s.containerStatuses, [
    { name: 'app', image: 'busybox', imageID: '', ready: false, restartCount: 0, started: false, state: { waiting: { reason: 'ContainerCreating' } }, lastState: {} },
  ]);
  assert.equal(s.initContainerStatuses, undefined);
  assert.equal(condition(s, 'PodReadyToStartContainers')?.status, 'False');
  assert.deepEqual({ ...condition(s, 'Initialized') }, { type: 'Initialized', status: 'True', lastProbeTime: null, lastTransitionTime: '2026-03-01T10:01:00Z' });
  assert.equal(condition(s, 'PodScheduled')?.status, 'True');
  for (const type of ['ContainersReady', 'Ready']) {
    const c = condition(s, type);
    assert.deepEqual([c?.status, c?.reason, c?.message], ['False', 'ContainersNotReady', 'containers with unready status: [app]']);
  }
  assert.deepEqual(s.conditions?.map((c) => c.type), ['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady', 'PodScheduled']);
  assert.equal(s.podIP, undefined);
  assert.equal(s.hostIP, HOST_IP);
  assert.deepEqual(s.hostIPs, [{ ip: HOST_IP }]);
  assert.equal(s.startTime, '2026-03-01T10:01:00Z');
  assert.equal(s.qosClass, 'BestEffort');
  assert.deepEqual(kubectlRow(p, s), { ready: '0/1', status: 'ContainerCreating', restarts: '0' });
});

test('running but not ready: the readiness probe has not passed yet', () => {
  const p = pod({ containers: [{ name: 'app', readinessProbe: { exec: { command: ['true'] } } }] });
  const c = attempt('app', { id: 'abc123' });
  const s = statusOf(p, runtime([c]));
  assert.equal(s.phase, 'Running');
  const cs = s.containerStatuses![0]!;
  assert.deepEqual(cs, {
    name: 'app', image: 'docker.io/library/busybox:latest', imageID: IMAGE_REF, containerID: 'containerd://abc123',
    ready: false, restartCount: 0, started: true, state: { running: { startedAt: '2026-03-01T10:00:01Z' } }, lastState: {},
  });
  assert.equal(condition(s, 'PodReadyToStartContainers')?.status, 'True');
  assert.equal(condition(s, 'Ready')?.message, 'containers with unready status: [app]');
  assert.equal(s.podIP, POD_IP);
  assert.deepEqual(s.podIPs, [{ ip: POD_IP }]);
  assert.deepEqual(kubectlRow(p, s), { ready: '0/1', status: 'Running', restarts: '0' });
});

test('a startup probe not yet passed: neither started nor ready', () => {
  const p = pod({ containers: [{ name: 'app', startupProbe: { exec: { command: ['true'] } } }] });
  const s = statusOf(p, runtime([attempt('app')]), { probes: probes({ app: true }) });
  assert.deepEqual([s.containerStatuses![0]!.started, s.containerStatuses![0]!.ready], [false, false]);
  const later = statusOf(p, runtime([attempt('app')]), { probes: probes({ app: true }, { app: true }) });
  assert.deepEqual([later.containerStatuses![0]!.started, later.containerStatuses![0]!.ready], [true, true]);
});

test('ready: conditions turn True and keep their transition time while unchanged', () => {
  const p = pod({ containers: [{ name: 'app', readinessProbe: { exec: { command: ['true'] } } }] });
  const rt = runtime([attempt('app')]);
  const first = statusOf(p, rt, { now: T0 + 10 * SEC });
  assert.equal(condition(first, 'Ready')?.lastTransitionTime, '2026-03-01T10:00:10Z');
  const ready = statusOf(p, rt, { probes: probes({ app: true }), previous: first, now: T0 + 20 * SEC });
  assert.deepEqual([condition(ready, 'Ready')?.status, condition(ready, 'Ready')?.reason], ['True', undefined]);
  assert.equal(condition(ready, 'ContainersReady')?.status, 'True');
  assert.equal(condition(ready, 'Ready')?.lastTransitionTime, '2026-03-01T10:00:20Z');
  // Unchanged conditions keep the time of their last change; start time stays.
  assert.equal(condition(ready, 'PodReadyToStartContainers')?.lastTransitionTime, '2026-03-01T10:00:10Z');
  assert.equal(ready.startTime, '2026-03-01T10:00:10Z');
  const again = statusOf(p, rt, { probes: probes({ app: true }), previous: ready, now: T0 + 90 * SEC });
  assert.equal(condition(again, 'Ready')?.lastTransitionTime, '2026-03-01T10:00:20Z');
  assert.equal(again.containerStatuses![0]!.ready, true);
  assert.deepEqual(kubectlRow(p, again), { ready: '1/1', status: 'Running', restarts: '0' });
});

test('restarted: the newest attempt gives state and restartCount, the one before lastState', () => {
  const p = pod({});
  const old = exited('app', 1, { id: 'old1', attempt: 0, createdAt: T0, startedAt: T0 + SEC, finishedAt: T0 + 30 * SEC });
  const now = attempt('app', { id: 'new1', attempt: 1, createdAt: T0 + 40 * SEC, startedAt: T0 + 41 * SEC });
  const s = statusOf(p, runtime([old, now]));
  const cs = s.containerStatuses![0]!;
  assert.equal(cs.restartCount, 1);
  assert.equal(cs.containerID, 'containerd://new1');
  assert.deepEqual(cs.state, { running: { startedAt: '2026-03-01T10:00:41Z' } });
  assert.deepEqual(cs.lastState, {
    terminated: { exitCode: 1, reason: 'Error', containerID: 'containerd://old1', startedAt: '2026-03-01T10:00:01Z', finishedAt: '2026-03-01T10:00:30Z' },
  });
  assert.equal(s.phase, 'Running');
  assert.deepEqual(kubectlRow(p, s, T0 + 90 * SEC), { ready: '1/1', status: 'Running', restarts: '1 (60s ago)' });
});

test('crash loop: waiting CrashLoopBackOff, the last exit in lastState, phase Running', () => {
  const p = pod({});
  const message = crashLoopMessage(20_000, 'app', p);
  assert.equal(message, 'back-off 20s restarting failed container=app pod=web_default(uid-1)');
  const attempts = [exited('app', 1, { attempt: 0, createdAt: T0 }), exited('app', 2, { id: 'last', attempt: 1, createdAt: T0 + 20 * SEC, finishedAt: T0 + 25 * SEC })];
  const s = statusOf(p, runtime(attempts), { waiting: { app: { reason: 'CrashLoopBackOff', message } } });
  const cs = s.containerStatuses![0]!;
  assert.deepEqual(cs.state, { waiting: { reason: 'CrashLoopBackOff', message } });
  assert.equal(cs.lastState?.terminated?.exitCode, 2);
  assert.equal(cs.lastState?.terminated?.containerID, 'containerd://last');
  assert.equal(cs.restartCount, 1);
  assert.deepEqual([cs.ready, cs.started], [false, false]);
  assert.equal(s.phase, 'Running');
  assert.deepEqual(kubectlRow(p, s, T0 + 85 * SEC), { ready: '0/1', status: 'CrashLoopBackOff', restarts: '1 (60s ago)' });
});

test('completed: restartPolicy Never and exit 0 make Succeeded; the kubelet reasons say PodCompleted', () => {
  const p = pod({ restartPolicy: 'Never' });
  const s = statusOf(p, runtime([exited('app', 0, { message: '' })]), { waiting: { app: { reason: 'ContainerCreating' } } });
  assert.equal(s.phase, 'Succeeded');
  assert.equal(s.containerStatuses![0]!.state?.terminated?.reason, 'Completed');
  assert.deepEqual([condition(s, 'Ready')?.status, condition(s, 'Ready')?.reason], ['False', 'PodCompleted']);
  assert.deepEqual([condition(s, 'ContainersReady')?.status, condition(s, 'ContainersReady')?.reason], ['False', 'PodCompleted']);
  assert.deepEqual(kubectlRow(p, s), { ready: '0/1', status: 'Completed', restarts: '0' });
});

test('OnFailure: exit 0 succeeds, a failure restarts (Running)', () => {
  const p = pod({ restartPolicy: 'OnFailure' });
  assert.equal(statusOf(p, runtime([exited('app', 0)])).phase, 'Succeeded');
  assert.equal(statusOf(p, runtime([exited('app', 3)])).phase, 'Running');
  // Always: even a clean exit restarts.
  assert.equal(statusOf(pod({}), runtime([exited('app', 0)])).phase, 'Running');
});

test('failed: restartPolicy Never and a non-zero exit make Failed with reason PodFailed', () => {
  const p = pod({ restartPolicy: 'Never', containers: [{ name: 'a' }, { name: 'b' }] });
  const s = statusOf(p, runtime([exited('a', 1, { message: 'boom' }), exited('b', 0)]));
  assert.equal(s.phase, 'Failed');
  assert.equal(s.containerStatuses![0]!.state?.terminated?.message, 'boom');
  assert.equal(condition(s, 'Ready')?.reason, 'PodFailed');
  assert.deepEqual(kubectlRow(p, s), { ready: '0/2', status: 'Error', restarts: '0' });
  // kubectl shows the first container's reason, so the other order reads Completed though the pod failed.
  const swapped = statusOf(p, runtime([exited('a', 0), exited('b', 1)]));
  assert.deepEqual([swapped.phase, kubectlRow(p, swapped).status], ['Failed', 'Completed']);
  // One still running keeps the pod Running.
  assert.equal(statusOf(p, runtime([attempt('a'), exited('b', 1)])).phase, 'Running');
});

test('OOMKilled: the runtime reason shows; Never fails the pod, Always crash-loops it', () => {
  const oom = { reason: 'OOMKilled', exitCode: 137 };
  const never = pod({ restartPolicy: 'Never' });
  const s = statusOf(never, runtime([exited('app', 137, oom)]));
  assert.equal(s.phase, 'Failed');
  assert.deepEqual([s.containerStatuses![0]!.state?.terminated?.reason, s.containerStatuses![0]!.state?.terminated?.exitCode], ['OOMKilled', 137]);
  assert.equal(kubectlRow(never, s).status, 'OOMKilled');
  // Never: a waiting reason does not apply to a container that will not restart.
  const kept = statusOf(never, runtime([exited('app', 137, oom)]), { waiting: { app: { reason: 'CrashLoopBackOff' } } });
  assert.equal(kept.containerStatuses![0]!.state?.terminated?.reason, 'OOMKilled');

  const always = pod({});
  const looping = statusOf(always, runtime([exited('app', 137, oom)]), { waiting: { app: { reason: 'CrashLoopBackOff', message: 'm' } } });
  assert.equal(looping.phase, 'Running');
  assert.equal(looping.containerStatuses![0]!.lastState?.terminated?.reason, 'OOMKilled');
  assert.equal(kubectlRow(always, looping).status, 'CrashLoopBackOff');
});

test('image pull errors: ErrImagePull then ImagePullBackOff keep the pod Pending', () => {
  const p = pod({ containers: [{ name: 'app', image: 'nope:1' }] });
  const pulling = statusOf(p, runtime([]), { waiting: { app: { reason: 'ErrImagePull', message: 'failed to pull and unpack image "docker.io/library/nope:1"' } } });
  assert.equal(pulling.phase, 'Pending');
  assert.deepEqual(pulling.containerStatuses![0]!.state, { waiting: { reason: 'ErrImagePull', message: 'failed to pull and unpack image "docker.io/library/nope:1"' } });
  assert.equal(pulling.containerStatuses![0]!.image, 'nope:1');
  assert.deepEqual(kubectlRow(p, pulling), { ready: '0/1', status: 'ErrImagePull', restarts: '0' });
  const backoff = statusOf(p, runtime([]), { waiting: { app: { reason: 'ImagePullBackOff', message: imagePullBackOffMessage('nope:1') } } });
  assert.equal(backoff.containerStatuses![0]!.state?.waiting?.message, 'Back-off pulling image "nope:1"');
  assert.deepEqual(kubectlRow(p, backoff), { ready: '0/1', status: 'ImagePullBackOff', restarts: '0' });
  const config = statusOf(p, runtime([]), { waiting: { app: { reason: 'CreateContainerConfigError', message: 'secret "s" not found' } } });
  assert.equal(kubectlRow(p, config).status, 'CreateContainerConfigError');
});

test('a created-but-not-started attempt waits without a reason unless the kubelet gives one', () => {
  const p = pod({});
  const s = statusOf(p, runtime([attempt('app', { state: 'CONTAINER_CREATED', startedAt: 0 })]));
  assert.deepEqual(s.containerStatuses![0]!.state, { waiting: {} });
  assert.equal(s.phase, 'Pending');
});

test('terminal phases stay: a Succeeded pod is not brought back to Running', () => {
  const p = pod({});
  const done = { ...statusOf(pod({ restartPolicy: 'Never' }), runtime([exited('app', 0)])), phase: 'Succeeded' };
  const s = statusOf({ ...p, status: done }, runtime([attempt('app')]));
  assert.equal(s.phase, 'Succeeded');
  const failed = statusOf(p, runtime([attempt('app')]), { previous: { ...done, phase: 'Failed' } });
  assert.equal(failed.phase, 'Failed');
  // A pod the kubelet stopped for good: its exit codes decide, whatever the policy.
  assert.equal(statusOf(p, runtime([exited('app', 0)]), { terminal: true }).phase, 'Succeeded');
  assert.equal(statusOf(p, runtime([exited('app', 143)]), { terminal: true }).phase, 'Failed');
});

test('a running container that vanished: lastState ContainerStatusUnknown and one more restart', () => {
  const p = pod({});
  const before = statusOf(p, runtime([attempt('app', { attempt: 2 })]));
  const s = statusOf(p, runtime([], false), { previous: before });
  const cs = s.containerStatuses![0]!;
  assert.equal(cs.restartCount, 3);
  assert.deepEqual(cs.lastState?.terminated, {
    exitCode: 137, reason: 'ContainerStatusUnknown', message: 'The container could not be located when the pod was deleted.  The container used to be Running',
  });
  assert.deepEqual(cs.state, { waiting: { reason: 'ContainerCreating' } });
  // The sandbox is gone, so the IPs reported before stay.
  assert.equal(s.podIP, POD_IP);
  // A terminated status stays as it was.
  const finished = statusOf(pod({ restartPolicy: 'Never' }), runtime([exited('app', 0)]));
  const after = statusOf(pod({ restartPolicy: 'Never' }), runtime([], false), { previous: finished });
  assert.deepEqual(after.containerStatuses, finished.containerStatuses);
});

test('Terminating: a pod with a deletionTimestamp shows Terminating and does not take waiting reasons', () => {
  const p = pod({}, { metadata: { name: 'web', namespace: 'default', uid: 'uid-1', deletionTimestamp: new Date(T0).toISOString() } });
  const s = statusOf(p, runtime([exited('app', 1)]), { waiting: { app: { reason: 'CrashLoopBackOff' } } });
  assert.equal(s.containerStatuses![0]!.state?.terminated?.exitCode, 1);
  assert.equal(kubectlRow(p, s).status, 'Terminating');
});

test('readiness gates: Ready waits for the gate conditions others set', () => {
  const p = pod({ readinessGates: [{ conditionType: 'example.com/lb' }] });
  const rt = runtime([attempt('app')]);
  const missing = statusOf(p, rt);
  assert.deepEqual([condition(missing, 'Ready')?.status, condition(missing, 'Ready')?.reason, condition(missing, 'Ready')?.message],
    ['False', 'ReadinessGatesNotReady', 'corresponding condition of pod readiness gate "example.com/lb" does not exist.']);
  assert.equal(condition(missing, 'ContainersReady')?.status, 'True');
  const gate = { type: 'example.com/lb', status: 'False', lastTransitionTime: '2026-03-01T09:00:00Z' };
  const notYet = statusOf({ ...p, status: { conditions: [gate] } }, rt);
  assert.equal(condition(notYet, 'Ready')?.message, 'the status of pod readiness gate "example.com/lb" is not "True", but False');
  const open = statusOf({ ...p, status: { conditions: [{ ...gate, status: 'True' }] } }, rt);
  assert.equal(condition(open, 'Ready')?.status, 'True');
  // Others' conditions come first and are kept as they are.
  assert.deepEqual(open.conditions![0], { ...gate, status: 'True' });
});

test('PodScheduled keeps its transition time; hostNetwork pods take the node IP; QoS from resources', () => {
  const scheduled = { type: 'PodScheduled', status: 'True', lastProbeTime: null as unknown as string, lastTransitionTime: '2026-03-01T09:59:00Z' };
  const p = pod({ containers: [{ name: 'app', resources: { requests: { cpu: '100m', memory: '64Mi' }, limits: { cpu: '0.1', memory: '64Mi' } } }] }, {
    status: { phase: 'Pending', qosClass: 'Guaranteed', conditions: [scheduled] },
  });
  const s = statusOf(p, runtime([attempt('app')]));
  assert.deepEqual(condition(s, 'PodScheduled'), scheduled);
  assert.equal(s.qosClass, 'Guaranteed');
  const host = pod({});
  host.spec!.hostNetwork = true;
  const h = statusOf(host, { containers: [], sandbox: { id: 'sb', state: 'SANDBOX_READY', ip: '', attempt: 0, createdAt: T0 } });
  assert.deepEqual([h.podIP, h.podIPs], [HOST_IP, [{ ip: HOST_IP }]]);
  assert.equal(condition(h, 'PodReadyToStartContainers')?.status, 'True');
});
