/** Tests of QoS classes, cgroup parents and the cpu/memory/OOM maths. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { podCgroupParent, podQOSClass } from './qos.js';
import { containerLinuxResources, milliCpuToQuota, milliCpuToShares, oomScoreAdj } from './resources.js';
import { testPod, withResources } from './test-fixtures.js';

const base = { name: 'app', image: 'busybox' };
const GI = 1024n ** 3n;

test('QoS class as upstream', () => {
  assert.equal(podQOSClass(testPod()), 'BestEffort');
  assert.equal(podQOSClass(testPod({ containers: [withResources(base, { cpu: '100m' })] })), 'Burstable');
  assert.equal(podQOSClass(testPod({ containers: [withResources(base, undefined, { cpu: '1', memory: '1Gi' })] })), 'Guaranteed');
  assert.equal(podQOSClass(testPod({ containers: [withResources(base, { cpu: '1000m', memory: '1024Mi' }, { cpu: '1', memory: '1Gi' })] })), 'Guaranteed');
  assert.equal(podQOSClass(testPod({ containers: [withResources(base, { cpu: '500m', memory: '1Gi' }, { cpu: '1', memory: '1Gi' })] })), 'Burstable');
  assert.equal(podQOSClass(testPod({ containers: [withResources(base, undefined, { cpu: '1' })] })), 'Burstable', 'no memory limit');
  assert.equal(
    podQOSClass(testPod({ containers: [withResources(base, undefined, { cpu: '1', memory: '1Gi' }), { name: 'b', image: 'x' }] })),
    'Burstable',
    'one container without limits',
  );
});

test('cgroup parent per QoS: Guaranteed at the root, burstable, besteffort', () => {
  assert.equal(podCgroupParent(testPod(), 'kubelet-n1'), '/kubelet-n1/besteffort/pod1111-2222');
  assert.equal(podCgroupParent(testPod({ containers: [withResources(base, { memory: '1Mi' })] }), 'kubelet-n1'), '/kubelet-n1/burstable/pod1111-2222');
  assert.equal(podCgroupParent(testPod({ containers: [withResources(base, undefined, { cpu: '1', memory: '1Gi' })] }), '/kubelet-n1/'), '/kubelet-n1/pod1111-2222');
});

test('cpu shares and quota', () => {
  assert.equal(milliCpuToShares(0n), 2);
  assert.equal(milliCpuToShares(1n), 2);
  assert.equal(milliCpuToShares(100n), 102);
  assert.equal(milliCpuToShares(1000n), 1024);
  assert.equal(milliCpuToShares(1_000_000n), 262_144);
  assert.equal(milliCpuToQuota(0n), 0);
  assert.equal(milliCpuToQuota(5n), 1000, 'at least 1 ms');
  assert.equal(milliCpuToQuota(250n), 25_000);
  assert.equal(milliCpuToQuota(2000n), 200_000);
});

test('container linux resources from requests and limits', () => {
  const c = withResources(base, { cpu: '250m', memory: '64Mi' }, { cpu: '500m', memory: '128Mi' });
  const r = containerLinuxResources(testPod({ containers: [c] }), c, 8n * GI);
  assert.equal(r.cpu_shares, 256);
  assert.equal(r.cpu_quota, 50_000);
  assert.equal(r.cpu_period, 100_000);
  assert.equal(r.memory_limit_in_bytes, String(128 * 1024 * 1024));
  const limitOnly = withResources(base, undefined, { cpu: '2' });
  assert.equal(containerLinuxResources(testPod({ containers: [limitOnly] }), limitOnly, GI).cpu_shares, 2048, 'shares from the limit when no request');
  const none = containerLinuxResources(testPod(), base, GI);
  assert.equal(none.cpu_shares, 2);
  assert.equal(none.memory_limit_in_bytes, '0');
  assert.equal(none.cpu_quota, undefined);
});

test('OOM score adjustment per QoS', () => {
  const g = withResources(base, undefined, { cpu: '1', memory: '1Gi' });
  assert.equal(oomScoreAdj(testPod({ containers: [g] }), g, 8n * GI), -997);
  assert.equal(oomScoreAdj(testPod(), base, 8n * GI), 1000);
  const b = withResources(base, { memory: '2Gi' });
  assert.equal(oomScoreAdj(testPod({ containers: [b] }), b, 8n * GI), 750);
  const huge = withResources(base, { memory: '8Gi' }, { memory: '9Gi' });
  assert.equal(oomScoreAdj(testPod({ containers: [huge] }), huge, 8n * GI), 3, 'Burstable never reaches Guaranteed');
  const tiny = withResources(base, { cpu: '1m' });
  assert.equal(oomScoreAdj(testPod({ containers: [tiny] }), tiny, 8n * GI), 999, 'Burstable never reaches BestEffort');
  assert.equal(oomScoreAdj(testPod({ priority: 2_000_001_000 }), base, 8n * GI), -997, 'critical pods');
});
