/** Unit tests of the reflector's state machine against a fake client and a fake clock. */
import type { ApiObject, ResourceRef } from '@skiff/client';
import { StatusError } from '@skiff/api';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FakeClock } from '../clock/index.js';
import { REFLECTOR_BACKOFF_INITIAL_MS, REFLECTOR_BACKOFF_MAX_MS, REFLECTOR_BACKOFF_RESET_AFTER_MS, ReflectorBackoff } from './backoff.js';
import { isExpired, Reflector, type ReflectorState } from './reflector.js';
import { Store } from './store.js';
import { expiredStatus, FakeStore, until } from '../testing/index.js';

const PODS: ResourceRef = { group: '', version: 'v1', resource: 'pods', namespaced: true };
const pod = (name: string, ns = 'default'): ApiObject => ({ metadata: { namespace: ns, name } });

function setup(opts: { pageSize?: number; random?: () => number } = {}) {
  const server = new FakeStore();
  const client = server.client();
  const clock = new FakeClock();
  const store = new Store();
  const states: ReflectorState[] = [];
  const reflector = new Reflector(client, PODS, store, {
    clock,
    random: opts.random ?? (() => 0),
    ...(opts.pageSize ? { pageSize: opts.pageSize } : {}),
    onStateChange: (s) => states.push(s),
  });
  const controller = new AbortController();
  const stop = async (done: Promise<void>) => {
    controller.abort();
    await done;
  };
  return { server, client, clock, store, states, reflector, controller, stop };
}

const phases = (states: ReflectorState[]) => states.map((s) => s.phase);

test('lists every page, swaps the list in whole, then watches from its resourceVersion with bookmarks', async () => {
  const { server, client, store, reflector, controller, stop, states } = setup({ pageSize: 2 });
  server.seed(PODS, pod('a'), pod('b'), pod('c'), pod('d'), pod('e'));
  const listRv = String(server.revision);
  const done = reflector.run(controller.signal);
  const watch = await client.waitForWatch(1);

  assert.equal(client.listCalls.length, 3);
  assert.deepEqual(client.listCalls.map((c) => c.opts.continue), [undefined, `2:${listRv}`, `4:${listRv}`]);
  assert.ok(client.listCalls.every((c) => c.opts.limit === 2));
  assert.equal(store.size, 5);
  assert.equal(store.resourceVersion, listRv);
  assert.equal(watch.opts.resourceVersion, listRv);
  assert.equal(watch.opts.allowWatchBookmarks, true);
  assert.deepEqual(phases(states), ['init', 'listing', 'watching']);
  await stop(done);
  assert.equal(reflector.state.phase, 'stopped');
  assert.ok(watch.stopped, 'stopping ends the watch');
});

test('applies watch events; a bookmark advances the resourceVersion; a clean end resumes the watch without a relist', async () => {
  const { server, client, store, reflector, controller, stop } = setup();
  server.seed(PODS, pod('a'));
  const done = reflector.run(controller.signal);
  const w1 = await client.waitForWatch(1);
  server.write(PODS, 'default', pod('b'));
  server.write(PODS, 'default', { ...pod('a'), spec: { x: 1 } });
  server.remove(PODS, 'default', 'b');
  await until(() => store.size === 1 && store.get('default/a')?.spec !== undefined, 'events applied');
  w1.push({ type: 'BOOKMARK', object: { metadata: { resourceVersion: '100' } } });
  await until(() => reflector.lastSyncResourceVersion() === '100', 'bookmark');
  assert.equal(store.resourceVersion, '100');
  assert.equal(store.size, 1, 'a bookmark changes no object');

  w1.end();
  const w2 = await client.waitForWatch(2);
  assert.equal(w2.opts.resourceVersion, '100');
  assert.equal(client.listCalls.length, 1, 'no relist after a clean end');
  await stop(done);
});

test('a 410 Expired ERROR event backs off and relists; objects gone meanwhile leave the store', async () => {
  const { server, client, clock, store, reflector, controller, stop, states } = setup();
  server.seed(PODS, pod('a'), pod('b'));
  const done = reflector.run(controller.signal);
  const w1 = await client.waitForWatch(1);
  server.silently(() => {
    server.remove(PODS, 'default', 'a');
    server.write(PODS, 'default', pod('c'));
  });
  w1.push({ type: 'ERROR', object: expiredStatus() });
  await until(() => reflector.state.phase === 'backoff', 'backoff');
  const backoff = reflector.state as Extract<ReflectorState, { phase: 'backoff' }>;
  assert.ok(isExpired(backoff.error));
  assert.equal(backoff.then.phase, 'listing');
  assert.equal(backoff.delayMs, REFLECTOR_BACKOFF_INITIAL_MS);
  assert.equal(client.listCalls.length, 1, 'no relist before the delay');

  clock.step(backoff.delayMs);
  const w2 = await client.waitForWatch(2);
  assert.equal(client.listCalls.length, 2);
  assert.deepEqual(store.keys().sort(), ['default/b', 'default/c']);
  assert.equal(w2.opts.resourceVersion, String(server.revision));
  assert.deepEqual(phases(states), ['init', 'listing', 'watching', 'backoff', 'listing', 'watching']);
  await stop(done);
});

