/** Integration: the REST API over a real etcd — semantics, conflicts, watches, compaction, bad input. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestApiServer, WATCH_CACHE_CAPACITY, type TestApiServer } from '../testing/test-server.js';

let api: TestApiServer;

before(async () => {
  api = await startTestApiServer();
});

after(async () => {
  await api?.stop();
});

const cm = (name: string, data: Record<string, string> = {}, namespace = 'default') => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace },
  data,
});

/** Reads newline-delimited watch events from a streaming response until `count` arrived. */
async function readEvents(res: Response, count: number, timeoutMs = 10_000): Promise<{ type: string; object: any }[]> {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  const events: { type: string; object: any }[] = [];
  let buffer = '';
  const deadline = setTimeout(() => void reader.cancel(), timeoutMs);
  try {
    while (events.length < count) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      let nl: number;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        events.push(JSON.parse(buffer.slice(0, nl)));
        buffer = buffer.slice(nl + 1);
      }
    }
  } finally {
    clearTimeout(deadline);
    await reader.cancel().catch(() => undefined);
  }
  return events;
}

describe('bootstrap', () => {
  test('system namespaces and the kubernetes Service exist', async () => {
    const list = await api.request('GET', '/api/v1/namespaces');
    const names = list.body.items.map((n: any) => n.metadata.name);
    for (const ns of ['default', 'kube-system', 'kube-public', 'kube-node-lease']) assert.ok(names.includes(ns), ns);
    const svc = await api.request('GET', '/api/v1/namespaces/default/services/kubernetes');
    assert.equal(svc.status, 200);
    assert.equal(svc.body.spec.clusterIP, '10.96.0.1');
    assert.equal(svc.body.spec.ports[0].port, 443);
  });
});

describe('optimistic concurrency', () => {
  test('a stale resourceVersion is a 409 Conflict and the newer write survives', async () => {
    const created = await api.request('POST', '/api/v1/namespaces/default/configmaps', cm('cas', { v: '0' }));
    assert.equal(created.status, 201);
    const rv = created.body.metadata.resourceVersion;
    const first = await api.request('PUT', '/api/v1/namespaces/default/configmaps/cas', { ...cm('cas', { v: '1' }), metadata: { name: 'cas', namespace: 'default', resourceVersion: rv } });
    assert.equal(first.status, 200);
    assert.notEqual(first.body.metadata.resourceVersion, rv);
    const stale = await api.request('PUT', '/api/v1/namespaces/default/configmaps/cas', { ...cm('cas', { v: '2' }), metadata: { name: 'cas', namespace: 'default', resourceVersion: rv } });
    assert.equal(stale.status, 409);
    assert.equal(stale.body.kind, 'Status');
    assert.equal(stale.body.reason, 'Conflict');
    assert.equal(stale.body.message, 'Operation cannot be fulfilled on configmaps "cas": the object has been modified; please apply your changes to the latest version and try again');
    const now = await api.request('GET', '/api/v1/namespaces/default/configmaps/cas');
    assert.deepEqual(now.body.data, { v: '1' });
  });

  test('of concurrent updates from one resourceVersion exactly one wins', async () => {
    const created = await api.request('POST', '/api/v1/namespaces/default/configmaps', cm('race'));
    const rv = created.body.metadata.resourceVersion;
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        api.request('PUT', '/api/v1/namespaces/default/configmaps/race', { ...cm('race', { writer: String(i) }), metadata: { name: 'race', namespace: 'default', resourceVersion: rv } }),
      ),
    );
    const winners = results.filter((r) => r.status === 200);
    assert.equal(winners.length, 1);
    assert.equal(results.filter((r) => r.status === 409).length, 9);
    const now = await api.request('GET', '/api/v1/namespaces/default/configmaps/race');
    assert.deepEqual(now.body.data, winners[0]!.body.data);
  });

  test('concurrent patches are never lost', async () => {
    await api.request('POST', '/api/v1/namespaces/default/configmaps', cm('patched'));
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        api.request('PATCH', '/api/v1/namespaces/default/configmaps/patched', { data: { [`k${i}`]: String(i) } }, { 'content-type': 'application/merge-patch+json' }),
      ),
    );
    const now = await api.request('GET', '/api/v1/namespaces/default/configmaps/patched');
    assert.equal(Object.keys(now.body.data).length, 20);
  });
});

