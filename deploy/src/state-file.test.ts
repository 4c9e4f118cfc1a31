/** Tests for the launcher's state file. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { STATE_VERSION, readState, statePath, writeState, type ClusterState } from './state-file.js';

async function withDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'skiff-state-'));
  try {
    await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const sample = (stateDir: string): ClusterState => ({
  version: STATE_VERSION,
  stateDir,
  etcd: { endpoint: 'http://127.0.0.1:40001', clientPort: 40001, peerPort: 40002, dataDir: join(stateDir, 'etcd') },
  apiServer: { url: 'https://127.0.0.1:6443', port: 6443 },
  pki: { dir: join(stateDir, 'pki'), caCert: 'ca.crt', adminCert: 'admin.crt', adminKey: 'admin.key' },
  kubeconfig: { path: join(stateDir, 'kubeconfig'), mergedInto: '/root/.kube/config', previousContext: 'prod' },
  processes: [{ name: 'etcd', pid: 123, cmdline: ['etcd', '--name', 'skiff'], exe: '/usr/bin/etcd', startTime: '999', logFile: 'etcd.log' }],
  startedAt: '2024-01-01T00:00:00.000Z',
});

test('state round-trips through state.json, written whole with no temporary file left', () =>
  withDir(async (dir) => {
    await writeState(sample(dir));
    assert.deepEqual(await readState(dir), sample(dir));
    assert.deepEqual(await readdir(dir), ['state.json']);
  }));

test('no state file means no state; a broken or foreign one is an error naming the file', () =>
  withDir(async (dir) => {
    assert.equal(await readState(dir), undefined);
    await writeFile(statePath(dir), '{not json');
    await assert.rejects(readState(dir), /state\.json is not valid JSON/);
    await writeFile(statePath(dir), JSON.stringify({ version: 99, processes: [] }));
    await assert.rejects(readState(dir), /not a Skiff state file of version 1/);
  }));
