/** Unit tests of LeaderElector over an in-memory client and a fake clock. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pino } from 'pino';
import { FakeClock } from '../clock/index.js';
import { LeaderElector, type LeaderElectorOptions } from './leader-elector.js';
import { LEASES, formatMicroTime, recordFromLease, type LeaseObject } from './lease-record.js';
import { FakeStore, type FakeResourceClient } from '../testing/index.js';

const NS = 'kube-system';
const NAME = 'skiff-controller-manager';
const silent = pino({ level: 'silent' });

interface Candidate {
  elector: LeaderElector;
  client: FakeResourceClient;
  starts: number[];
  stops: number[];
  leaderSignals: AbortSignal[];
  newLeaders: string[];
  stop: AbortController;
  done: Promise<void>;
}

function candidate(store: FakeStore, clock: FakeClock, identity: string, extra: Partial<LeaderElectorOptions> = {}): Candidate {
  const client = store.client();
  const c: Candidate = { client, starts: [], stops: [], leaderSignals: [], newLeaders: [], stop: new AbortController() } as unknown as Candidate;
  c.elector = new LeaderElector({
    client,
    namespace: NS,
    name: NAME,
    identity,
    clock,
    logger: silent,
    onStartedLeading: (signal) => {
      c.starts.push(clock.now());
      c.leaderSignals.push(signal);
    },
    onStoppedLeading: () => c.stops.push(clock.now()),
    onNewLeader: (id) => c.newLeaders.push(id),
    ...extra,
  });
  c.done = c.elector.run(c.stop.signal);
  return c;
}

function lease(store: FakeStore): LeaseObject {
  const obj = store.read(LEASES, NS, NAME);
  assert.ok(obj, 'lease exists');
  return obj as LeaseObject;
}

test('acquires an absent lease and writes the record fields', async () => {
  const store = new FakeStore();
  const clock = new FakeClock();
  const a = candidate(store, clock, 'a');
  await clock.advance(0);
  assert.equal(a.elector.isLeader(), true);
  assert.deepEqual(a.starts, [clock.now()]);
  const l = lease(store);
  assert.equal(l.apiVersion, 'coordination.k8s.io/v1');
  assert.equal(l.kind, 'Lease');
  assert.deepEqual(l.spec, {
    holderIdentity: 'a',
    leaseDurationSeconds: 15,
    acquireTime: formatMicroTime(clock.now()),
    renewTime: formatMicroTime(clock.now()),
    leaseTransitions: 0,
  });
  assert.deepEqual(a.newLeaders, ['a']);
  a.stop.abort();
  await a.done;
});

test('renews every retry period, keeping acquireTime and transitions', async () => {
  const store = new FakeStore();
  const clock = new FakeClock();
  const a = candidate(store, clock, 'a');
  await clock.advance(0);
  const first = lease(store);
  await clock.advance(2000);
  const second = lease(store);
  assert.notEqual(second.metadata?.resourceVersion, first.metadata?.resourceVersion);
  assert.equal(second.spec?.renewTime, formatMicroTime(clock.now()));
  assert.equal(second.spec?.acquireTime, first.spec?.acquireTime);
  assert.equal(second.spec?.leaseTransitions, 0);
  await clock.advance(2000);
  assert.equal(lease(store).spec?.renewTime, formatMicroTime(clock.now()));
  a.stop.abort();
  await a.done;
});

test('stops leading when renewing fails for the renew deadline', async () => {
  const store = new FakeStore();
  const clock = new FakeClock();
  const a = candidate(store, clock, 'a');
  await clock.advance(0);
  const lastRenew = clock.now();
  a.client.down = true;
  await clock.advance(9_999);
  assert.equal(a.elector.isLeader(), true, 'still within the renew deadline');
  assert.equal(a.leaderSignals[0]!.aborted, false);
  await clock.advance(1);
  await a.done;
  assert.equal(a.elector.isLeader(), false);
  assert.equal(a.leaderSignals[0]!.aborted, true);
  assert.deepEqual(a.stops, [lastRenew + 10_000]);
  // The server never saw a release: the lease still names a until it expires.
  assert.equal(lease(store).spec?.holderIdentity, 'a');
});

test('releases the lease on cancel: empty holder, 1-second duration, same transitions', async () => {
  const store = new FakeStore();
  const clock = new FakeClock();
  const a = candidate(store, clock, 'a');
  await clock.advance(0);
  a.stop.abort();
  await a.done;
  assert.equal(a.leaderSignals[0]!.aborted, true);
  assert.equal(a.stops.length, 1);
  const spec = lease(store).spec!;
  assert.equal(spec.holderIdentity, undefined);
  assert.equal(spec.leaseDurationSeconds, 1);
  assert.equal(spec.leaseTransitions, 0);
  // Another candidate takes a released lease at once, counting a transition.
  const b = candidate(store, clock, 'b');
  await clock.advance(0);
  assert.equal(b.elector.isLeader(), true);
  assert.equal(lease(store).spec?.leaseTransitions, 1);
  b.stop.abort();
  await b.done;
});

test('with releaseOnCancel false the lease is left to expire', async () => {
  const store = new FakeStore();
  const clock = new FakeClock();
  const a = candidate(store, clock, 'a', { releaseOnCancel: false });
  await clock.advance(0);
  a.stop.abort();
  await a.done;
  assert.equal(a.stops.length, 1);
  assert.equal(lease(store).spec?.holderIdentity, 'a');
});

test('waits a full lease duration from its own observation, whatever the remote renewTime says', async () => {
  const store = new FakeStore();
  const clock = new FakeClock();
  // Held by another whose clock is far behind: by renewTime the lease looks long expired.
  store.write(LEASES, NS, {
    apiVersion: 'coordination.k8s.io/v1',
    kind: 'Lease',
    metadata: { name: NAME, namespace: NS },
    spec: { holderIdentity: 'other', leaseDurationSeconds: 15, acquireTime: formatMicroTime(0), renewTime: formatMicroTime(0), leaseTransitions: 4 },
  });
  const observedAt = clock.now();
  const b = candidate(store, clock, 'b');
  await clock.advance(14_999);
  assert.equal(b.elector.isLeader(), false);
  assert.equal(b.elector.getLeader(), 'other');
  assert.deepEqual(b.newLeaders, ['other']);
  // Next attempt is at most retryPeriod * (1 + 1.2) away.
  await clock.advance(4_401);
  assert.equal(b.elector.isLeader(), true);
  assert.ok(b.starts[0]! >= observedAt + 15_000);
  const record = recordFromLease(lease(store));
  assert.equal(record.holderIdentity, 'b');
  assert.equal(record.leaseTransitions, 5);
  assert.equal(record.acquireTime, b.starts[0]);
  assert.deepEqual(b.newLeaders, ['other', 'b']);
  b.stop.abort();
  await b.done;
});

test('a lease held by itself is taken back at once without a transition', async () => {
  const store = new FakeStore();
  const clock = new FakeClock();
  const acquired = clock.now() - 60_000;
  store.write(LEASES, NS, {
    metadata: { name: NAME, namespace: NS },
    spec: { holderIdentity: 'a', leaseDurationSeconds: 15, acquireTime: formatMicroTime(acquired), renewTime: formatMicroTime(clock.now()), leaseTransitions: 2 },
  });
  const a = candidate(store, clock, 'a');
  await clock.advance(0);
  assert.equal(a.elector.isLeader(), true);
  const record = recordFromLease(lease(store));
  assert.equal(record.leaseTransitions, 2);
  assert.equal(record.acquireTime, acquired);
  a.stop.abort();
  await a.done;
});

test('two candidates racing for an absent lease: exactly one wins', async () => {
  const store = new FakeStore();
  const clock = new FakeClock();
  const a = candidate(store, clock, 'a');
  const b = candidate(store, clock, 'b');
  await clock.advance(0);
  assert.equal(Number(a.elector.isLeader()) + Number(b.elector.isLeader()), 1);
  const loser = a.elector.isLeader() ? b : a;
  assert.ok(loser.client.calls.some((c) => c.verb === 'create'), 'the loser tried to create too');
  a.stop.abort();
  b.stop.abort();
  await Promise.all([a.done, b.done]);
});

test('failover: after the holder stops renewing, the other takes over only once the holder stopped leading', async () => {
  const store = new FakeStore();
  const clock = new FakeClock();
  const a = candidate(store, clock, 'a');
  await clock.advance(0);
  const b = candidate(store, clock, 'b');
  await clock.advance(5_000);
  assert.equal(b.elector.isLeader(), false);
  const lastRenew = recordFromLease(lease(store)).renewTime;
  a.client.down = true;
  await clock.advance(30_000);
  assert.equal(b.elector.isLeader(), true);
  assert.equal(a.stops.length, 1);
  assert.ok(a.stops[0]! < b.starts[0]!, 'a stopped before b started');
  // b must wait out a full lease duration after it last saw a's record change. It sees the last renewal at most one
  // jittered retry (retryPeriod x 2.2) after it happened, and tries again at most one jittered retry after expiry.
  assert.ok(b.starts[0]! >= lastRenew + 15_000);
  assert.ok(b.starts[0]! <= lastRenew + 2_000 * 2.2 + 15_000 + 2_000 * 2.2);
  assert.equal(recordFromLease(lease(store)).leaseTransitions, 1);
  await a.done;
  b.stop.abort();
  await b.done;
});

/** A small deterministic PRNG (mulberry32), so the partition schedule is repeatable. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

test('two electors on one store never both lead, across random partitions and restarts', async () => {
  const store = new FakeStore();
  const clock = new FakeClock();
  const random = prng(42);
  const leading = new Set<string>();
  const overlaps: string[] = [];
  let takeovers = 0;
  const stopAll = new AbortController();
  const clients: FakeResourceClient[] = [];
  const loops = ['a', 'b'].map(async (identity) => {
    const client = store.client();
    clients.push(client);
    // Like a component that exits on lost leadership and is restarted.
    while (!stopAll.signal.aborted) {
      const elector = new LeaderElector({
        client,
        namespace: NS,
        name: NAME,
        identity,
        clock,
        logger: silent,
        releaseOnCancel: false,
        onStartedLeading: () => {
          if (leading.size > 0) overlaps.push(`${identity} started while ${[...leading].join(',')} led at ${clock.now()}`);
          leading.add(identity);
          takeovers++;
        },
        onStoppedLeading: () => leading.delete(identity),
      });
      await elector.run(stopAll.signal);
    }
  });
  for (let i = 0; i < 600; i++) {
    for (const client of clients) if (random() < 0.08) client.down = !client.down;
    await clock.advance(1_000);
  }
  stopAll.abort();
  await Promise.all(loops);
  assert.deepEqual(overlaps, []);
  assert.ok(takeovers >= 4, `leadership changed hands (${takeovers} starts)`);
});

test('rejects timings that would allow two leaders', () => {
  const client = new FakeStore().client();
  const base = { client, namespace: NS, name: NAME, identity: 'a', onStartedLeading() {}, onStoppedLeading() {} };
  assert.throws(() => new LeaderElector({ ...base, leaseDurationMs: 10_000, renewDeadlineMs: 10_000 }), /leaseDuration must be greater than renewDeadline/);
  assert.throws(() => new LeaderElector({ ...base, renewDeadlineMs: 2_000, retryPeriodMs: 2_000 }), /renewDeadline must be greater than retryPeriod/);
  assert.throws(() => new LeaderElector({ ...base, identity: '' }), /identity is empty/);
});
