/** Integration tests of watches (through the watch cache and straight from etcd) against a real etcd. */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Registry } from 'prom-client';
import { CompactedError, ConflictError, KeyNotFoundError } from './errors.js';
import { startEtcd, type EtcdProcess } from './etcd-process.js';
import { EtcdStore } from './etcd-store.js';
import type { StoredObject, Watch, WatchEvent } from './interface.js';

/** Short intervals so idle caches learn the revision and bookmarks flow within the test. */
const PROGRESS_NOTIFY_MS = 100;
const BOOKMARK_MS = 50;

let dir: string | undefined;
let etcd: EtcdProcess | undefined;
let store: EtcdStore;
const registry = new Registry();

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'skiff-watch-'));
  etcd = await startEtcd({ dataDir: join(dir, 'etcd'), progressNotifyIntervalMs: PROGRESS_NOTIFY_MS });
  store = new EtcdStore({ endpoints: [etcd.endpoint], metricsRegistry: registry, watchCache: { bookmarkIntervalMs: BOOKMARK_MS } });
  store.registerResource(prefixOf('cached'));
});

after(async () => {
  await store?.close();
  await etcd?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

type Obj = StoredObject & { metadata: { name: string; resourceVersion?: string; labels?: Record<string, string> }; spec?: { n?: number } };
const o = (name: string, labels?: Record<string, string>, n = 0): Obj => ({ metadata: { name, ...(labels ? { labels } : {}) }, spec: { n } });

/** Reads events until `n` arrived (BOOKMARKs skipped unless asked for). */
async function take(w: Watch, n: number, bookmarks = false): Promise<WatchEvent[]> {
  const out: WatchEvent[] = [];
  const it = w[Symbol.asyncIterator]();
  while (out.length < n) {
    const r = await it.next();
    if (r.done) break;
    if (r.value.type === 'BOOKMARK' && !bookmarks) continue;
    out.push(r.value);
  }
  return out;
}

const brief = (evs: WatchEvent[]) => evs.map((e) => `${e.type} ${(e.object as Obj).metadata.name}@${e.object.metadata?.resourceVersion}`);

async function etcdGauge(name: string): Promise<number> {
  const text = await (await fetch(`${etcd!.endpoint}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  assert.ok(line, `etcd exports ${name}`);
  return Number(line.split(' ')[1]);
}

/** The 'cached' resource is registered (served by a watch cache); the 'direct' one is not (served by etcd). */
function prefixOf(mode: 'cached' | 'direct'): string {
  return `/registry/test.${mode}/things/`;
}

for (const mode of ['cached', 'direct'] as const) {
  const P = prefixOf(mode);

  test(`${mode}: watch from a revision replays exactly the later events, in order, then live ones`, async () => {
    const a = await store.create<Obj>(`${P}ns/a`, o('a'));
    const b = await store.create<Obj>(`${P}ns/b`, o('b'));
    const b2 = await store.guaranteedUpdate<Obj>(`${P}ns/b`, (c) => ({ ...c, spec: { n: 1 } }));
    const gone = await store.delete<Obj>(`${P}ns/a`);
    const w = await store.watch(P, { revision: Number(a.metadata.resourceVersion) });
    const c = await store.create<Obj>(`${P}other/c`, o('c'));
    const events = await take(w, 4);
    w.stop();
    assert.deepEqual(brief(events), [
      `ADDED b@${b.metadata.resourceVersion}`,
      `MODIFIED b@${b2.metadata.resourceVersion}`,
      `DELETED a@${gone.metadata.resourceVersion}`,
      `ADDED c@${c.metadata.resourceVersion}`,
    ]);
    assert.equal(events[1]!.prevObject?.metadata?.resourceVersion, b.metadata.resourceVersion);
    assert.equal(events[2]!.prevObject?.metadata?.resourceVersion, a.metadata.resourceVersion);
    assert.deepEqual(events.map((e) => e.revision), events.map((e) => Number(e.object.metadata?.resourceVersion)));
  });

  test(`${mode}: watch from 0 starts with ADDED for the current objects under the prefix`, async () => {
    const w = await store.watch(`${P}ns/`);
    const initial = await take(w, 1);
    assert.deepEqual(brief(initial), [`ADDED b@${(await store.get<Obj>(`${P}ns/b`)).metadata.resourceVersion}`]);
    const d = await store.create<Obj>(`${P}ns/d`, o('d'));
    await store.create<Obj>(`${P}other/e`, o('e')); // outside the watched namespace
    const f = await store.create<Obj>(`${P}ns/f`, o('f'));
    assert.deepEqual(brief(await take(w, 2)), [`ADDED d@${d.metadata.resourceVersion}`, `ADDED f@${f.metadata.resourceVersion}`]);
    w.stop();
  });

  test(`${mode}: a label filter turns label changes into ADDED and DELETED`, async () => {
    const key = `${P}labels/p`;
    await store.create<Obj>(key, o('p', { app: 'db' }));
    const w = await store.watch(`${P}labels/`, { filter: (x) => (x as Obj).metadata.labels?.['app'] === 'web' });
    const setApp = (app: string) => store.guaranteedUpdate<Obj>(key, (c) => ({ ...c, metadata: { ...c.metadata, labels: { app } } }));
    const toWeb = await setApp('web');
    await store.guaranteedUpdate<Obj>(key, (c) => ({ ...c, spec: { n: 5 } }));
    const toDb = await setApp('db');
    await store.guaranteedUpdate<Obj>(key, (c) => ({ ...c, spec: { n: 6 } })); // not seen: matches neither before nor after
    const back = await setApp('web');
    const events = await take(w, 4);
    w.stop();
    assert.deepEqual(events.map((e) => e.type), ['ADDED', 'MODIFIED', 'DELETED', 'ADDED']);
    assert.equal(events[0]!.object.metadata?.resourceVersion, toWeb.metadata.resourceVersion);
    assert.equal(events[2]!.revision, Number(toDb.metadata.resourceVersion));
    assert.equal((events[2]!.object as Obj).metadata.labels?.['app'], 'web', 'DELETED shows the last matching state');
    assert.equal(events[3]!.object.metadata?.resourceVersion, back.metadata.resourceVersion);
  });

  test(`${mode}: stop() ends the iteration promptly`, async () => {
    const w = await store.watch(`${P}quiet/`);
    const done = (async () => {
      let n = 0;
      for await (const _ of w) n++;
      return n;
    })();
    setImmediate(() => w.stop());
    assert.equal(await done, 0);
  });
}

test('1,000 watchers of a registered resource cost one etcd watch and all receive each event', async () => {
  const P = '/registry/test.many/things/';
  store.registerResource(P);
  const first = await store.watch(P);
  // Once the first watcher sees an event, the cache's own etcd watch is live and counted.
  const warm = await store.create<Obj>(`${P}ns/warm`, o('warm'));
  assert.equal((await take(first, 1))[0]?.object.metadata?.resourceVersion, warm.metadata.resourceVersion);
  const baseline = await etcdGauge('etcd_debugging_mvcc_watcher_total');
  assert.ok(baseline >= 1);
  // Half watch from now, half from 0 (they first get ADDED for `warm`).
  const watchers: Array<{ w: Watch; skip: number }> = [{ w: first, skip: 0 }];
  for (let i = 1; i < 1000; i++) {
    const fromZero = i % 2 === 0;
    watchers.push({ w: await store.watch(P, { revision: fromZero ? undefined : await store.currentRevision() }), skip: fromZero ? 1 : 0 });
  }
  assert.equal(await etcdGauge('etcd_debugging_mvcc_watcher_total'), baseline, 'no etcd watch per watcher');
  const created = await store.create<Obj>(`${P}ns/x`, o('x'));
  const received = await Promise.all(watchers.map(async ({ w, skip }) => (await take(w, 1 + skip))[skip]));
  for (const { w } of watchers) w.stop();
  assert.equal(received.length, 1000);
  for (const ev of received) assert.equal(ev?.object.metadata?.resourceVersion, created.metadata.resourceVersion);
  const dispatched = (await registry.getSingleMetric('apiserver_watch_cache_events_dispatched_total')!.get()).values.find((v) => v.labels['resource'] === P);
  assert.ok((dispatched?.value ?? 0) >= 1000);
});

test('a watch from a revision compacted away and older than the cache throws CompactedError', async () => {
  const P = '/registry/test.compacted/things/';
  const early = await store.create<Obj>(`${P}ns/a`, o('a'));
  await store.create<Obj>(`${P}ns/b`, o('b'));
  await store.create<Obj>(`${P}ns/c`, o('c'));
  store.registerResource(P); // the cache starts after those writes
  const target = await store.currentRevision();
  await store.compact(target);
  const from = Number(early.metadata.resourceVersion);
  await assert.rejects(store.watch(P, { revision: from }), (err: unknown) => err instanceof CompactedError && err.requested === from && err.compacted === target);
  // From the cache's own start, the watch is served.
  const w = await store.watch(P, { revision: target });
  const d = await store.create<Obj>(`${P}ns/d`, o('d'));
  assert.deepEqual(brief(await take(w, 1)), [`ADDED d@${d.metadata.resourceVersion}`]);
  w.stop();
});

test('an idle cached resource learns the store revision and bookmarks carry it', async () => {
  const P = '/registry/test.idle/things/';
  store.registerResource(P);
  const w = await store.watch(P, { bookmarks: true });
  const elsewhere = await store.create<Obj>('/registry/test.busy/things/x', o('x'));
  const target = Number(elsewhere.metadata.resourceVersion);
  let bookmark: WatchEvent | undefined;
  for await (const ev of w) {
    assert.equal(ev.type, 'BOOKMARK');
    if (ev.revision >= target) {
      bookmark = ev;
      break;
    }
  }
  assert.equal(bookmark?.object.metadata?.resourceVersion, String(bookmark?.revision));
});

test('the cache survives an etcd restart and resumes without losing events', async () => {
  const P = '/registry/test.restart/things/';
  store.registerResource(P);
  const w = await store.watch(P);
  const before = await store.create<Obj>(`${P}ns/a`, o('a'));
  await etcd!.stop();
  etcd = await startEtcd({ dataDir: etcd!.dataDir, clientPort: etcd!.clientPort, peerPort: etcd!.peerPort, progressNotifyIntervalMs: PROGRESS_NOTIFY_MS });
  let after: Obj | undefined;
  for (;;) {
    try {
      after = await store.create<Obj>(`${P}ns/b`, o('b'));
      break;
    } catch {
      await new Promise((r) => setTimeout(r, 50)); // the client reconnects with backoff
    }
  }
  assert.deepEqual(brief(await take(w, 2)), [`ADDED a@${before.metadata.resourceVersion}`, `ADDED b@${after.metadata.resourceVersion}`]);
  w.stop();
});

test('updates and deletes that start from a (possibly stale) cached state are still exact', async () => {
  const P = '/registry/test.cas/things/';
  store.registerResource(P);
  const other = new EtcdStore({ endpoints: [etcd!.endpoint], metricsRegistry: new Registry() }); // another API server, no cache
  try {
    const w = await store.watch(P);
    const created = await store.create<Obj>(`${P}ns/c`, o('c'));
    await take(w, 1); // the cache holds the object
    w.stop();
    const inc = (s: EtcdStore) => s.guaranteedUpdate<Obj>(`${P}ns/c`, (c) => ({ ...c, spec: { n: (c.spec?.n ?? 0) + 1 } }));
    await Promise.all([...Array.from({ length: 20 }, () => inc(store)), ...Array.from({ length: 20 }, () => inc(other))]);
    assert.equal((await store.get<Obj>(`${P}ns/c`)).spec?.n, 40);
    // Right after another server's write, this store's cache may lag: the write's resourceVersion must still be accepted...
    const theirs = await inc(other);
    const mine = await store.guaranteedUpdate<Obj>(`${P}ns/c`, (c) => ({ ...c, spec: { n: 100 } }), { expectedResourceVersion: theirs.metadata.resourceVersion });
    // ...a no-op must report etcd's resourceVersion, not the cache's...
    const again = await other.guaranteedUpdate<Obj>(`${P}ns/c`, (c) => ({ ...c, spec: { n: 101 } }));
    assert.equal((await store.guaranteedUpdate<Obj>(`${P}ns/c`, () => undefined)).metadata.resourceVersion, again.metadata.resourceVersion);
    // ...and an older one is a conflict, for updates and deletes alike.
    await assert.rejects(store.guaranteedUpdate<Obj>(`${P}ns/c`, (c) => c, { expectedResourceVersion: mine.metadata.resourceVersion }), ConflictError);
    await assert.rejects(store.delete<Obj>(`${P}ns/c`, { expectedResourceVersion: created.metadata.resourceVersion }), ConflictError);
    const last = await other.guaranteedUpdate<Obj>(`${P}ns/c`, (c) => ({ ...c, spec: { n: 102 } }));
    const deleted = await store.delete<Obj>(`${P}ns/c`, { precondition: (c) => assert.equal(c.spec?.n, 102), expectedResourceVersion: last.metadata.resourceVersion });
    assert.equal(deleted.spec?.n, 102);
  } finally {
    await other.close();
  }
});

test('a list with anyRevision is answered by the cache, without asking etcd', async () => {
  const P = '/registry/test.anylist/things/';
  store.registerResource(P);
  const w = await store.watch(P);
  for (const name of ['c', 'a', 'b']) await store.create<Obj>(`${P}ns/${name}`, o(name, { app: name === 'b' ? 'db' : 'web' }));
  const last = (await take(w, 3))[2]!;
  w.stop();
  const etcdLists = async () =>
    (await registry.getSingleMetric('etcd_requests_total')!.get()).values.find((v) => v.labels['operation'] === 'list' && v.labels['type'] === P)?.value ?? 0;
  const before = await etcdLists();
  const cached = await store.list<Obj>(P, { anyRevision: true, filter: (x) => (x as Obj).metadata.labels?.['app'] === 'web' });
  assert.equal(await etcdLists(), before);
  assert.deepEqual(cached.items.map((x) => x.metadata.name), ['a', 'c']);
  assert.ok(cached.revision >= last.revision);
  const fromEtcd = await store.list<Obj>(P);
  assert.equal(await etcdLists(), before + 1);
  assert.deepEqual(fromEtcd.items.map((x) => x.metadata.name), ['a', 'b', 'c']);
});

test('a get with anyRevision is answered by the cache; a missing key is KeyNotFoundError', async () => {
  const P = '/registry/test.anyget/things/';
  store.registerResource(P);
  const w = await store.watch(P);
  await store.create<Obj>(`${P}ns/x`, o('x'));
  await take(w, 1);
  w.stop();
  const etcdGets = async () =>
    (await registry.getSingleMetric('etcd_requests_total')!.get()).values.find((v) => v.labels['operation'] === 'get' && v.labels['type'] === P)?.value ?? 0;
  const before = await etcdGets();
  const cached = await store.get<Obj>(`${P}ns/x`, { anyRevision: true });
  assert.equal(cached.metadata.name, 'x');
  await assert.rejects(store.get(`${P}ns/missing`, { anyRevision: true }), KeyNotFoundError);
  assert.equal(await etcdGets(), before, 'no etcd read');
  assert.equal((await store.get<Obj>(`${P}ns/x`)).metadata.name, 'x');
  assert.equal(await etcdGets(), before + 1);
});

test('a watch from before the cache history catches up from etcd, then moves onto the cache', async () => {
  const P = '/registry/test.handover/things/';
  const a = await store.create<Obj>(`${P}ns/a`, o('a'));
  const b = await store.create<Obj>(`${P}ns/b`, o('b'));
  store.registerResource(P); // its history starts after a and b
  const probe = await store.watch(P);
  await take(probe, 2); // the cache is up...
  const warm = await store.create<Obj>(`${P}ns/warm`, o('warm'));
  await take(probe, 1); // ...and its etcd watch is live
  probe.stop();
  const baseline = await etcdGauge('etcd_debugging_mvcc_watcher_total');
  const w = await store.watch(P, { revision: Number(a.metadata.resourceVersion) });
  const c = await store.create<Obj>(`${P}ns/c`, o('c'));
  assert.deepEqual(brief(await take(w, 3)), [`ADDED b@${b.metadata.resourceVersion}`, `ADDED warm@${warm.metadata.resourceVersion}`, `ADDED c@${c.metadata.resourceVersion}`]);
  // b and warm came from an etcd watch of its own; once on the cache, that etcd watch is cancelled.
  while ((await etcdGauge('etcd_debugging_mvcc_watcher_total')) !== baseline) await new Promise((r) => setTimeout(r, 10));
  const d = await store.create<Obj>(`${P}ns/d`, o('d'));
  assert.deepEqual(brief(await take(w, 1)), [`ADDED d@${d.metadata.resourceVersion}`], 'served by the cache now');
  w.stop();
});
