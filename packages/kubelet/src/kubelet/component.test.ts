/** Unit tests of the kubelet component's flag handling. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadSettings } from '@skiff/runtime';
import { DEFAULT_KUBELET_HEALTH_PORT, kubeletComponent, kubeletSettings } from './component.js';

const REQUIRED = ['--node-name', 'n1', '--node-ip', '10.250.0.11', '--containerd-dir', '/tmp/n1', '--root-dir', '/tmp/n1/kubelet'];

test('the flags become settings: defaults for the cluster domain, health port and cgroup root; --cluster-dns is a list', async () => {
  const s = await loadSettings(kubeletComponent, [...REQUIRED, '--cluster-dns', '10.96.0.10, 10.96.0.11', '--grpc-address', '127.0.0.1:6444']);
  assert.equal(s.nodeName, 'n1');
  assert.equal(s.nodeIP, '10.250.0.11');
  assert.equal(s.containerdDir, '/tmp/n1');
  assert.equal(s.rootDir, '/tmp/n1/kubelet');
  assert.equal(s.grpcAddress, '127.0.0.1:6444');
  assert.deepEqual(s.clusterDNS, ['10.96.0.10', '10.96.0.11']);
  assert.equal(s.clusterDomain, 'cluster.local');
  assert.equal(s.cgroupRoot, '');
  assert.equal(s.healthPort, DEFAULT_KUBELET_HEALTH_PORT);
  const custom = await loadSettings(kubeletComponent, [...REQUIRED, '--cluster-domain', 'example.test', '--cgroup-root', 'kubelet-x']);
  assert.equal(custom.clusterDomain, 'example.test');
  assert.equal(custom.cgroupRoot, 'kubelet-x');
  assert.deepEqual(custom.clusterDNS, []);
});

test('a missing required flag is an error that names it', () => {
  for (const flag of ['node-name', 'node-ip', 'containerd-dir', 'root-dir']) {
    const values: Record<string, string> = { 'node-name': 'n1', 'node-ip': '10.250.0.11', 'containerd-dir': '/d', 'root-dir': '/r' };
    values[flag] = '';
    assert.throws(() => kubeletSettings(values), new RegExp(`^Error: --${flag} is required$`));
  }
});
