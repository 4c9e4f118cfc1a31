/** Unit tests: runtime health from CRI Status answers, the node conditions computed from it, images and status change detection. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Image, RuntimeCondition, StatusResponse } from '../cri/types-image.js';
import { computeConditions, conditionsChanged, formatTime } from './node-conditions.js';
import { nodeImages } from './node-images.js';
import { RUNTIME_SYNC_THRESHOLD_MS, runtimeErrors, updateRuntimeHealth, type RuntimeHealth } from './runtime-health.js';

const T0 = Date.UTC(2024, 0, 1);
const CAPACITY = { cpu: '2', memory: '8Gi', pods: '110' };

function criStatus(network: Partial<RuntimeCondition> | null, runtimeReady = true): StatusResponse {
  const conditions: RuntimeCondition[] = [{ type: 'RuntimeReady', status: runtimeReady, reason: runtimeReady ? '' : 'RuntimeDown', message: runtimeReady ? '' : 'boom' }];
  if (network) conditions.push({ type: 'NetworkReady', status: false, reason: '', message: '', ...network });
  return { status: { conditions }, info: {} };
}

const NO_CNI = criStatus({ status: false, reason: 'NetworkPluginNotReady', message: 'Network plugin returns error: cni plugin not initialized' });
const READY = criStatus({ status: true });

test('runtime health: the network error carries the CRI condition as the kubelet prints it', () => {
  const h = updateRuntimeHealth({}, NO_CNI, T0);
  assert.equal(h.lastRuntimeSync, T0);
  assert.deepEqual(runtimeErrors(h, T0), [
    'container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:Network plugin returns error: cni plugin not initialized',
  ]);
  assert.deepEqual(runtimeErrors(updateRuntimeHealth(h, READY, T0 + 1), T0 + 1), []);
  assert.deepEqual(runtimeErrors(updateRuntimeHealth({}, criStatus(null), T0), T0), ['container runtime network not ready: <nil>']);
});

test('runtime health: never checked, runtime not ready, and a runtime that stopped answering', () => {
  assert.deepEqual(runtimeErrors({}, T0), ['container runtime status check may not have completed yet']);
  const down = updateRuntimeHealth({}, criStatus({ status: true }, false), T0);
  assert.deepEqual(runtimeErrors(down, T0), [
    'container runtime status check may not have completed yet',
    'container runtime not ready: RuntimeReady=false reason:RuntimeDown message:boom',
  ]);
  const ok = updateRuntimeHealth({}, READY, T0);
  const failed: RuntimeHealth = updateRuntimeHealth(ok, new Error('UNAVAILABLE'), T0 + RUNTIME_SYNC_THRESHOLD_MS);
  assert.deepEqual(failed, ok, 'a failed call changes nothing');
  assert.deepEqual(runtimeErrors(failed, T0 + RUNTIME_SYNC_THRESHOLD_MS - 1), []);
  assert.deepEqual(runtimeErrors(failed, T0 + RUNTIME_SYNC_THRESHOLD_MS), ['container runtime is down']);
});

test('a new node gets MemoryPressure, DiskPressure, PIDPressure (False) and Ready, in the kubelet order', () => {
  const conds = computeConditions(undefined, { notReadyErrors: runtimeErrors(updateRuntimeHealth({}, NO_CNI, T0), T0), capacity: CAPACITY }, T0);
  assert.deepEqual(conds.map((c) => [c.type, c.status, c.reason]), [
    ['MemoryPressure', 'False', 'KubeletHasSufficientMemory'],
    ['DiskPressure', 'False', 'KubeletHasNoDiskPressure'],
    ['PIDPressure', 'False', 'KubeletHasSufficientPID'],
    ['Ready', 'False', 'KubeletNotReady'],
  ]);
  assert.equal(conds[0]!.message, 'kubelet has sufficient memory available');
  assert.match(conds[3]!.message!, /^container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady/);
  for (const c of conds) assert.deepEqual([c.lastHeartbeatTime, c.lastTransitionTime], ['2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z']);
});

test('heartbeat moves on every sync; transition time only when the status flips', () => {
  const first = computeConditions(undefined, { notReadyErrors: ['x'], capacity: CAPACITY }, T0);
  const second = computeConditions(first, { notReadyErrors: ['y'], capacity: CAPACITY }, T0 + 10_000);
  const ready2 = second.find((c) => c.type === 'Ready')!;
  assert.equal(ready2.lastHeartbeatTime, formatTime(T0 + 10_000));
  assert.equal(ready2.lastTransitionTime, formatTime(T0), 'still False: no transition');
  assert.equal(ready2.message, 'y');
  const third = computeConditions(second, { notReadyErrors: [], capacity: CAPACITY }, T0 + 20_000);
  const ready3 = third.find((c) => c.type === 'Ready')!;
  assert.deepEqual([ready3.status, ready3.reason, ready3.message], ['True', 'KubeletReady', 'kubelet is posting ready status']);
  assert.equal(ready3.lastTransitionTime, formatTime(T0 + 20_000));
  assert.equal(third.find((c) => c.type === 'MemoryPressure')!.lastTransitionTime, formatTime(T0));
  assert.equal(conditionsChanged(second, third), true);
  const fourth = computeConditions(third, { notReadyErrors: [], capacity: CAPACITY }, T0 + 30_000);
  assert.equal(conditionsChanged(third, fourth), false, 'only heartbeats moved');
});

test('several reasons are aggregated; missing capacity makes the node not ready; foreign conditions are kept', () => {
  const foreign = { type: 'NetworkUnavailable', status: 'False', reason: 'RouteCreated', message: 'routes', lastTransitionTime: 'a', lastHeartbeatTime: 'a' };
  const conds = computeConditions([foreign], { notReadyErrors: ['a', 'b'], capacity: { cpu: '1' } }, T0);
  assert.deepEqual(conds[0], foreign);
  assert.equal(conds.find((c) => c.type === 'Ready')!.message, '[a, b, missing node capacity for resources: memory, pods]');
});

test('images: largest first, digests before tags, at most 5 names, sizes as numbers', () => {
  const img = (id: string, size: `${bigint}`, tags: string[], digests: string[] = []): Image =>
    ({ id, size, repo_tags: tags, repo_digests: digests, uid: null, username: '', spec: null, pinned: false });
  const list = nodeImages([
    img('sha256:a', '700000', ['localhost/pause:local']),
    img('sha256:b', '1200000', ['docker.io/library/busybox:local', 'b:2', 'b:3', 'b:4', 'b:5'], ['docker.io/library/busybox@sha256:1']),
  ]);
  assert.deepEqual(list, [
    { names: ['docker.io/library/busybox@sha256:1', 'docker.io/library/busybox:local', 'b:2', 'b:3', 'b:4'], sizeBytes: 1200000 },
    { names: ['localhost/pause:local'], sizeBytes: 700000 },
  ]);
  assert.equal(nodeImages(list.map((_, i) => img(`sha256:${i}`, '1', ['x'])), 1).length, 1);
});
