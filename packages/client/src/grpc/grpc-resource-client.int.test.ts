/** Integration: GrpcResourceClient against a real etcd + apiserver — CRUD, REST parity, errors, watches, 410. */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { StatusError } from '@skiff/api';
import { startTestApiServer, WATCH_CACHE_CAPACITY, type TestApiServer } from '@skiff/apiserver/testing';
import type { ApiObject, ResourceRef, WatchEvent } from '../interface.js';
import { GrpcResourceClient } from './grpc-resource-client.js';

const configmaps: ResourceRef = { group: '', version: 'v1', resource: 'configmaps', namespaced: true };
const pods: ResourceRef = { group: '', version: 'v1', resource: 'pods', namespaced: true };
const namespaces: ResourceRef = { group: '', version: 'v1', resource: 'namespaces', namespaced: false };

interface ConfigMap extends ApiObject {
  data?: Record<string, string>;
}

function cm(name: string, data: Record<string, string> = {}): ConfigMap {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data };
}

/** The StatusError `promise` rejects with. */
async function statusErrorOf(promise: Promise<unknown>): Promise<StatusError> {
  try {
    await promise;
  } catch (err) {
    assert.ok(err instanceof StatusError, `expected a StatusError, got ${String(err)}`);
    return err;
  }
  assert.fail('expected the call to fail');
}

/** The next `n` events of a watch. */
async function take<T extends ApiObject>(watch: AsyncIterable<WatchEvent<T>>, n: number): Promise<WatchEvent<T>[]> {
  const out: WatchEvent<T>[] = [];
  if (n === 0) return out;
  for await (const event of watch) {
    out.push(event);
    if (out.length === n) break;
  }
  return out;
}

let api: TestApiServer;
let client: GrpcResourceClient;

before(async () => {
  api = await startTestApiServer({ grpcPort: 0 });
  client = new GrpcResourceClient({ address: api.grpcAddress!, userAgent: 'grpc-test/1.0' });
});

after(async () => {
  await client?.close();
  await api?.stop();
});

describe('unary verbs', () => {
  test('create, get, list, update, patch (all four types) and delete round-trip', async () => {
    const created = await client.create(configmaps, 'default', cm('round-trip', { a: '1' }));
    assert.equal(created.metadata?.name, 'round-trip');
    assert.equal(created.metadata?.namespace, 'default');
    assert.ok(created.metadata?.uid);
    assert.equal(created.metadata?.managedFields?.[0]?.manager, 'grpc-test', 'the user agent names the default field manager, as with REST');

    const got = await client.get<ConfigMap>(configmaps, 'default', 'round-trip');
    assert.deepEqual(got, created);

    const list = await client.list<ConfigMap>(configmaps, 'default', { fieldSelector: 'metadata.name=round-trip' });
    assert.equal(list.kind, 'ConfigMapList');
    assert.deepEqual(list.items.map((i) => i.metadata?.name), ['round-trip']);
    assert.ok(Number(list.metadata.resourceVersion) >= Number(created.metadata?.resourceVersion));

    const updated = await client.update<ConfigMap>(configmaps, 'default', { ...got, data: { a: '2' } }, { fieldManager: 'updater' });
    assert.deepEqual(updated.data, { a: '2' });
    assert.ok(Number(updated.metadata?.resourceVersion) > Number(got.metadata?.resourceVersion));

    const merged = await client.patch<ConfigMap>(configmaps, 'default', 'round-trip', 'merge', { data: { b: '3' } });
    assert.deepEqual(merged.data, { a: '2', b: '3' });
    const jsonPatched = await client.patch<ConfigMap>(configmaps, 'default', 'round-trip', 'json', [{ op: 'remove', path: '/data/a' }]);
    assert.deepEqual(jsonPatched.data, { b: '3' });
    const strategic = await client.patch<ConfigMap>(configmaps, 'default', 'round-trip', 'strategic', { data: { c: '4' } });
    assert.deepEqual(strategic.data, { b: '3', c: '4' });
    const applied = await client.patch<ConfigMap>(configmaps, 'default', 'round-trip', 'apply', cm('round-trip', { d: '5' }), { fieldManager: 'applier', force: true });
    assert.equal(applied.data?.d, '5');
    assert.ok(applied.metadata?.managedFields?.some((f) => f.manager === 'applier' && f.operation === 'Apply'));

    const deleted = await client.delete<ConfigMap>(configmaps, 'default', 'round-trip');
    assert.equal(deleted.metadata?.name, 'round-trip');
    assert.equal((await statusErrorOf(client.get(configmaps, 'default', 'round-trip'))).code, 404);
  });

  test('dry run validates but writes nothing', async () => {
    const out = await client.create(configmaps, 'default', cm('dry', { a: '1' }), { dryRun: true });
    assert.equal(out.metadata?.name, 'dry');
    assert.equal((await statusErrorOf(client.get(configmaps, 'default', 'dry'))).reason, 'NotFound');
  });

  test('the status subresource writes status only', async () => {
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'status-pod' }, spec: { containers: [{ name: 'c', image: 'busybox' }] } };
    const created = await client.create<ApiObject>(pods, 'default', pod);
    const withStatus = { ...created, status: { phase: 'Running' }, spec: { ...(created.spec as object), activeDeadlineSeconds: 5 } };
    const updated = await client.update<ApiObject & { status?: { phase?: string }; spec?: { activeDeadlineSeconds?: number } }>(pods, 'default', withStatus, { subresource: 'status' });
    assert.equal(updated.status?.phase, 'Running');
    assert.equal(updated.spec?.activeDeadlineSeconds, undefined, 'a status write leaves spec alone');
    await client.delete(pods, 'default', 'status-pod', { gracePeriodSeconds: 0 });
  });

  test('cluster-scoped resources ignore the namespace argument', async () => {
    const ns = await client.create<ApiObject>(namespaces, undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'grpc-cluster-scoped' } });
    assert.equal(ns.metadata?.name, 'grpc-cluster-scoped');
    const got = await client.get(namespaces, 'ignored', 'grpc-cluster-scoped');
    assert.equal(got.metadata?.uid, ns.metadata?.uid);
  });
});

