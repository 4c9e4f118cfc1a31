/** Integration tests of RestResourceClient against a real API server over etcd. */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { isStatusError, StatusError } from '@skiff/api';
import { startTestApiServer, type TestApiServer } from '@skiff/apiserver/testing';
import type { ApiObject, ResourceRef, WatchEvent, WatchStream } from '../interface.js';
import { RestResourceClient } from './rest-resource-client.js';

const namespaces: ResourceRef = { group: '', version: 'v1', resource: 'namespaces', namespaced: false };
const configmaps: ResourceRef = { group: '', version: 'v1', resource: 'configmaps', namespaced: true };
const deployments: ResourceRef = { group: 'apps', version: 'v1', resource: 'deployments', namespaced: true };

interface ConfigMap extends ApiObject {
  data?: Record<string, string>;
}
interface Deployment extends ApiObject {
  spec: { replicas?: number; selector: unknown; template: unknown };
  status?: { replicas?: number; observedGeneration?: number; readyReplicas?: number };
}

let api: TestApiServer;
let client: RestResourceClient;
let nsCounter = 0;

before(async () => {
  api = await startTestApiServer();
  client = new RestResourceClient({ server: api.url });
});

after(async () => {
  await client?.close();
  await api?.stop();
});

/** A fresh namespace, so tests do not see each other's objects. */
async function namespace(): Promise<string> {
  const name = `rest-test-${++nsCounter}`;
  await client.create(namespaces, undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  return name;
}

function configMap(name: string, data: Record<string, string>, labels?: Record<string, string>): ConfigMap {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, ...(labels ? { labels } : {}) }, data };
}

function deployment(name: string): Deployment {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'main', image: 'busybox' }] } },
    },
  };
}

async function rejectsWith(p: Promise<unknown>, reason: string, code: number): Promise<StatusError> {
  let caught: unknown;
  await assert.rejects(p, (err: unknown) => {
    caught = err;
    return true;
  });
  assert.ok(isStatusError(caught), `expected a StatusError, got ${String(caught)}`);
  assert.equal(caught.reason, reason);
  assert.equal(caught.code, code);
  return caught;
}

test('ConfigMap: create, get, update, merge patch, delete returns the object, then 404', async () => {
  const ns = await namespace();
  const created = await client.create(configmaps, ns, configMap('settings', { a: '1' }));
  assert.equal(created.metadata?.namespace, ns);
  assert.ok(created.metadata?.uid);
  assert.ok(created.metadata?.resourceVersion);

  const got = await client.get<ConfigMap>(configmaps, ns, 'settings');
  assert.deepEqual(got.data, { a: '1' });

  const updated = await client.update<ConfigMap>(configmaps, ns, { ...got, data: { a: '2' } });
  assert.deepEqual(updated.data, { a: '2' });
  assert.notEqual(updated.metadata?.resourceVersion, got.metadata?.resourceVersion);

  const patched = await client.patch<ConfigMap>(configmaps, ns, 'settings', 'merge', { data: { b: '3' } });
  assert.deepEqual(patched.data, { a: '2', b: '3' });
  const jsonPatched = await client.patch<ConfigMap>(configmaps, ns, 'settings', 'json', [{ op: 'remove', path: '/data/a' }]);
  assert.deepEqual(jsonPatched.data, { b: '3' });

  const deleted = await client.delete<ConfigMap>(configmaps, ns, 'settings');
  assert.equal(deleted.metadata?.name, 'settings');
  assert.deepEqual(deleted.data, { b: '3' });

  const notFound = await rejectsWith(client.get(configmaps, ns, 'settings'), 'NotFound', 404);
  assert.equal(notFound.message, 'configmaps "settings" not found');
  assert.equal(notFound.details?.name, 'settings');
  await rejectsWith(client.delete(configmaps, ns, 'settings'), 'NotFound', 404);
});

test('a stale resourceVersion is a 409 Conflict; a duplicate create is AlreadyExists', async () => {
  const ns = await namespace();
  const first = await client.create<ConfigMap>(configmaps, ns, configMap('c', { v: '1' }));
  await client.update<ConfigMap>(configmaps, ns, { ...first, data: { v: '2' } });
  const conflict = await rejectsWith(client.update<ConfigMap>(configmaps, ns, { ...first, data: { v: '3' } }), 'Conflict', 409);
  assert.match(conflict.message, /^Operation cannot be fulfilled on configmaps "c"/);
  await rejectsWith(client.create(configmaps, ns, configMap('c', {})), 'AlreadyExists', 409);
  assert.deepEqual((await client.get<ConfigMap>(configmaps, ns, 'c')).data, { v: '2' });
});

test('Deployment: status subresource update and scale via patch on the scale subresource', async () => {
  const ns = await namespace();
  const created = await client.create<Deployment>(deployments, ns, deployment('web'));
  assert.equal(created.spec.replicas, 1);

  // A status write changes status only: the spec change in the same body is ignored.
  const withStatus = await client.update<Deployment>(
    deployments,
    ns,
    { ...created, spec: { ...created.spec, replicas: 7 }, status: { replicas: 1, readyReplicas: 1, observedGeneration: 1 } },
    { subresource: 'status' },
  );
  assert.equal(withStatus.status?.readyReplicas, 1);
  assert.equal(withStatus.spec.replicas, 1);

  const scale = await client.patch<ApiObject & { spec: { replicas: number } }>(deployments, ns, 'web', 'merge', { spec: { replicas: 3 } }, { subresource: 'scale' });
  assert.equal(scale.kind, 'Scale');
  assert.equal(scale.spec.replicas, 3);
  const after = await client.get<Deployment>(deployments, ns, 'web');
  assert.equal(after.spec.replicas, 3);
  assert.equal(after.status?.readyReplicas, 1);

  const strategic = await client.patch<Deployment>(deployments, ns, 'web', 'strategic', { metadata: { labels: { tier: 'front' } } });
  assert.deepEqual(strategic.metadata?.labels, { tier: 'front' });

  const deleted = await client.delete<Deployment>(deployments, ns, 'web');
  assert.equal(deleted.metadata?.name, 'web');
  await rejectsWith(client.get(deployments, ns, 'web'), 'NotFound', 404);
});

