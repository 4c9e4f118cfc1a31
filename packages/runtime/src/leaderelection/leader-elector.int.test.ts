/** Integration: two candidate processes against a real etcd + API server; kill -9 the leader and watch the failover. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { startTestApiServer } from '@skiff/apiserver/testing';
import { JITTER_FACTOR } from './leader-elector.js';
import { eventually } from '../testing/eventually.js';

const SCRIPT = fileURLToPath(new URL('./testing/candidate-process.js', import.meta.url));
/** Short timings so the failover happens within seconds; same ordering constraints as the defaults. */
const LEASE_DURATION_MS = 4_000;
const RENEW_DEADLINE_MS = 3_000;
const RETRY_PERIOD_MS = 500;
/** How long the test waits for a state before failing (a hang guard, not a speed check). */
const WAIT_LIMIT_MS = 30_000;

interface Transition {
  event: 'start' | 'stop' | 'exit';
  identity: string;
  at: number;
}

/** Waits (bounded) until `probe` gives a value. */
const until = <T>(what: string, probe: () => T | undefined | Promise<T | undefined>): Promise<T> => eventually(what, probe, { timeoutMs: WAIT_LIMIT_MS });


test('kill -9 of the leader: the other candidate takes over, and the two never lead at once', async (t) => {
  const api = await startTestApiServer();
  const children = new Map<string, ChildProcess>();
  const exitedAt = new Map<string, number>();
  const log: Transition[] = [];
  t.after(async () => {
    for (const child of children.values()) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await Promise.all([...children.values()].map((c) => (c.exitCode === null && c.signalCode === null ? new Promise((r) => c.once('exit', r)) : undefined)));
    await api.stop();
  });
  const launch = (identity: string): void => {
    const args = [SCRIPT, api.url, identity, String(LEASE_DURATION_MS), String(RENEW_DEADLINE_MS), String(RETRY_PERIOD_MS)];
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    createInterface({ input: child.stdout! }).on('line', (line) => log.push(JSON.parse(line) as Transition));
    child.once('exit', () => exitedAt.set(identity, Date.now()));
    children.set(identity, child);
  };
  launch('candidate-a');
  launch('candidate-b');

  const first = await until('a leader', () => log.find((l) => l.event === 'start'));
  const leader = first.identity;
  const follower = leader === 'candidate-a' ? 'candidate-b' : 'candidate-a';
  // Let the leader renew a few times while the follower keeps trying.
  const leaseRv = async (): Promise<string> => (await api.request('GET', '/apis/coordination.k8s.io/v1/namespaces/kube-system/leases/int-test-lease')).body.metadata.resourceVersion;
  const rv0 = await leaseRv();
  let renewals = 0;
  let lastRv = rv0;
  await until('three renewals', async () => {
    const rv = await leaseRv();
    if (rv !== lastRv) renewals++;
    lastRv = rv;
    return renewals >= 3 ? true : undefined;
  });

  const lease = (await api.request('GET', '/apis/coordination.k8s.io/v1/namespaces/kube-system/leases/int-test-lease')).body;
  assert.equal(lease.spec.holderIdentity, leader);
  assert.equal(lease.spec.leaseDurationSeconds, LEASE_DURATION_MS / 1000);

  children.get(leader)!.kill('SIGKILL');
  await until('the leader to die', () => exitedAt.get(leader));
  const killedAt = exitedAt.get(leader)!;
  const takeover = await until('the follower to lead', () => log.find((l) => l.event === 'start' && l.identity === follower));

  const after = (await api.request('GET', '/apis/coordination.k8s.io/v1/namespaces/kube-system/leases/int-test-lease')).body;
  assert.equal(after.spec.holderIdentity, follower);
  assert.equal(after.spec.leaseTransitions, lease.spec.leaseTransitions + 1);
  // Taking over needs a full lease duration after the last renewal was seen, plus at most one jittered retry.
  const bound = LEASE_DURATION_MS + RETRY_PERIOD_MS * (1 + JITTER_FACTOR) + 1_000;
  assert.ok(takeover.at - killedAt <= bound, `took over ${takeover.at - killedAt} ms after the kill (bound ${bound} ms)`);

  // Graceful stop of the new leader releases the lease.
  children.get(follower)!.kill('SIGTERM');
  await until('the follower to exit', () => exitedAt.get(follower));
  const released = (await api.request('GET', '/apis/coordination.k8s.io/v1/namespaces/kube-system/leases/int-test-lease')).body;
  assert.equal(released.spec.holderIdentity, undefined);
  assert.equal(released.spec.leaseDurationSeconds, 1);

  // No overlap: each leadership interval ends (stop, or death) before the next begins.
  const intervals = [...children.keys()].flatMap((identity) => {
    const starts = log.filter((l) => l.identity === identity && l.event === 'start').map((l) => l.at);
    const stops = log.filter((l) => l.identity === identity && l.event === 'stop').map((l) => l.at);
    return starts.map((start, i) => ({ identity, start, end: stops[i] ?? exitedAt.get(identity)! }));
  });
  assert.equal(intervals.length, 2, JSON.stringify(log));
  intervals.sort((x, y) => x.start - y.start);
  assert.equal(intervals[0]!.identity, leader);
  assert.ok(intervals[0]!.end < intervals[1]!.start, `overlap: ${JSON.stringify(intervals)}`);
  assert.ok(killedAt < takeover.at);
});