describe('watch', () => {
  test('from a compacted revision is 410 Expired; the client relists and continues', async () => {
    const created = await api.request('POST', '/api/v1/namespaces/default/configmaps', cm('compact-me', { v: '0' }));
    const oldRv = created.body.metadata.resourceVersion;
    // Push the old revision out of the watch cache's window, then compact it away in etcd.
    const updates = WATCH_CACHE_CAPACITY + 10;
    for (let i = 1; i <= updates; i++) await api.request('PATCH', '/api/v1/namespaces/default/configmaps/compact-me', { data: { v: String(i) } }, { 'content-type': 'application/merge-patch+json' });
    await api.server.store.compact(await api.server.store.currentRevision());
    const res = await fetch(`${api.url}/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=${oldRv}`);
    assert.equal(res.status, 200);
    const [event] = await readEvents(res, 1);
    assert.equal(event!.type, 'ERROR');
    assert.equal(event!.object.code, 410);
    assert.equal(event!.object.reason, 'Expired');
    // Relist, then watch from the list's resourceVersion: the next change arrives.
    const list = await api.request('GET', '/api/v1/namespaces/default/configmaps');
    assert.equal(list.body.items.find((i: any) => i.metadata.name === 'compact-me').data.v, String(updates));
    const watch = await fetch(`${api.url}/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=${list.body.metadata.resourceVersion}`);
    const pending = readEvents(watch, 1);
    await api.request('PATCH', '/api/v1/namespaces/default/configmaps/compact-me', { data: { v: 'after' } }, { 'content-type': 'application/merge-patch+json' });
    const [next] = await pending;
    assert.equal(next!.type, 'MODIFIED');
    assert.equal(next!.object.data.v, 'after');
  });

  test('without a resourceVersion starts with ADDED for current objects, honouring metadata.name', async () => {
    await api.request('POST', '/api/v1/namespaces/default/configmaps', cm('watched-one'));
    const res = await fetch(`${api.url}/api/v1/namespaces/default/configmaps?watch=true&fieldSelector=metadata.name%3Dwatched-one&resourceVersion=0`);
    const pending = readEvents(res, 2);
    await new Promise((r) => setTimeout(r, 100));
    await api.request('DELETE', '/api/v1/namespaces/default/configmaps/watched-one');
    const events = await pending;
    assert.deepEqual(
      events.map((e) => [e.type, e.object.metadata.name]),
      [
        ['ADDED', 'watched-one'],
        ['DELETED', 'watched-one'],
      ],
    );
  });

  test('as a Table when asked', async () => {
    const res = await fetch(`${api.url}/api/v1/namespaces/default/configmaps?watch=true&fieldSelector=metadata.name%3Dcas`, {
      headers: { accept: 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json' },
    });
    const [event] = await readEvents(res, 1);
    assert.equal(event!.object.kind, 'Table');
    assert.equal(event!.object.rows[0].cells[0], 'cas');
    assert.equal(event!.object.rows[0].object.kind, 'PartialObjectMetadata');
  });
});

describe('lists', () => {
  test('limit and continue page through every item once', async () => {
    await api.request('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'paging' } });
    for (let i = 0; i < 7; i++) await api.request('POST', '/api/v1/namespaces/paging/configmaps', cm(`item-${i}`, {}, 'paging'));
    const seen: string[] = [];
    let token = '';
    let pages = 0;
    do {
      const page = await api.request('GET', `/api/v1/namespaces/paging/configmaps?limit=3${token ? `&continue=${encodeURIComponent(token)}` : ''}`);
      assert.equal(page.status, 200);
      seen.push(...page.body.items.map((i: any) => i.metadata.name));
      token = page.body.metadata.continue ?? '';
      pages++;
    } while (token);
    assert.equal(pages, 3);
    assert.deepEqual(seen, Array.from({ length: 7 }, (_, i) => `item-${i}`));
  });

  test('label selectors filter, bad selectors are 400', async () => {
    await api.request('POST', '/api/v1/namespaces/default/configmaps', { ...cm('labelled'), metadata: { name: 'labelled', namespace: 'default', labels: { tier: 'db' } } });
    const hit = await api.request('GET', '/api/v1/namespaces/default/configmaps?labelSelector=tier%20in%20(db,cache)');
    assert.deepEqual(hit.body.items.map((i: any) => i.metadata.name), ['labelled']);
    const bad = await api.request('GET', '/api/v1/namespaces/default/configmaps?labelSelector=tier%20in%20(');
    assert.equal(bad.status, 400);
    assert.equal(bad.body.reason, 'BadRequest');
    const badField = await api.request('GET', '/api/v1/namespaces/default/configmaps?fieldSelector=spec.nope%3Dx');
    assert.equal(badField.status, 400);
    assert.match(badField.body.message, /field label not supported: spec\.nope/);
  });
});

describe('bad input', () => {
  const post = (body: unknown, headers?: Record<string, string>) => api.request('POST', '/api/v1/namespaces/default/configmaps', body, headers);

  test('malformed JSON is a 400', async () => {
    const r = await post('{"apiVersion": "v1", "kind": ', { 'content-type': 'application/json' });
    assert.equal(r.status, 400);
    assert.equal(r.body.kind, 'Status');
    assert.match(r.body.message, /json parse error/);
  });

  test('malformed YAML is a 400', async () => {
    const r = await post('kind: ConfigMap\n  bad: [', { 'content-type': 'application/yaml' });
    assert.equal(r.status, 400);
  });

  test('YAML bodies are accepted', async () => {
    const r = await post('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: from-yaml\ndata:\n  a: b\n', { 'content-type': 'application/yaml' });
    assert.equal(r.status, 201);
    assert.equal(r.body.data.a, 'b');
  });

  test('an oversized body is a 413', async () => {
    const r = await post(cm('huge', { blob: 'x'.repeat(3 * 1024 * 1024 + 10) }));
    assert.equal(r.status, 413);
    assert.equal(r.body.reason, 'RequestEntityTooLarge');
  });

  test('an unknown content type is a 415', async () => {
    const r = await post('x', { 'content-type': 'text/plain' });
    assert.equal(r.status, 415);
    assert.equal(r.body.reason, 'UnsupportedMediaType');
  });

  test('an invalid name is a 422 with a field cause', async () => {
    const r = await post(cm('Not_Valid'));
    assert.equal(r.status, 422);
    assert.equal(r.body.reason, 'Invalid');
    assert.equal(r.body.details.causes[0].field, 'metadata.name');
    const missing = await api.request('GET', '/api/v1/namespaces/default/configmaps/Not_Valid');
    assert.equal(missing.status, 404, 'nothing was written');
  });

  test('a wrong kind or apiVersion for the URL is a 400', async () => {
    const kind = await post({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'x' } });
    assert.equal(kind.status, 400);
    const version = await post({ apiVersion: 'apps/v1', kind: 'ConfigMap', metadata: { name: 'x' } });
    assert.equal(version.status, 400);
  });

  test('a namespace that differs from the URL is a 400', async () => {
    const r = await post(cm('elsewhere', {}, 'kube-system'));
    assert.equal(r.status, 400);
    assert.match(r.body.message, /does not match the namespace/);
  });

  test('unknown fields: Strict rejects, Warn warns and prunes', async () => {
    const strict = await api.request('POST', '/api/v1/namespaces/default/configmaps?fieldValidation=Strict', { ...cm('strict'), bogus: 1 });
    assert.equal(strict.status, 400);
    assert.match(strict.body.message, /unknown field "bogus"/);
    const warn = await api.request('POST', '/api/v1/namespaces/default/configmaps?fieldValidation=Warn', { ...cm('warned'), bogus: 1 });
    assert.equal(warn.status, 201);
    assert.match(warn.headers.get('warning') ?? '', /unknown field \\"bogus\\"|unknown field "bogus"/);
    assert.equal(warn.body.bogus, undefined);
  });

  test('a missing namespace is a 404, a missing object too', async () => {
    const r = await api.request('POST', '/api/v1/namespaces/nowhere/configmaps', cm('x', {}, 'nowhere'));
    assert.equal(r.status, 404);
    assert.equal(r.body.message, 'namespaces "nowhere" not found');
    const g = await api.request('GET', '/apis/apps/v1/namespaces/default/deployments/nope');
    assert.equal(g.status, 404);
    assert.equal(g.body.message, 'deployments.apps "nope" not found');
  });

  test('creating twice is a 409 AlreadyExists', async () => {
    await post(cm('twice'));
    const r = await post(cm('twice'));
    assert.equal(r.status, 409);
    assert.equal(r.body.reason, 'AlreadyExists');
    assert.equal(r.body.message, 'configmaps "twice" already exists');
  });

  test('unknown resources and paths are 404 Status', async () => {
    const r = await api.request('GET', '/api/v1/namespaces/default/widgets');
    assert.equal(r.status, 404);
    assert.equal(r.body.kind, 'Status');
  });
});

describe('resources', () => {
  test('services get unique ClusterIPs and NodePorts in range, released on delete', async () => {
    const svc = (name: string, type = 'ClusterIP') => ({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name },
      spec: { type, selector: { app: name }, ports: [{ port: 80 }] },
    });
    const a = await api.request('POST', '/api/v1/namespaces/default/services', svc('svc-a'));
    const b = await api.request('POST', '/api/v1/namespaces/default/services', svc('svc-b', 'NodePort'));
    assert.equal(a.status, 201);
    assert.equal(b.status, 201);
    assert.notEqual(a.body.spec.clusterIP, b.body.spec.clusterIP);
    assert.match(a.body.spec.clusterIP, /^10\.96\.0\.\d+$/);
    assert.equal(a.body.spec.ports[0].targetPort, 80);
    const nodePort = b.body.spec.ports[0].nodePort;
    assert.ok(nodePort >= 30000 && nodePort <= 30100);
    const taken = await api.request('POST', '/api/v1/namespaces/default/services', { ...svc('svc-c'), spec: { ...svc('svc-c').spec, clusterIP: a.body.spec.clusterIP } });
    assert.equal(taken.status, 422);
    await api.request('DELETE', '/api/v1/namespaces/default/services/svc-a');
    const reuse = await api.request('POST', '/api/v1/namespaces/default/services', { ...svc('svc-c'), spec: { ...svc('svc-c').spec, clusterIP: a.body.spec.clusterIP } });
    assert.equal(reuse.status, 201);
  });

  test('deployments: defaults, generation, scale subresource', async () => {
    const deploy = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web' },
      spec: { selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'busybox' }] } } },
    };
    const created = await api.request('POST', '/apis/apps/v1/namespaces/default/deployments', deploy);
    assert.equal(created.status, 201);
    assert.equal(created.body.spec.replicas, 1);
    assert.equal(created.body.spec.strategy.type, 'RollingUpdate');
    assert.equal(created.body.metadata.generation, 1);
    const scaled = await api.request('PATCH', '/apis/apps/v1/namespaces/default/deployments/web/scale', { spec: { replicas: 4 } }, { 'content-type': 'application/merge-patch+json' });
    assert.equal(scaled.status, 200);
    assert.equal(scaled.body.kind, 'Scale');
    assert.equal(scaled.body.spec.replicas, 4);
    assert.equal(scaled.body.status.selector, 'app=web');
    const now = await api.request('GET', '/apis/apps/v1/namespaces/default/deployments/web');
    assert.equal(now.body.spec.replicas, 4);
    assert.equal(now.body.metadata.generation, 2);
    const status = await api.request('PUT', '/apis/apps/v1/namespaces/default/deployments/web/status', { ...now.body, spec: { ...now.body.spec, replicas: 9 }, status: { replicas: 4 } });
    assert.equal(status.status, 200);
    assert.equal(status.body.spec.replicas, 4, 'status writes ignore spec');
    assert.equal(status.body.status.replicas, 4);
    assert.equal(status.body.metadata.generation, 2);
  });

  test('server-side apply creates a missing object', async () => {
    const r = await api.request(
      'PATCH',
      '/api/v1/namespaces/default/configmaps/applied?fieldManager=test&force=false',
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'applied' }, data: { a: '1' } },
      { 'content-type': 'application/apply-patch+yaml' },
    );
    assert.equal(r.status, 201);
    assert.equal(r.body.data.a, '1');
    assert.ok(r.body.metadata.managedFields.some((m: any) => m.manager === 'test' && m.operation === 'Apply'));
  });

  test('pods bound to a node are deleted gracefully; unbound ones at once', async () => {
    const pod = (name: string) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { containers: [{ name: 'c', image: 'busybox' }] } });
    const created = await api.request('POST', '/api/v1/namespaces/default/pods', pod('bound'));
    assert.equal(created.body.status.phase, 'Pending');
    assert.equal(created.body.spec.restartPolicy, 'Always');
    const bind = await api.request('POST', '/api/v1/namespaces/default/pods/bound/binding', { apiVersion: 'v1', kind: 'Binding', metadata: { name: 'bound' }, target: { kind: 'Node', name: 'node-1' } });
    assert.equal(bind.status, 201);
    const again = await api.request('POST', '/api/v1/namespaces/default/pods/bound/binding', { apiVersion: 'v1', kind: 'Binding', metadata: { name: 'bound' }, target: { kind: 'Node', name: 'node-2' } });
    assert.equal(again.status, 409);
    const del = await api.request('DELETE', '/api/v1/namespaces/default/pods/bound');
    assert.equal(del.status, 202);
    assert.ok(del.body.metadata.deletionTimestamp);
    assert.equal(del.body.metadata.deletionGracePeriodSeconds, 30);
    const force = await api.request('DELETE', '/api/v1/namespaces/default/pods/bound?gracePeriodSeconds=0');
    assert.equal(force.status, 200);
    assert.equal((await api.request('GET', '/api/v1/namespaces/default/pods/bound')).status, 404);
    await api.request('POST', '/api/v1/namespaces/default/pods', pod('unbound'));
    assert.equal((await api.request('DELETE', '/api/v1/namespaces/default/pods/unbound')).status, 200);
  });

  test('finalizers hold an object until removed', async () => {
    await api.request('POST', '/api/v1/namespaces/default/configmaps', { ...cm('held'), metadata: { name: 'held', finalizers: ['example.com/hold'] } });
    const del = await api.request('DELETE', '/api/v1/namespaces/default/configmaps/held');
    assert.equal(del.status, 202);
    assert.ok((await api.request('GET', '/api/v1/namespaces/default/configmaps/held')).body.metadata.deletionTimestamp);
    const released = await api.request('PATCH', '/api/v1/namespaces/default/configmaps/held', { metadata: { finalizers: null } }, { 'content-type': 'application/merge-patch+json' });
    assert.equal(released.status, 200);
    assert.equal((await api.request('GET', '/api/v1/namespaces/default/configmaps/held')).status, 404);
  });

  // Emptying and then removing the namespace is the controller manager's namespace controller (tested there).
  test('deleting a namespace makes it Terminating and refuses new content', async () => {
    await api.request('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'doomed' } });
    await api.request('POST', '/api/v1/namespaces/doomed/configmaps', cm('inside', {}, 'doomed'));
    const del = await api.request('DELETE', '/api/v1/namespaces/doomed');
    assert.equal(del.body.status.phase, 'Terminating');
    const blocked = await api.request('POST', '/api/v1/namespaces/doomed/configmaps', cm('late', {}, 'doomed'));
    assert.ok(blocked.status === 403 || blocked.status === 404, `creating in a terminating namespace: ${blocked.status}`);
    const held = await api.request('GET', '/api/v1/namespaces/doomed');
    assert.equal(held.status, 200, 'the namespace stays until its finalizer is removed');
    assert.deepEqual(held.body.spec.finalizers, ['kubernetes']);
  });
});

