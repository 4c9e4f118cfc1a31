/** Tests for process identity and stopping: SIGTERM, SIGKILL after the grace period, and never a PID that is not ours. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { isAlive, isSameProcess, readProcessIdentity } from './process-identity.js';
import { stopProcess } from './stop-process.js';

/** A child node process running `code`, ready once it printed "ready"; always killed at the end of the test. */
async function withChild(code: string, fn: (child: ChildProcess & { pid: number }) => Promise<void>): Promise<void> {
  const child = spawn(process.execPath, ['-e', `${code}; console.log('ready'); setInterval(() => {}, 1000)`, 'marker-arg'], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    await once(child.stdout!, 'data');
    await fn(child as ChildProcess & { pid: number });
  } finally {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await once(child, 'exit');
    }
  }
}

async function recorded(pid: number) {
  const id = await readProcessIdentity(pid);
  assert.ok(id, `process ${pid} should be readable`);
  return { pid, cmdline: id.cmdline, exe: id.exe, startTime: id.startTime };
}

test('readProcessIdentity reads argv, executable and start time of a live process', () =>
  withChild('', async (child) => {
    const id = await readProcessIdentity(child.pid);
    assert.ok(id);
    assert.equal(id.cmdline[0], process.execPath);
    assert.equal(id.cmdline.at(-1), 'marker-arg');
    assert.match(id.startTime, /^\d+$/);
    assert.equal(await isSameProcess(await recorded(child.pid)), true);
  }));

test('a process that honours SIGTERM is stopped with it', () =>
  withChild('', async (child) => {
    const rec = await recorded(child.pid);
    const exited = once(child, 'exit');
    assert.equal(await stopProcess(rec), 'stopped');
    const [, signal] = await exited;
    assert.equal(signal, 'SIGTERM');
    assert.equal(await isAlive(child.pid), false);
  }));

test('a process that ignores SIGTERM is killed after the grace period', () =>
  withChild("process.on('SIGTERM', () => {})", async (child) => {
    const rec = await recorded(child.pid);
    const exited = once(child, 'exit');
    assert.equal(await stopProcess(rec, { graceMs: 300 }), 'killed');
    const [, signal] = await exited;
    assert.equal(signal, 'SIGKILL');
  }));

test('a PID whose start time or argv and executable differ from the record is not signalled', () =>
  withChild('', async (child) => {
    const rec = await recorded(child.pid);
    assert.equal(await stopProcess({ ...rec, startTime: String(Number(rec.startTime) + 1) }), 'not-ours');
    assert.equal(await stopProcess({ ...rec, cmdline: ['etcd'], exe: '/usr/bin/etcd' }), 'not-ours');
    assert.equal(await isAlive(child.pid), true);
    // Same start time and executable with a rewritten argv is still ours.
    assert.equal(await isSameProcess({ ...rec, cmdline: ['renamed'] }), true);
  }));

test('a record whose process has exited is reported as not running', async () => {
  const child = spawn(process.execPath, ['-e', '']);
  const pid = child.pid!;
  await once(child, 'exit');
  assert.equal(await stopProcess({ pid, cmdline: [process.execPath, '-e', ''], exe: process.execPath, startTime: '1' }), 'not-running');
});
