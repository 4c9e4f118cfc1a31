/** Integration tests of starting and stopping a real etcd. */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { etcdBinary, freePort, startEtcd, stopEtcdByPid, type EtcdProcess } from './etcd-process.js';

const started: EtcdProcess[] = [];
const dirs: string[] = [];

after(async () => {
  for (const p of started) await p.stop();
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

async function tempDir(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'skiff-etcd-process-'));
  dirs.push(d);
  return d;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return existsSync(`/proc/${pid}`) && !readFileSync(`/proc/${pid}/stat`, 'utf8').includes(') Z ');
  } catch {
    return false;
  }
}

test('etcdBinary finds etcd and freePort gives distinct loopback ports', async () => {
  assert.match(etcdBinary(), /\/etcd$/);
  const [a, b] = [await freePort(), await freePort()];
  assert.ok(a > 0 && b > 0);
});

test('startEtcd serves on 127.0.0.1 and stop() ends exactly that process', async () => {
  const dir = await tempDir();
  const etcd = await startEtcd({ dataDir: join(dir, 'data') });
  started.push(etcd);
  assert.match(etcd.endpoint, /^http:\/\/127\.0\.0\.1:\d+$/);
  const res = await fetch(`${etcd.endpoint}/health`);
  assert.deepEqual(await res.json(), { health: 'true' });
  assert.ok(alive(etcd.pid));
  await etcd.stop();
  assert.equal(alive(etcd.pid), false);
  await etcd.stop(); // stopping twice is harmless
});

test('a detached etcd logs to its file and is stopped by PID; other PIDs are left alone', async () => {
  const dir = await tempDir();
  const logFile = join(dir, 'etcd.log');
  const etcd = await startEtcd({ dataDir: join(dir, 'data'), detached: true, logFile });
  started.push(etcd);
  assert.ok(readFileSync(logFile, 'utf8').length > 0);
  await stopEtcdByPid(process.pid); // not an etcd: no signal sent (or this test would not go on)
  await stopEtcdByPid(etcd.pid);
  assert.equal(alive(etcd.pid), false);
});

test('restarting on the same ports and data dir keeps the data', async () => {
  const dir = await tempDir();
  const first = await startEtcd({ dataDir: join(dir, 'data') });
  started.push(first);
  await fetch(`${first.endpoint}/v3/kv/put`, { method: 'POST', body: JSON.stringify({ key: Buffer.from('k').toString('base64'), value: Buffer.from('v').toString('base64') }) });
  await first.stop();
  const second = await startEtcd({ dataDir: join(dir, 'data'), clientPort: first.clientPort, peerPort: first.peerPort });
  started.push(second);
  assert.equal(second.endpoint, first.endpoint);
  const res = await fetch(`${second.endpoint}/v3/kv/range`, { method: 'POST', body: JSON.stringify({ key: Buffer.from('k').toString('base64') }) });
  const body = (await res.json()) as { kvs?: Array<{ value: string }> };
  assert.equal(Buffer.from(body.kvs![0]!.value, 'base64').toString(), 'v');
});
