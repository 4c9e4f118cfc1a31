/** Unit tests of the containerd config and the CNI conflist writer. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { containerdConfig } from './config.js';
import { writeCniConfig } from './cni-config.js';
import { containerdPaths } from './paths.js';

test('containerdConfig keeps every per-instance path below the node dir and sets the settings this machine needs', () => {
  const paths = containerdPaths('/tmp/skiff-node-x');
  const toml = containerdConfig({ paths, sandboxImage: 'localhost/pause:local' });
  assert.match(toml, /^version = 2$/m);
  assert.match(toml, /^root = "\/tmp\/skiff-node-x\/root"$/m);
  assert.match(toml, /^state = "\/tmp\/skiff-node-x\/state"$/m);
  assert.match(toml, /^ {2}address = "\/tmp\/skiff-node-x\/containerd.sock"$/m);
  assert.match(toml, /^ {4}path = "\/tmp\/skiff-node-x\/opt"$/m);
  assert.match(toml, /^ {4}sandbox_image = "localhost\/pause:local"$/m);
  assert.match(toml, /^ {4}restrict_oom_score_adj = true$/m);
  assert.match(toml, /^ {4}netns_mounts_under_state_dir = true$/m);
  assert.match(toml, /^ {4}stream_server_address = "127.0.0.1"$/m);
  assert.match(toml, /^ {4}stream_server_port = "0"$/m);
  assert.match(toml, /^ {6}bin_dir = "\/usr\/lib\/cni"$/m);
  assert.match(toml, /^ {6}conf_dir = "\/tmp\/skiff-node-x\/net.d"$/m);
  assert.match(toml, /^ {10}Root = "\/tmp\/skiff-node-x\/runc"$/m);
  assert.match(toml, /^ {10}SystemdCgroup = false$/m);
  assert.match(toml, /\[plugins\."io\.containerd\.grpc\.v1\.cri"\.containerd\.runtimes\.runc\.options\]/);
});

test('writeCniConfig writes the bridge conflist in place (same inode on rewrite)', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'skiff-cni-unit-'));
  try {
    const net = { networkName: 'pods-x', bridge: 'cni-x', subnet: '10.244.7.0/24', gateway: '10.244.7.1' };
    const file = await writeCniConfig(dir, net);
    assert.equal(file, join(dir, 'net.d', '10-pods.conflist'));
    const first = await stat(file);
    const conf = JSON.parse(await readFile(file, 'utf8'));
    assert.equal(conf.cniVersion, '0.4.0');
    assert.equal(conf.name, 'pods-x');
    assert.deepEqual(conf.plugins.map((p: { type: string }) => p.type), ['bridge', 'portmap']);
    assert.equal(conf.plugins[0].bridge, 'cni-x');
    assert.equal(conf.plugins[0].isGateway, true);
    assert.equal(conf.plugins[0].ipMasq, false);
    assert.equal(conf.plugins[0].ipam.dataDir, join(dir, 'ipam'));
    assert.deepEqual(conf.plugins[0].ipam.ranges, [[{ subnet: '10.244.7.0/24', gateway: '10.244.7.1' }]]);
    await writeCniConfig(dir, { ...net, subnet: '10.244.8.0/24', gateway: '10.244.8.1' });
    const second = await stat(file);
    assert.equal(second.ino, first.ino, 'rewritten in place, not renamed');
    assert.match(await readFile(file, 'utf8'), /10\.244\.8\.0\/24/);
    await assert.rejects(writeCniConfig(dir, { ...net, bridge: 'a-bridge-name-too-long' }), /longer than 15/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
