/** tcpSocket probes against 127.0.0.1 and exec probes through a fake ExecSync client. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { CriError, GrpcStatus } from '../cri/cri-error.js';
import { EXEC_PROBE_MAX_OUTPUT_BYTES, probeExec, type ExecSyncClient } from './exec-probe.js';
import { probeTcp } from './tcp-probe.js';
import { newProbeRunner } from './probe-runner.js';

test('tcpSocket: an open port is Success, a closed one a Failure', async () => {
  const server = createServer((s) => s.end());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  try {
    assert.deepEqual(await probeTcp('127.0.0.1', port, 1_000), { result: 'Success', output: '' });
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
  assert.deepEqual(await probeTcp('127.0.0.1', port, 1_000), { result: 'Failure', output: `dial tcp 127.0.0.1:${port}: connect: connection refused` });
});

/** A fake CRI client: records calls, answers as told. */
function fakeCri(answer: (cmd: string[]) => Promise<{ stdout: Buffer; stderr: Buffer; exit_code: number }>) {
  const calls: Array<{ id: string; cmd: string[]; timeout: number | undefined }> = [];
  const client: ExecSyncClient = {
    execSync: (id, cmd, timeout) => {
      calls.push({ id, cmd, timeout });
      return answer(cmd);
    },
  };
  return { client, calls };
}

test('exec: exit 0 is Success, other codes a Failure with stdout then stderr; the timeout goes to ExecSync', async () => {
  const { client, calls } = fakeCri(async (cmd) =>
    cmd[1] === '/tmp/healthy'
      ? { stdout: Buffer.from(''), stderr: Buffer.from("cat: can't open '/tmp/healthy': No such file or directory\n"), exit_code: 1 }
      : { stdout: Buffer.from('out\n'), stderr: Buffer.from('err\n'), exit_code: 0 },
  );
  assert.deepEqual(await probeExec(client, 'cid', ['echo', 'hi'], 3), { result: 'Success', output: 'out\nerr\n' });
  assert.deepEqual(await probeExec(client, 'cid', ['cat', '/tmp/healthy'], 1), {
    result: 'Failure',
    output: "cat: can't open '/tmp/healthy': No such file or directory\n",
  });
  assert.deepEqual(calls[0], { id: 'cid', cmd: ['echo', 'hi'], timeout: 3 });
});

test('exec: a timeout is a Failure; other runtime errors reject; output is cut at 10 KiB', async () => {
  const timedOut = fakeCri(() => Promise.reject(new CriError('ExecSync', GrpcStatus.UNKNOWN, 'failed to exec in container: timeout 1s exceeded: context deadline exceeded')));
  assert.deepEqual(await probeExec(timedOut.client, 'cid', ['sleep', '10'], 1), { result: 'Failure', output: 'command "sleep 10" timed out' });
  const deadline = fakeCri(() => Promise.reject(new CriError('ExecSync', GrpcStatus.DEADLINE_EXCEEDED, 'Deadline exceeded')));
  assert.equal((await probeExec(deadline.client, 'cid', ['sleep', '10'], 1)).result, 'Failure');
  const gone = fakeCri(() => Promise.reject(new CriError('ExecSync', GrpcStatus.NOT_FOUND, 'container not found')));
  await assert.rejects(probeExec(gone.client, 'cid', ['true'], 1), /container not found/);
  const chatty = fakeCri(async () => ({ stdout: Buffer.alloc(EXEC_PROBE_MAX_OUTPUT_BYTES * 2, 'a'), stderr: Buffer.from('e'), exit_code: 2 }));
  assert.equal((await probeExec(chatty.client, 'cid', ['x'], 1)).output.length, EXEC_PROBE_MAX_OUTPUT_BYTES);
});

test('the runner expands $(VAR) in an exec command from the container\'s literal env', async () => {
  const { client, calls } = fakeCri(async () => ({ stdout: Buffer.alloc(0), stderr: Buffer.alloc(0), exit_code: 0 }));
  const container = { name: 'c', env: [{ name: 'FILE', value: '/tmp/healthy' }, { name: 'REF', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }] };
  const target = { pod: { spec: { containers: [container] } }, container, containerId: 'cid', podIP: '' };
  const probe = { exec: { command: ['cat', '$(FILE)', '$(REF)', '$$(FILE)'] }, timeoutSeconds: 4 };
  assert.equal((await newProbeRunner(client)('liveness', probe, target)).result, 'Success');
  assert.deepEqual(calls[0], { id: 'cid', cmd: ['cat', '/tmp/healthy', '$(REF)', '$(FILE)'], timeout: 4 });
});
