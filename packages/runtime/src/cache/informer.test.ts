/** Unit tests of the shared informer and its factory: fan-out, late handlers, tombstones, resync, sync waits. */
import type { ApiObject, ResourceRef } from '@skiff/client';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FakeClock } from '../clock/index.js';
import { REFLECTOR_BACKOFF_INITIAL_MS } from './backoff.js';
import { fieldIndexFunc } from './indexer.js';
import { SharedInformerFactory } from './informer-factory.js';
import { SharedInformer, type ResourceEventHandler } from './informer.js';
import { objectKey } from './store.js';
import { expiredStatus, FakeStore, until } from '../testing/index.js';
import { DeletedFinalStateUnknown } from './tombstone.js';

const PODS: ResourceRef = { group: '', version: 'v1', resource: 'pods', namespaced: true };
const NODES: ResourceRef = { group: '', version: 'v1', resource: 'nodes', namespaced: false };
const pod = (name: string, node?: string): ApiObject => ({ metadata: { namespace: 'default', name }, spec: node ? { nodeName: node } : {} });

/** A handler that writes down every call as a short string. */
function recorder(): { log: string[]; handler: ResourceEventHandler } {
  const log: string[] = [];
  const rv = (o: ApiObject) => o.metadata?.resourceVersion;
  return {
    log,
    handler: {
      onAdd: (o, initial) => log.push(`add ${objectKey(o)}${initial ? ' (initial)' : ''}`),
      onUpdate: (a, b) => log.push(`update ${objectKey(b)} ${rv(a)}->${rv(b)}`),
      onDelete: (o) => log.push(o instanceof DeletedFinalStateUnknown ? `tombstone ${o.key} ${rv(o.obj)}` : `delete ${objectKey(o)}`),
    },
  };
}

function setup(resync?: number) {
  const server = new FakeStore();
  const client = server.client();
  const clock = new FakeClock();
  const informer = new SharedInformer(client, PODS, { clock, random: () => 0, ...(resync ? { resync } : {}) });
  return { server, client, clock, informer };
}

test('every handler gets every change, in order; a throwing handler does not stop the others', async () => {
  const { server, client, informer } = setup();
  server.seed(PODS, pod('a'));
  const one = recorder();
  const two = recorder();
  informer.addEventHandler({ onAdd: () => { throw new Error('handler bug'); } });
  informer.addEventHandler(one.handler);
  informer.addEventHandler(two.handler);
  assert.equal(informer.hasSynced(), false);
  const done = informer.run();
  assert.equal(await informer.waitForSync(), true);
  await client.waitForWatch(1);
  server.write(PODS, 'default', pod('b'));
  server.write(PODS, 'default', pod('b', 'n1'));
  server.remove(PODS, 'default', 'a');
  await until(() => one.log.length === 4 && two.log.length === 4, 'deliveries');
  const expected = ['add default/a (initial)', 'add default/b', 'update default/b 3->4', 'delete default/a'];
  assert.deepEqual(one.log, expected);
  assert.deepEqual(two.log, expected);
  assert.deepEqual(informer.lister.keys(), ['default/b']);
  await informer.stop();
  await done;
});

test('a late handler first gets a synthetic add for everything in the cache; a removed one gets nothing more', async () => {
  const { server, client, informer } = setup();
  server.seed(PODS, pod('a'), pod('b'));
  void informer.run();
  await informer.waitForSync();
  await client.waitForWatch(1);
  const early = recorder();
  const earlyReg = informer.addEventHandler(early.handler);
  assert.deepEqual(early.log.sort(), ['add default/a (initial)', 'add default/b (initial)']);
  earlyReg.remove();
  server.write(PODS, 'default', pod('c'));
  await until(() => informer.lister.size === 3, 'c cached');
  const late = recorder();
  informer.addEventHandler(late.handler);
  assert.deepEqual(late.log.sort(), ['add default/a (initial)', 'add default/b (initial)', 'add default/c (initial)']);
  assert.equal(early.log.length, 2, 'a removed handler gets no more events');
  await informer.stop();
});