describe('events', () => {
  test('events.k8s.io/v1 and core/v1 Events are one object in two shapes', async () => {
    const created = await api.request('POST', '/apis/events.k8s.io/v1/namespaces/default/events', {
      apiVersion: 'events.k8s.io/v1',
      kind: 'Event',
      metadata: { name: 'web.1' },
      eventTime: '2026-01-01T00:00:00.000000Z',
      reportingController: 'skiff.io/test',
      reportingInstance: 'test-1',
      action: 'Testing',
      reason: 'Tested',
      type: 'Normal',
      note: 'hello',
      regarding: { kind: 'Pod', namespace: 'default', name: 'web' },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.equal(created.body.note, 'hello');
    const core = await api.request('GET', '/api/v1/namespaces/default/events/web.1');
    assert.equal(core.status, 200);
    assert.equal(core.body.apiVersion, 'v1');
    assert.equal(core.body.message, 'hello');
    assert.equal(core.body.involvedObject.name, 'web');
    assert.equal(core.body.reportingComponent, 'skiff.io/test');
    const byRegarding = await api.request('GET', '/apis/events.k8s.io/v1/namespaces/default/events?fieldSelector=regarding.name%3Dweb');
    assert.deepEqual(byRegarding.body.items.map((e: any) => [e.metadata.name, e.note]), [['web.1', 'hello']]);
    const byInvolved = await api.request('GET', '/api/v1/namespaces/default/events?fieldSelector=involvedObject.name%3Dweb');
    assert.deepEqual(byInvolved.body.items.map((e: any) => e.metadata.name), ['web.1']);
  });
});

describe('discovery and tables', () => {
  test('aggregated discovery is negotiated, legacy otherwise', async () => {
    const v2 = await api.request('GET', '/apis', undefined, { accept: 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json' });
    assert.equal(v2.headers.get('content-type'), 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList');
    assert.equal(v2.body.apiVersion, 'apidiscovery.k8s.io/v2');
    const beta = await api.request('GET', '/api', undefined, { accept: 'application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json' });
    assert.equal(beta.body.apiVersion, 'apidiscovery.k8s.io/v2beta1');
    const pods = beta.body.items[0].versions[0].resources.find((r: any) => r.resource === 'pods');
    assert.deepEqual(pods.shortNames, ['po']);
    const legacy = await api.request('GET', '/apis');
    assert.equal(legacy.body.kind, 'APIGroupList');
    const list = await api.request('GET', '/apis/apps/v1');
    assert.ok(list.body.resources.some((r: any) => r.name === 'deployments/scale' && r.kind === 'Scale' && r.group === 'autoscaling'));
  });

  test('lists come back as Tables when asked', async () => {
    const r = await api.request('GET', '/api/v1/namespaces?limit=500', undefined, { accept: 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json' });
    assert.equal(r.body.kind, 'Table');
    assert.deepEqual(r.body.columnDefinitions.map((c: any) => c.name).slice(0, 3), ['Name', 'Status', 'Age']);
    assert.ok(r.body.metadata.resourceVersion);
  });
});
