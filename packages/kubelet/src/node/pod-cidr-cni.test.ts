/** Unit tests: the gateway of a pod CIDR, the CNI config written once per CIDR, and the re-registration label patch. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { containerdPaths, CNI_CONFLIST_NAME } from '../containerd/index.js';
import { reconcilePatch } from './node-registration.js';
import { cniNetworkName, PodCidrCni, podCidrGateway } from './pod-cidr-cni.js';

test('the gateway is the first usable address of the CIDR', () => {
  assert.equal(podCidrGateway('10.244.1.0/24'), '10.244.1.1');
  assert.equal(podCidrGateway('10.244.0.0/16'), '10.244.0.1');
  assert.equal(podCidrGateway('10.244.3.77/24'), '10.244.3.1');
  assert.equal(podCidrGateway('10.244.255.128/25'), '10.244.255.129');
  assert.throws(() => podCidrGateway('fd00::/64'), /unsupported pod CIDR/);
  assert.throws(() => podCidrGateway('10.0.0.0/31'), /unsupported pod CIDR/);
});

test('PodCidrCni writes the bridge conflist once per new CIDR', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'skiff-knode-cni-'));
  try {
    const cni = new PodCidrCni({ containerdDir: dir, networkName: cniNetworkName('n1') });
    assert.equal(await cni.apply(undefined), false);
    assert.equal(await cni.apply('10.244.7.0/24'), true);
    assert.equal(await cni.apply('10.244.7.0/24'), false);
    const conf = JSON.parse(await readFile(join(containerdPaths(dir).cniConfDir, CNI_CONFLIST_NAME), 'utf8'));
    assert.equal(conf.name, 'skiff-n1');
    assert.equal(conf.plugins[0].bridge, 'cni0');
    assert.deepEqual(conf.plugins[0].ipam.ranges, [[{ subnet: '10.244.7.0/24', gateway: '10.244.7.1' }]]);
    assert.equal(await cni.apply('10.244.8.0/24'), true);
    assert.equal(cni.current(), '10.244.8.0/24');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('re-registration patches only the kubelet-owned labels and annotation that differ', () => {
  const wanted = {
    metadata: {
      name: 'n1',
      labels: { 'kubernetes.io/hostname': 'n1', 'kubernetes.io/os': 'linux', 'extra': 'x' },
      annotations: { 'volumes.kubernetes.io/controller-managed-attach-detach': 'true' },
    },
  };
  assert.equal(reconcilePatch(wanted, wanted), undefined);
  const existing = { metadata: { name: 'n1', labels: { 'kubernetes.io/hostname': 'old', 'kubernetes.io/os': 'linux', 'user': 'kept' } } };
  assert.deepEqual(reconcilePatch(existing, wanted), {
    metadata: { labels: { 'kubernetes.io/hostname': 'n1' }, annotations: { 'volumes.kubernetes.io/controller-managed-attach-detach': 'true' } },
  });
});