test('a relist after 410 turns what vanished into tombstones and what changed into updates, with no phantom events', async () => {
  const { server, client, clock, informer } = setup();
  server.seed(PODS, pod('keep'), pod('change'), pod('vanish'));
  const rec = recorder();
  informer.addEventHandler(rec.handler);
  void informer.run();
  const w1 = await client.waitForWatch(1);
  rec.log.length = 0;
  const vanishRv = informer.lister.get('default/vanish')!.metadata!.resourceVersion;
  server.silently(() => {
    server.remove(PODS, 'default', 'vanish');
    server.write(PODS, 'default', pod('change', 'n9'));
    server.write(PODS, 'default', pod('new'));
    server.write(PODS, 'default', pod('brief'));
    server.remove(PODS, 'default', 'brief');
  });
  w1.push({ type: 'ERROR', object: expiredStatus() });
  await until(() => informer.reflectorState.phase === 'backoff', 'backoff');
  clock.step(REFLECTOR_BACKOFF_INITIAL_MS);
  await client.waitForWatch(2);
  const changeRv = server.read(PODS, 'default', 'change')!.metadata!.resourceVersion;
  assert.deepEqual(rec.log.sort(), [
    'add default/new',
    `tombstone default/vanish ${vanishRv}`,
    `update default/change 3->${changeRv}`,
    'update default/keep 2->2',
  ].sort());
  assert.deepEqual(informer.lister.keys().sort(), ['default/change', 'default/keep', 'default/new']);
  assert.equal(informer.lister.get('default/change')!.metadata!.resourceVersion, changeRv);
  await informer.stop();
});

test('resync re-delivers every cached object as an update each period, and stops with the informer', async () => {
  const { server, client, clock, informer } = setup(60_000);
  server.seed(PODS, pod('a'), pod('b'));
  const rec = recorder();
  informer.addEventHandler(rec.handler);
  void informer.run();
  await client.waitForWatch(1);
  rec.log.length = 0;
  clock.step(59_999);
  assert.deepEqual(rec.log, []);
  clock.step(1);
  assert.deepEqual(rec.log.sort(), ['update default/a 2->2', 'update default/b 3->3']);
  clock.step(60_000);
  assert.equal(rec.log.length, 4);
  await informer.stop();
  clock.step(120_000);
  assert.equal(rec.log.length, 4, 'no resync after stop');
});

test('indexes are served from the informer cache', async () => {
  const { server, informer } = setup();
  informer.addIndexers({ nodeName: fieldIndexFunc('spec.nodeName') });
  server.seed(PODS, pod('a', 'n1'), pod('b', 'n2'), pod('c', 'n1'));
  void informer.run();
  await informer.waitForSync();
  assert.deepEqual(informer.lister.byIndex('nodeName', 'n1').map(objectKey).sort(), ['default/a', 'default/c']);
  assert.deepEqual(informer.indexValues('nodeName').sort(), ['n1', 'n2']);
  await informer.stop();
});

test('waitForSync answers false when the signal aborts or the informer stops before syncing', async () => {
  const { client, informer } = setup();
  client.failNext('list', new Error('down'));
  const aborted = new AbortController();
  const waitAbort = informer.waitForSync(aborted.signal);
  const waitStop = informer.waitForSync();
  void informer.run();
  await until(() => informer.reflectorState.phase === 'backoff', 'backoff');
  aborted.abort();
  assert.equal(await waitAbort, false);
  await informer.stop();
  assert.equal(await waitStop, false);
  assert.equal(informer.hasSynced(), false);
});

test('the factory hands out one informer per resource, with one reflector however many users', async () => {
  const server = new FakeStore();
  const client = server.client();
  server.seed(PODS, pod('a'));
  const factory = new SharedInformerFactory(client, { namespace: 'default', clock: new FakeClock() });
  const pods1 = factory.forResource(PODS);
  const pods2 = factory.forResource({ ...PODS });
  assert.equal(pods1, pods2);
  const nodes = factory.forResource(NODES);
  assert.notEqual(nodes, pods1);
  const a = recorder();
  const b = recorder();
  pods1.addEventHandler(a.handler);
  pods2.addEventHandler(b.handler);
  factory.start();
  factory.start();
  assert.equal(await factory.waitForCacheSync(), true);
  await client.waitForWatch(2);
  // One list and one watch per resource, although pods have two users and start() ran twice.
  assert.equal(client.listCalls.length, 2);
  assert.equal(client.watches.length, 2);
  assert.deepEqual(client.listCalls.map((c) => c.namespace).sort(), ['default', undefined], 'namespace applies to namespaced resources only');
  assert.deepEqual(a.log, ['add default/a (initial)']);
  assert.deepEqual(b.log, ['add default/a (initial)']);

  const late = factory.forResource({ group: 'apps', version: 'v1', resource: 'deployments', namespaced: true });
  assert.equal(await late.waitForSync(), true, 'an informer asked for after start() is started');

  await factory.shutdown();
  assert.equal(pods1.isRunning() || nodes.isRunning() || late.isRunning(), false);
  assert.ok(client.watches.every((w) => w.stopped));
});