describe('one pipeline behind both doors', () => {
  test('a write through gRPC is visible through REST', async () => {
    const created = await client.create(configmaps, 'default', cm('via-grpc', { from: 'grpc' }));
    const res = await api.request('GET', '/api/v1/namespaces/default/configmaps/via-grpc');
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, created);
  });

  test('a write through REST is visible through gRPC', async () => {
    const res = await api.request('POST', '/api/v1/namespaces/default/configmaps', cm('via-rest', { from: 'rest' }));
    assert.equal(res.status, 201);
    assert.deepEqual(await client.get(configmaps, 'default', 'via-rest'), res.body);
  });

  test('the same invalid object is rejected the same way by both', async () => {
    const bad = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'Not_A_Name' } };
    const rest = await api.request('POST', '/api/v1/namespaces/default/configmaps', bad);
    const err = await statusErrorOf(client.create(configmaps, 'default', bad));
    assert.equal(rest.status, 422);
    assert.equal(err.reason, 'Invalid');
    assert.equal(err.code, 422);
    assert.equal(err.message, rest.body.message);
    assert.deepEqual(err.details, rest.body.details);
  });
});

describe('errors come back as StatusErrors', () => {
  test('a stale resourceVersion is a 409 Conflict', async () => {
    const first = await client.create(configmaps, 'default', cm('conflict', { v: '1' }));
    await client.update(configmaps, 'default', { ...first, data: { v: '2' } });
    const err = await statusErrorOf(client.update(configmaps, 'default', { ...first, data: { v: '3' } }));
    assert.equal(err.reason, 'Conflict');
    assert.equal(err.code, 409);
    assert.match(err.message, /^Operation cannot be fulfilled on configmaps "conflict": the object has been modified/);
  });

  test('a missing object is a 404 NotFound naming it', async () => {
    const err = await statusErrorOf(client.get(configmaps, 'default', 'nope'));
    assert.equal(err.reason, 'NotFound');
    assert.equal(err.code, 404);
    assert.equal(err.message, 'configmaps "nope" not found');
    assert.deepEqual(err.details, { kind: 'configmaps', name: 'nope' });
  });

  test('creating an existing object is a 409 AlreadyExists', async () => {
    await client.create(configmaps, 'default', cm('twice'));
    const err = await statusErrorOf(client.create(configmaps, 'default', cm('twice')));
    assert.equal(err.reason, 'AlreadyExists');
    assert.equal(err.code, 409);
  });

  test('an unknown resource is a 404 and a bad patch type a 400', async () => {
    const unknown = await statusErrorOf(client.get({ group: 'nope.example.com', version: 'v1', resource: 'widgets', namespaced: true }, 'default', 'w'));
    assert.equal(unknown.code, 404);
    const badPatch = await statusErrorOf(client.patch(configmaps, 'default', 'twice', 'yaml' as never, {}));
    assert.equal(badPatch.reason, 'BadRequest');
  });

  test('a failed delete precondition is a 409 Conflict', async () => {
    await client.create(configmaps, 'default', cm('precondition'));
    const err = await statusErrorOf(client.delete(configmaps, 'default', 'precondition', { preconditions: { uid: 'not-the-uid' } }));
    assert.equal(err.code, 409);
    assert.ok(await client.get(configmaps, 'default', 'precondition'));
  });
});

