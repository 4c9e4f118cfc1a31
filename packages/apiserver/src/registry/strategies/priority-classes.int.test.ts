/** Integration: PriorityClasses and the pods' Priority admission through a real API server over etcd. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestApiServer, type TestApiServer } from '../../testing/test-server.js';

let api: TestApiServer;

before(async () => {
  api = await startTestApiServer();
});

after(async () => {
  await api?.stop();
});

const PCS = '/apis/scheduling.k8s.io/v1/priorityclasses';
const PODS = '/api/v1/namespaces/default/pods';
const TABLE = { accept: 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json' };

const pc = (name: string, value: number, extra: Record<string, unknown> = {}) => ({ apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name }, value, ...extra });
const pod = (name: string, spec: Record<string, unknown> = {}) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name },
  spec: { containers: [{ name: 'c', image: 'busybox' }], ...spec },
});

describe('PriorityClass resource', () => {
  test('the system classes exist after start and cannot be deleted', async () => {
    const node = await api.request('GET', `${PCS}/system-node-critical`);
    assert.equal(node.status, 200);
    assert.equal(node.body.value, 2000001000);
    assert.equal(node.body.description, 'Used for system critical pods that must not be moved from their current node.');
    assert.equal(node.body.preemptionPolicy, 'PreemptLowerPriority');
    const cluster = await api.request('GET', `${PCS}/system-cluster-critical`);
    assert.equal(cluster.body.value, 2000000000);
    const del = await api.request('DELETE', `${PCS}/system-cluster-critical`);
    assert.equal(del.status, 403);
    assert.equal(del.body.message, 'priorityclasses.scheduling.k8s.io "system-cluster-critical" is forbidden: this is a system priority class and cannot be deleted');
  });

  test('discovery and the table kubectl get pc prints', async () => {
    const disc = await api.request('GET', '/apis/scheduling.k8s.io/v1');
    assert.equal(disc.status, 200);
    const entry = disc.body.resources.find((r: any) => r.name === 'priorityclasses');
    assert.deepEqual([entry.kind, entry.namespaced, entry.shortNames], ['PriorityClass', false, ['pc']]);
    const table = await api.request('GET', PCS, undefined, TABLE);
    assert.deepEqual(table.body.columnDefinitions.map((c: any) => c.name), ['Name', 'Value', 'Global-Default', 'Age', 'PreemptionPolicy']);
    const row = table.body.rows.find((r: any) => r.cells[0] === 'system-node-critical');
    assert.deepEqual(row.cells.slice(1, 3).concat(row.cells[4]), [2000001000, false, 'PreemptLowerPriority']);
    const index = await api.request('GET', '/openapi/v3');
    assert.ok(Object.keys(index.body.paths).includes('apis/scheduling.k8s.io/v1'));
    const doc = await api.request('GET', '/openapi/v3/apis/scheduling.k8s.io/v1');
    assert.equal(doc.status, 200);
    assert.deepEqual(doc.body.components.schemas['io.k8s.api.scheduling.v1.PriorityClass'].required, ['value']);
  });

  test('create defaults preemptionPolicy; the user range and the system- prefix are enforced', async () => {
    const created = await api.request('POST', PCS, pc('high', 1000));
    assert.equal(created.status, 201);
    assert.equal(created.body.preemptionPolicy, 'PreemptLowerPriority');
    const tooHigh = await api.request('POST', PCS, pc('too-high', 1000000001));
    assert.equal(tooHigh.status, 422);
    assert.equal(
      tooHigh.body.message,
      'PriorityClass.scheduling.k8s.io "too-high" is invalid: value: Forbidden: maximum allowed value of a user defined priority is 1000000000',
    );
    const reserved = await api.request('POST', PCS, pc('system-mine', 10));
    assert.equal(reserved.status, 422);
    assert.match(reserved.body.message, /priority class names with 'system-' prefix are reserved for system use only\. error: system-mine is not a known system priority class/);
  });

  test('value and preemptionPolicy are immutable', async () => {
    await api.request('POST', PCS, pc('fixed', 10));
    const value = await api.request('PATCH', `${PCS}/fixed`, { value: 11 }, { 'content-type': 'application/merge-patch+json' });
    assert.equal(value.status, 422);
    assert.equal(value.body.message, 'PriorityClass.scheduling.k8s.io "fixed" is invalid: value: Forbidden: may not be changed in an update.');
    const policy = await api.request('PATCH', `${PCS}/fixed`, { preemptionPolicy: 'Never' }, { 'content-type': 'application/merge-patch+json' });
    assert.equal(policy.status, 422);
    assert.equal(policy.body.message, 'PriorityClass.scheduling.k8s.io "fixed" is invalid: preemptionPolicy: Invalid value: "Never": field is immutable');
    const description = await api.request('PATCH', `${PCS}/fixed`, { description: 'still fine' }, { 'content-type': 'application/merge-patch+json' });
    assert.equal(description.status, 200);
  });
});

describe('Priority admission of pods', () => {
  test('a pod gets the priority and preemption policy of its class', async () => {
    await api.request('POST', PCS, pc('gentle', 500, { preemptionPolicy: 'Never' }));
    const created = await api.request('POST', PODS, pod('gentle-pod', { priorityClassName: 'gentle' }));
    assert.equal(created.status, 201);
    assert.deepEqual([created.body.spec.priority, created.body.spec.preemptionPolicy], [500, 'Never']);
    const stored = await api.request('GET', `${PODS}/gentle-pod`);
    assert.equal(stored.body.spec.priority, 500);
  });

  test('a missing class and a priority given in the request are refused with 403', async () => {
    const missing = await api.request('POST', PODS, pod('lost', { priorityClassName: 'foo' }));
    assert.equal(missing.status, 403);
    assert.equal(missing.body.reason, 'Forbidden');
    assert.equal(missing.body.message, 'pods "lost" is forbidden: no PriorityClass with name foo was found');
    assert.equal((await api.request('GET', `${PODS}/lost`)).status, 404);
    await api.request('POST', PCS, pc('mid', 300));
    const given = await api.request('POST', PODS, pod('cheat', { priorityClassName: 'mid', priority: 7 }));
    assert.equal(given.status, 403);
    assert.equal(
      given.body.message,
      'pods "cheat" is forbidden: the integer value of priority (7) must not be provided in pod spec; priority admission controller computed 300 from the given PriorityClass name',
    );
  });

  test('a pod without a class gets 0, or the global default class once there is one; only one default may exist', async () => {
    const plain = await api.request('POST', PODS, pod('plain'));
    assert.equal(plain.status, 201);
    assert.equal(plain.body.spec.priority, 0);
    assert.equal(plain.body.spec.priorityClassName, undefined);

    assert.equal((await api.request('POST', PCS, pc('everyone', 42, { globalDefault: true }))).status, 201);
    const second = await api.request('POST', PCS, pc('another', 43, { globalDefault: true }));
    assert.equal(second.status, 403);
    assert.equal(second.body.message, 'priorityclasses.scheduling.k8s.io "another" is forbidden: PriorityClass everyone is already marked as default. Only one default can exist');
    const marked = await api.request('PATCH', `${PCS}/high`, { globalDefault: true }, { 'content-type': 'application/merge-patch+json' });
    assert.equal(marked.status, 403);

    const defaulted = await api.request('POST', PODS, pod('defaulted'));
    assert.equal(defaulted.status, 201);
    assert.deepEqual([defaulted.body.spec.priorityClassName, defaulted.body.spec.priority], ['everyone', 42]);
    assert.equal((await api.request('DELETE', `${PCS}/everyone`)).status, 200);
  });

  test('an update may not change a pod priority, and one that leaves it out keeps it', async () => {
    await api.request('POST', PODS, pod('steady', { priorityClassName: 'mid' }));
    const changed = await api.request('PATCH', `${PODS}/steady`, { spec: { priority: 1 } }, { 'content-type': 'application/merge-patch+json' });
    assert.equal(changed.status, 422);
    const current = (await api.request('GET', `${PODS}/steady`)).body;
    delete current.spec.priority;
    current.metadata.labels = { touched: 'yes' };
    const put = await api.request('PUT', `${PODS}/steady`, current);
    assert.equal(put.status, 200);
    assert.equal(put.body.spec.priority, 300);
  });
});
