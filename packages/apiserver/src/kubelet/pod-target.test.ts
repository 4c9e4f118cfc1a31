/** Unit tests: container choice and node address, with Kubernetes' messages. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import { kubeletAddressOf } from './kubelet-connector.js';
import { resolvePodTarget } from './pod-target.js';

const pod = (containers: string[], init: string[] = [], nodeName?: string): Pod => ({
  metadata: { name: 'p', namespace: 'ns', uid: 'u1' },
  spec: { containers: containers.map((name) => ({ name })), initContainers: init.map((name) => ({ name })), ...(nodeName ? { nodeName } : {}) },
});

test('the only container is chosen; node and uid are carried', () => {
  assert.deepEqual(resolvePodTarget(pod(['web'], [], 'n1'), undefined, 'log'), { node: 'n1', container: { namespace: 'ns', pod: 'p', container: 'web', uid: 'u1' } });
  assert.equal(resolvePodTarget(pod(['web']), 'web', 'exec').node, undefined);
  assert.equal(resolvePodTarget(pod(['web'], ['setup']), 'setup', 'log').container.container, 'setup');
});

test('messages for a missing or unknown container', () => {
  assert.throws(() => resolvePodTarget(pod(['a', 'b'], ['i']), undefined, 'log'), (e: Error) => /^a container name must be specified for pod p, choose one of: \[i a b\]$/.test(e.message));
  assert.throws(() => resolvePodTarget(pod(['a', 'b'], ['i']), undefined, 'exec'), /choose one of: \[a b\] or one of the init containers: \[i\]$/);
  assert.throws(() => resolvePodTarget(pod(['a']), 'x', 'exec'), (e: Error) => e.message === 'container x is not valid for pod p');
});

test('kubelet address: InternalIP and kubelet port, or a clear error', () => {
  const node = (addresses: { type: string; address: string }[], port?: number): Node => ({ metadata: { name: 'n' }, status: { addresses, ...(port ? { daemonEndpoints: { kubeletEndpoint: { Port: port } } } : {}) } });
  assert.equal(kubeletAddressOf(node([{ type: 'Hostname', address: 'h' }, { type: 'InternalIP', address: '10.0.0.2' }], 10250)), '10.0.0.2:10250');
  assert.throws(() => kubeletAddressOf(node([], 10250)), /no preferred addresses found; known addresses: \[\]/);
  assert.throws(() => kubeletAddressOf(node([{ type: 'Hostname', address: 'h' }], 10250)), /known addresses: \[\{Hostname h\}\]/);
  assert.throws(() => kubeletAddressOf(node([{ type: 'InternalIP', address: '10.0.0.2' }])), /no kubelet port/);
});