test('a broken stream or a watch that cannot start relists after a backoff', async () => {
  const { server, client, clock, store, reflector, controller, stop } = setup();
  const done = reflector.run(controller.signal);
  const w1 = await client.waitForWatch(1);
  server.silently(() => server.write(PODS, 'default', pod('missed')));
  w1.fail(new Error('connection reset'));
  await until(() => reflector.state.phase === 'backoff', 'backoff after stream loss');
  client.failNext('watch', new StatusError('ServiceUnavailable', 'apiserver starting'));
  clock.step(REFLECTOR_BACKOFF_INITIAL_MS);
  await until(() => client.listCalls.length === 2 && reflector.state.phase === 'backoff', 'second backoff');
  assert.equal(store.get('default/missed')?.metadata?.name, 'missed', 'the relist found what the broken stream missed');
  clock.step(2 * REFLECTOR_BACKOFF_INITIAL_MS);
  await client.waitForWatch(2);
  assert.equal(client.listCalls.length, 3);
  await stop(done);
});

test('it never dies: failing lists are retried with growing delays until one succeeds', async () => {
  const { server, client, clock, store, reflector, controller, stop, states } = setup();
  server.seed(PODS, pod('a'));
  client.failNext('list', new Error('boom'), new StatusError('InternalError', 'etcd down'), new Error('boom'));
  const done = reflector.run(controller.signal);
  for (let i = 0; i < 3; i++) {
    await until(() => reflector.state.phase === 'backoff', `backoff ${i}`);
    clock.step((reflector.state as { delayMs: number }).delayMs);
    await until(() => client.listCalls.length === i + 2, `retry ${i}`);
  }
  await client.waitForWatch(1);
  assert.equal(store.size, 1);
  const delays = states.filter((s) => s.phase === 'backoff').map((s) => (s as { delayMs: number }).delayMs);
  assert.deepEqual(delays, [800, 1600, 3200]);
  await stop(done);
});

test('the backoff doubles from 800 ms to a 30 s cap, jitters, and resets after a quiet period', () => {
  const clock = new FakeClock();
  const zero = new ReflectorBackoff({ clock, random: () => 0 });
  const seq = Array.from({ length: 8 }, () => zero.next());
  assert.deepEqual(seq, [800, 1600, 3200, 6400, 12800, 25600, 30000, 30000]);
  assert.equal(REFLECTOR_BACKOFF_MAX_MS, 30_000);
  clock.step(REFLECTOR_BACKOFF_RESET_AFTER_MS - 1);
  assert.equal(zero.next(), 30000, 'not quiet long enough');
  clock.step(REFLECTOR_BACKOFF_RESET_AFTER_MS);
  assert.equal(zero.next(), 800, 'reset after a quiet period');

  const half = new ReflectorBackoff({ clock, random: () => 0.5 });
  assert.deepEqual([half.next(), half.next(), half.next()], [1200, 2400, 4800]);
  const top = new ReflectorBackoff({ clock, random: () => 0.999 });
  const topSeq = Array.from({ length: 8 }, () => top.next());
  assert.ok(topSeq.every((d) => d <= REFLECTOR_BACKOFF_MAX_MS), 'jitter never passes the cap');
});

test('a non-410 ERROR event also relists (after a backoff)', async () => {
  const { client, clock, reflector, controller, stop } = setup();
  const done = reflector.run(controller.signal);
  const w1 = await client.waitForWatch(1);
  w1.push({ type: 'ERROR', object: { kind: 'Status', code: 500, reason: 'InternalError', message: 'oops', metadata: {} } });
  await until(() => reflector.state.phase === 'backoff', 'backoff');
  assert.equal(isExpired((reflector.state as { error: unknown }).error), false);
  clock.step(REFLECTOR_BACKOFF_INITIAL_MS);
  await client.waitForWatch(2);
  assert.equal(client.listCalls.length, 2);
  await stop(done);
});

test('a watch that ends at once without events is retried from the same resourceVersion after a backoff', async () => {
  const { client, clock, reflector, controller, stop } = setup();
  const done = reflector.run(controller.signal);
  const w1 = await client.waitForWatch(1);
  w1.end();
  await until(() => reflector.state.phase === 'backoff', 'backoff');
  clock.step(REFLECTOR_BACKOFF_INITIAL_MS);
  const w2 = await client.waitForWatch(2);
  assert.equal(w2.opts.resourceVersion, w1.opts.resourceVersion);
  assert.equal(client.listCalls.length, 1);
  await stop(done);
});

test('aborting during a backoff stops at once', async () => {
  const { client, reflector, controller, stop } = setup();
  client.failNext('list', new Error('down'));
  const done = reflector.run(controller.signal);
  await until(() => reflector.state.phase === 'backoff', 'backoff');
  await stop(done);
  assert.equal(reflector.state.phase, 'stopped');
});
