/** Integration tests of EtcdStore and the compactor against a real etcd. */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Etcd3 } from 'etcd3';
import { Registry } from 'prom-client';
import { startCompactor } from './compactor.js';
import { CompactedError, ConflictError, InvalidContinueError, KeyExistsError, KeyNotFoundError } from './errors.js';
import { startEtcd, type EtcdProcess } from './etcd-process.js';
import { EtcdStore } from './etcd-store.js';
import type { StoredObject } from './interface.js';

let dir: string | undefined;
let etcd: EtcdProcess | undefined;
let store: EtcdStore;
let raw: Etcd3;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'skiff-storage-'));
  etcd = await startEtcd({ dataDir: join(dir, 'etcd') });
  store = new EtcdStore({ endpoints: [etcd.endpoint], metricsRegistry: new Registry() });
  raw = new Etcd3({ hosts: etcd.endpoint });
});

after(async () => {
  raw?.close();
  await store?.close();
  await etcd?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

type Obj = StoredObject & { metadata: { name: string; resourceVersion?: string; labels?: Record<string, string> }; spec?: { n?: number; x?: string } };
const o = (name: string, spec: Obj['spec'] = {}, labels?: Record<string, string>): Obj => ({ metadata: { name, ...(labels ? { labels } : {}) }, spec });

test('create, get, and their errors; the stored JSON has no resourceVersion', async () => {
  const created = await store.create('/t/crud/a', { ...o('a'), metadata: { name: 'a', resourceVersion: '999' } });
  const stored = await raw.get('/t/crud/a').exec();
  assert.equal(created.metadata?.resourceVersion, stored.kvs[0]!.mod_revision);
  assert.equal(stored.kvs[0]!.value.toString(), '{"metadata":{"name":"a"},"spec":{}}');
  assert.deepEqual(await store.get('/t/crud/a'), created);
  await assert.rejects(store.create('/t/crud/a', o('a')), KeyExistsError);
  await assert.rejects(store.get('/t/crud/missing'), KeyNotFoundError);
  await assert.rejects(store.guaranteedUpdate('/t/crud/missing', (c) => c), KeyNotFoundError);
  await assert.rejects(store.delete('/t/crud/missing'), KeyNotFoundError);
});

test('a stale resourceVersion is a ConflictError for update and delete', async () => {
  const v1 = await store.create<Obj>('/t/conflict/a', o('a', { n: 1 }));
  const v2 = await store.guaranteedUpdate<Obj>('/t/conflict/a', (c) => ({ ...c, spec: { n: 2 } }), { expectedResourceVersion: v1.metadata.resourceVersion });
  assert.notEqual(v2.metadata.resourceVersion, v1.metadata.resourceVersion);
  await assert.rejects(
    store.guaranteedUpdate<Obj>('/t/conflict/a', (c) => ({ ...c, spec: { n: 3 } }), { expectedResourceVersion: v1.metadata.resourceVersion }),
    (err: unknown) => err instanceof ConflictError && err.expected === v1.metadata.resourceVersion && err.actual === v2.metadata.resourceVersion,
  );
  await assert.rejects(store.delete('/t/conflict/a', { expectedResourceVersion: v1.metadata.resourceVersion }), ConflictError);
  assert.equal((await store.get<Obj>('/t/conflict/a')).spec?.n, 2);
});

test('20 concurrent guaranteedUpdate increments lose no update', async () => {
  await store.create<Obj>('/t/counter/c', o('c', { n: 0 }));
  await Promise.all(
    Array.from({ length: 20 }, () => store.guaranteedUpdate<Obj>('/t/counter/c', (c) => ({ ...c, spec: { n: (c.spec?.n ?? 0) + 1 } }))),
  );
  assert.equal((await store.get<Obj>('/t/counter/c')).spec?.n, 20);
});

test('a no-op update writes nothing and keeps the resourceVersion', async () => {
  const created = await store.create<Obj>('/t/noop/a', o('a', { x: 'same' }));
  const before = await store.currentRevision();
  const same = await store.guaranteedUpdate<Obj>('/t/noop/a', (c) => ({ ...c, spec: { x: 'same' } }));
  const skipped = await store.guaranteedUpdate<Obj>('/t/noop/a', () => undefined);
  assert.equal(same.metadata.resourceVersion, created.metadata.resourceVersion);
  assert.equal(skipped.metadata.resourceVersion, created.metadata.resourceVersion);
  assert.equal(await store.currentRevision(), before);
});

test('delete honours its precondition and returns the last state at the deletion revision', async () => {
  const created = await store.create<Obj>('/t/delete/a', o('a', { x: 'last' }));
  await assert.rejects(
    store.delete<Obj>('/t/delete/a', {
      precondition: () => {
        throw new Error('has finalizers');
      },
    }),
    /has finalizers/,
  );
  await store.get('/t/delete/a');
  const deleted = await store.delete<Obj>('/t/delete/a', { precondition: (c) => assert.equal(c.spec?.x, 'last') });
  assert.equal(deleted.spec?.x, 'last');
  assert.equal(Number(deleted.metadata.resourceVersion), await store.currentRevision());
  assert.ok(Number(deleted.metadata.resourceVersion) > Number(created.metadata.resourceVersion));
  await assert.rejects(store.get('/t/delete/a'), KeyNotFoundError);
});

test('paged lists return every item once, at one revision, while writes happen between pages', async () => {
  const prefix = '/t/pages/';
  const names = Array.from({ length: 25 }, (_, i) => `item-${String(i).padStart(2, '0')}`);
  for (const name of names) await store.create(`${prefix}${name}`, o(name, { n: 0 }));
  const seen: Obj[] = [];
  let page = await store.list<Obj>(prefix, { limit: 10 });
  const revision = page.revision;
  assert.equal(page.items.length, 10);
  assert.equal(page.remainingItemCount, 15);
  let writes = 0;
  while (true) {
    seen.push(...page.items);
    assert.equal(page.revision, revision);
    if (!page.continue) break;
    // Writes between pages: a new item, an update of an unread item, a deletion of an unread item.
    writes++;
    await store.create(`${prefix}item-99-${writes}`, o(`new-${writes}`));
    await store.guaranteedUpdate<Obj>(`${prefix}${names[24]}`, (c) => ({ ...c, spec: { n: (c.spec?.n ?? 0) + 1 } }));
    await store.delete(`${prefix}${names[20 + writes]}`);
    page = await store.list<Obj>(prefix, { limit: 10, continue: page.continue });
  }
  assert.equal(writes, 2);
  assert.deepEqual(seen.map((x) => x.metadata.name), names);
  for (const item of seen) assert.ok(Number(item.metadata.resourceVersion) <= revision);
  assert.equal(seen[24]!.spec?.n, 0, 'the list shows the state at its revision');
  const now = await store.list<Obj>(prefix);
  assert.equal(now.items.length, 25 + 2 - 2);
});

test('a filter applies before the limit counts', async () => {
  const prefix = '/t/filtered/';
  for (let i = 0; i < 30; i++) await store.create(`${prefix}o${String(i).padStart(2, '0')}`, o(`o${i}`, {}, { app: i % 3 === 0 ? 'web' : 'db' }));
  const filter = (x: StoredObject) => (x as Obj).metadata.labels?.['app'] === 'web';
  const first = await store.list<Obj>(prefix, { limit: 4, filter });
  assert.deepEqual(first.items.map((x) => x.metadata.name), ['o0', 'o3', 'o6', 'o9']);
  assert.ok(first.continue);
  assert.equal(first.remainingItemCount, undefined);
  const rest = await store.list<Obj>(prefix, { limit: 100, filter, continue: first.continue });
  assert.deepEqual(rest.items.map((x) => x.metadata.name), ['o12', 'o15', 'o18', 'o21', 'o24', 'o27']);
  assert.equal(rest.continue, undefined);
});

test('a malformed continue token is InvalidContinueError', async () => {
  await assert.rejects(store.list('/t/pages/', { continue: 'garbage!' }), InvalidContinueError);
});

test('objects created with a TTL live under a lease, which updates keep', async () => {
  await store.create('/t/ttl/a', o('a'), { ttlSeconds: 3600 });
  const lease = (await raw.get('/t/ttl/a').exec()).kvs[0]!.lease;
  assert.notEqual(lease, '0');
  await store.guaranteedUpdate<Obj>('/t/ttl/a', (c) => ({ ...c, spec: { x: 'changed' } }));
  assert.equal((await raw.get('/t/ttl/a').exec()).kvs[0]!.lease, lease);
});

test('after compaction, lists and watches from a compacted revision throw CompactedError', async () => {
  const prefix = '/t/compacted/';
  for (let i = 0; i < 5; i++) await store.create(`${prefix}o${i}`, o(`o${i}`));
  const old = await store.list(prefix, { limit: 2 });
  // Two more revisions: etcd still serves a watch from `old.revision` when only the revision right after it remains.
  await store.create(`${prefix}later`, o('later'));
  await store.create(`${prefix}latest`, o('latest'));
  const target = await store.currentRevision();
  await store.compact(target);
  await store.compact(target); // compacting again is a no-op
  const compacted = (err: unknown) => err instanceof CompactedError && err.requested === old.revision && err.compacted === target;
  await assert.rejects(store.list(prefix, { revision: old.revision }), compacted);
  await assert.rejects(store.list(prefix, { limit: 2, continue: old.continue }), compacted);
  await assert.rejects(store.watch(prefix, { revision: old.revision }), compacted);
  assert.equal((await store.list(prefix, { revision: target })).items.length, 7);
});

test('the compactor compacts to the revision of its previous round, once among several API servers', async () => {
  const other = new EtcdStore({ endpoints: [etcd!.endpoint], metricsRegistry: new Registry() });
  const hour = 3_600_000;
  const mine = startCompactor(store, { intervalMs: hour });
  const theirs = startCompactor(other, { intervalMs: hour });
  try {
    await store.create('/t/compactor/a', o('a'));
    assert.equal(await mine.runOnce(), 0, 'the first round only records the revision');
    const recorded = await store.currentRevision();
    await store.create('/t/compactor/b', o('b'));
    assert.equal(await theirs.runOnce(), 0, 'another API server sees the round was taken');
    assert.equal(await mine.runOnce(), recorded);
    await assert.rejects(store.list('/t/compactor/', { revision: recorded - 1 }), CompactedError);
    assert.equal((await store.list('/t/compactor/', { revision: recorded })).items.length, 1);
  } finally {
    mine.stop();
    theirs.stop();
    await other.close();
  }
});
