/** Tests of NodeInfo (sums, ports, clone) and HostPortInfo's conflict rule. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HostPortInfo } from './host-ports.js';
import { NodeInfo } from './node-info.js';
import { container, makeNode, makePod, podRequesting } from './test-fixtures.js';

test('NodeInfo sums requests and host ports, and removePod undoes addPod', () => {
  const info = new NodeInfo(makeNode('n1', { cpu: '4', memory: '8Gi', pods: '10' }));
  assert.equal(info.allocatable.milliCPU, 4000);
  assert.equal(info.allocatable.allowedPodNumber, 10);
  const a = podRequesting('a', { cpu: '1', memory: '1Gi' });
  const b = makePod('b', { containers: [container('web', { cpu: '500m' }, { ports: [{ containerPort: 80, hostPort: 8080 }] })] });
  info.addPod(a);
  info.addPod(b);
  assert.equal(info.requested.milliCPU, 1500);
  assert.equal(info.requested.memory, 1024 ** 3);
  assert.equal(info.nonZeroRequested.memory, 1024 ** 3 + 200 * 1024 ** 2, 'b has no memory request: the scoring default counts');
  assert.ok(info.usedPorts.conflicts(undefined, 'TCP', 8080));
  assert.equal(info.removePod(b), true);
  assert.equal(info.removePod(b), false);
  assert.equal(info.requested.milliCPU, 1000);
  assert.equal(info.pods.length, 1);
  assert.equal(info.usedPorts.conflicts(undefined, 'TCP', 8080), false);
});

test('clone is independent of the original', () => {
  const info = new NodeInfo(makeNode('n1', { cpu: '4' }), [podRequesting('a', { cpu: '1' })]);
  const copy = info.clone();
  copy.addPod(podRequesting('b', { cpu: '2' }));
  assert.equal(info.requested.milliCPU, 1000);
  assert.equal(info.pods.length, 1);
  assert.equal(copy.requested.milliCPU, 3000);
});

test('HostPortInfo: the wildcard address clashes with every address; distinct addresses and protocols do not', () => {
  const ports = new HostPortInfo();
  ports.add('10.0.0.1', 'TCP', 80);
  assert.equal(ports.conflicts('10.0.0.2', 'TCP', 80), false);
  assert.equal(ports.conflicts('10.0.0.1', 'UDP', 80), false);
  assert.equal(ports.conflicts('10.0.0.1', undefined, 80), true, 'protocol defaults to TCP');
  assert.equal(ports.conflicts('0.0.0.0', 'TCP', 80), true);
  ports.add(undefined, 'UDP', 53);
  assert.equal(ports.conflicts('10.0.0.9', 'UDP', 53), true, 'an empty hostIP is the wildcard');
});

test('NodeInfo keeps the pods with pod (anti-)affinity apart, and its clone copies those lists', () => {
  const info = new NodeInfo(makeNode('n1', { cpu: '4', pods: '10' }));
  const plain = podRequesting('plain', { cpu: '1' });
  const term = { labelSelector: { matchLabels: { app: 'x' } }, topologyKey: 'kubernetes.io/hostname' };
  const anti = makePod('anti', { affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term] } } });
  const preferred = makePod('pref', { affinity: { podAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 1, podAffinityTerm: term }] } } });
  info.addPod(plain);
  info.addPod(anti);
  info.addPod(preferred);
  assert.deepEqual(info.podsWithAffinity.map((p) => p.pod.metadata?.name), ['anti', 'pref']);
  assert.deepEqual(info.podsWithRequiredAntiAffinity.map((p) => p.pod.metadata?.name), ['anti']);
  const copy = info.clone();
  assert.equal(info.removePod(anti), true);
  assert.deepEqual(info.podsWithAffinity.map((p) => p.pod.metadata?.name), ['pref']);
  assert.deepEqual(info.podsWithRequiredAntiAffinity, []);
  assert.equal(copy.podsWithRequiredAntiAffinity.length, 1, 'the clone is not affected');
});

test('a changed node object is parsed anew; clones keep the allocatable', () => {
  const info = new NodeInfo(makeNode('n1', { cpu: '4', pods: '10' }));
  info.setNode(makeNode('n1', { cpu: '8', pods: '10' }));
  assert.equal(info.allocatable.milliCPU, 8000);
  assert.equal(info.clone().allocatable.milliCPU, 8000);
});