describe('watch', () => {
  test('delivers ADDED, MODIFIED, DELETED of writes through either door, in order, until stop()', async () => {
    const list = await client.list(configmaps, 'default');
    const watch = await client.watch<ConfigMap>(configmaps, 'default', { resourceVersion: list.metadata.resourceVersion!, fieldSelector: 'metadata.name=watched' });
    await client.create(configmaps, 'default', cm('watched', { v: '1' }));
    await api.request('PATCH', '/api/v1/namespaces/default/configmaps/watched', { data: { v: '2' } }, { 'content-type': 'application/merge-patch+json' });
    await client.delete(configmaps, 'default', 'watched');
    const events = await take(watch, 3);
    assert.deepEqual(events.map((e) => [e.type, e.object.data?.v]), [['ADDED', '1'], ['MODIFIED', '2'], ['DELETED', '2']]);
    watch.stop();
    const rest: WatchEvent[] = [];
    for await (const e of watch) rest.push(e);
    assert.deepEqual(rest, [], 'a stopped watch ends');
  });

  test('watching a named object sees only that object', async () => {
    const list = await client.list(configmaps, 'default');
    const watch = await client.watch<ConfigMap>(configmaps, 'default', { resourceVersion: list.metadata.resourceVersion!, fieldSelector: 'metadata.name=one-of-two' });
    await client.create(configmaps, 'default', cm('other-of-two'));
    await client.create(configmaps, 'default', cm('one-of-two'));
    const [event] = await take(watch, 1);
    assert.equal(event?.object.metadata?.name, 'one-of-two');
    watch.stop();
  });

  test('timeoutSeconds ends the watch from the server side', async () => {
    const watch = await client.watch(configmaps, 'default', { timeoutSeconds: 1, resourceVersion: (await client.list(configmaps, 'default')).metadata.resourceVersion! });
    const seen: WatchEvent[] = [];
    for await (const e of watch) seen.push(e);
    assert.deepEqual(seen, []);
  });

  test('an invalid selector fails the watch call itself with a 400', async () => {
    const err = await statusErrorOf(client.watch(configmaps, 'default', { labelSelector: '!!!' }));
    assert.equal(err.reason, 'BadRequest');
  });

  test('from a compacted revision is one ERROR event carrying 410 Expired, then the end', async () => {
    const created = await client.create(configmaps, 'default', cm('compact-me', { v: '0' }));
    // Push the old revision out of the watch cache's window, then compact it away in etcd.
    for (let i = 1; i <= WATCH_CACHE_CAPACITY + 10; i++) await client.patch(configmaps, 'default', 'compact-me', 'merge', { data: { v: String(i) } });
    await api.server.store.compact(await api.server.store.currentRevision());
    const watch = await client.watch(configmaps, 'default', { resourceVersion: created.metadata!.resourceVersion! });
    const events: WatchEvent[] = [];
    for await (const e of watch) events.push(e);
    assert.equal(events.length, 1);
    assert.equal(events[0]!.type, 'ERROR');
    const status = events[0]!.object as unknown as { kind: string; code: number; reason: string };
    assert.equal(status.kind, 'Status');
    assert.equal(status.code, 410);
    assert.equal(status.reason, 'Expired');
  });
});