test('server-side apply creates the object and records the field manager; dry run writes nothing', async () => {
  const ns = await namespace();
  const applied = await client.patch<ConfigMap>(configmaps, ns, 'applied', 'apply', configMap('applied', { k: 'v' }), { fieldManager: 'rest-test', force: true });
  assert.deepEqual(applied.data, { k: 'v' });
  assert.ok(applied.metadata?.managedFields?.some((f) => f.manager === 'rest-test' && f.operation === 'Apply'));
  assert.deepEqual((await client.get<ConfigMap>(configmaps, ns, 'applied')).data, { k: 'v' });

  const dry = await client.create<ConfigMap>(configmaps, ns, configMap('dry', { x: 'y' }), { dryRun: true });
  assert.equal(dry.metadata?.name, 'dry');
  await rejectsWith(client.get(configmaps, ns, 'dry'), 'NotFound', 404);
});

test('list with label and field selectors, and pages with limit/continue', async () => {
  const ns = await namespace();
  for (let i = 0; i < 5; i++) {
    await client.create(configmaps, ns, configMap(`cm-${i}`, {}, { app: i % 2 === 0 ? 'even' : 'odd' }));
  }
  const even = await client.list<ConfigMap>(configmaps, ns, { labelSelector: 'app=even' });
  assert.deepEqual(even.items.map((c) => c.metadata?.name).sort(), ['cm-0', 'cm-2', 'cm-4']);
  assert.ok(even.metadata.resourceVersion);
  const byName = await client.list(configmaps, ns, { fieldSelector: 'metadata.name=cm-3' });
  assert.deepEqual(byName.items.map((c) => c.metadata?.name), ['cm-3']);

  const names: string[] = [];
  let cont: string | undefined;
  let pages = 0;
  do {
    const page = await client.list(configmaps, ns, { limit: 2, ...(cont ? { continue: cont } : {}) });
    assert.ok(page.items.length <= 2);
    names.push(...page.items.map((c) => c.metadata!.name!));
    cont = page.metadata.continue || undefined;
    pages++;
  } while (cont);
  assert.equal(pages, 3);
  assert.deepEqual(names.sort(), ['cm-0', 'cm-1', 'cm-2', 'cm-3', 'cm-4']);

  // All namespaces: the namespaced resource without a namespace.
  const all = await client.list(configmaps, undefined, { labelSelector: 'app=odd' });
  assert.ok(all.items.filter((c) => c.metadata?.namespace === ns).length === 2);
});

async function take(stream: WatchStream, n: number): Promise<WatchEvent[]> {
  const out: WatchEvent[] = [];
  if (n === 0) return out;
  for await (const e of stream) {
    out.push(e);
    if (out.length === n) break;
  }
  return out;
}

test('watch receives ADDED, MODIFIED, DELETED in order; stop() ends the iterator', async () => {
  const ns = await namespace();
  const list = await client.list(configmaps, ns);
  const stream = await client.watch<ConfigMap>(configmaps, ns, { resourceVersion: list.metadata.resourceVersion! });
  try {
    const c = await client.create<ConfigMap>(configmaps, ns, configMap('w', { n: '1' }));
    await client.update<ConfigMap>(configmaps, ns, { ...c, data: { n: '2' } });
    await client.delete(configmaps, ns, 'w');
    const iterator = stream[Symbol.asyncIterator]();
    const events: WatchEvent<ConfigMap>[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await iterator.next();
      assert.equal(r.done, false);
      events.push(r.value as WatchEvent<ConfigMap>);
    }
    assert.deepEqual(events.map((e) => e.type), ['ADDED', 'MODIFIED', 'DELETED']);
    assert.deepEqual(events.map((e) => e.object.data?.n), ['1', '2', '2']);

    const pending = iterator.next();
    stream.stop();
    assert.equal((await pending).done, true);
  } finally {
    stream.stop();
  }
});

test('watch without resourceVersion starts with ADDED for existing objects; the iterator ends when the server ends the stream', async () => {
  const ns = await namespace();
  await client.create(configmaps, ns, configMap('existing', {}, { app: 'x' }));
  await client.create(configmaps, ns, configMap('other', {}, { app: 'y' }));
  const stream = await client.watch(configmaps, ns, { labelSelector: 'app=x', timeoutSeconds: 1 });
  try {
    const events: WatchEvent[] = [];
    for await (const e of stream) events.push(e);
    // The loop finishing at all shows the end of the server's stream ends the iterator.
    assert.deepEqual(events.map((e) => [e.type, e.object.metadata?.name]), [['ADDED', 'existing']]);
  } finally {
    stream.stop();
  }
  assert.equal((await take(await client.watch(configmaps, ns, { fieldSelector: 'metadata.name=other', timeoutSeconds: 1 }), 1))[0]?.object.metadata?.name, 'other');
});

test('invalid input comes back as the server Status', async () => {
  const ns = await namespace();
  const bad = await rejectsWith(client.create(configmaps, ns, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'Not_Valid' } }), 'Invalid', 422);
  assert.match(bad.message, /ConfigMap "Not_Valid" is invalid/);
  await rejectsWith(client.patch(configmaps, ns, 'missing', 'merge', { data: {} }), 'NotFound', 404);
});
