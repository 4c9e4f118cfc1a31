/** Integration: POST pods/{name}/eviction over a real etcd — no budget, a budget at zero, a budget with room, several budgets. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestApiServer, type TestApiServer } from '../testing/test-server.js';

let api: TestApiServer;
const NS = 'default';

before(async () => {
  api = await startTestApiServer();
});

after(async () => {
  await api?.stop();
});

const MERGE = { 'content-type': 'application/merge-patch+json' };
const podsUrl = `/api/v1/namespaces/${NS}/pods`;
const pdbsUrl = `/apis/policy/v1/namespaces/${NS}/poddisruptionbudgets`;

/** A pod with labels; `running` makes it Running and Ready through the status subresource, as a kubelet would. */
async function makePod(name: string, labels: Record<string, string>, running = true): Promise<void> {
  const created = await api.request('POST', podsUrl, {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, labels },
    spec: { containers: [{ name: 'c', image: 'nginx' }] },
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  if (!running) return;
  const status = await api.request('PATCH', `${podsUrl}/${name}/status`, { status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] } }, MERGE);
  assert.equal(status.status, 200, JSON.stringify(status.body));
}

/** A PDB whose status is set directly, standing in for the disruption controller. */
async function makePdb(name: string, app: string, status: Record<string, unknown>): Promise<void> {
  const created = await api.request('POST', pdbsUrl, { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name }, spec: { minAvailable: 2, selector: { matchLabels: { app } } } });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const set = await api.request('PATCH', `${pdbsUrl}/${name}/status`, { status: { observedGeneration: 1, ...status } }, MERGE);
  assert.equal(set.status, 200, JSON.stringify(set.body));
}

const evict = (name: string, body?: Record<string, unknown>) =>
  api.request('POST', `${podsUrl}/${name}/eviction`, body ?? { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name, namespace: NS } });

describe('pods/eviction', () => {
  test('discovery lists pods/eviction as policy/v1 Eviction, as kubectl drain looks for it', async () => {
    const res = await api.request('GET', '/api/v1');
    const sub = res.body.resources.find((r: any) => r.name === 'pods/eviction');
    assert.deepEqual([sub?.kind, sub?.group, sub?.version, sub?.verbs], ['Eviction', 'policy', 'v1', ['create']]);
  });

  test('a pod without a budget is deleted: 201 with a Success Status', async () => {
    await makePod('lonely', { app: 'lonely' });
    const res = await evict('lonely');
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.deepEqual([res.body.kind, res.body.status], ['Status', 'Success']);
    assert.equal((await api.request('GET', `${podsUrl}/lonely`)).status, 404);
  });

  test('a missing pod is a 404', async () => {
    const res = await evict('nobody');
    assert.equal(res.status, 404);
    assert.equal(res.body.reason, 'NotFound');
  });

  test('a policy/v1beta1 Eviction is accepted and a mismatched name refused', async () => {
    await makePod('old-client', { app: 'old-client' });
    const wrong = await evict('old-client', { apiVersion: 'policy/v1beta1', kind: 'Eviction', metadata: { name: 'other' } });
    assert.equal(wrong.status, 400);
    assert.equal(wrong.body.message, 'name in URL does not match name in Eviction object');
    const res = await evict('old-client', { apiVersion: 'policy/v1beta1', kind: 'Eviction', metadata: { name: 'old-client' } });
    assert.equal(res.status, 201, JSON.stringify(res.body));
  });

  test('a budget allowing no disruption refuses with 429 and the DisruptionBudget cause', async () => {
    await makePod('guarded', { app: 'guarded' });
    await makePdb('guarded-pdb', 'guarded', { disruptionsAllowed: 0, currentHealthy: 1, desiredHealthy: 2, expectedPods: 1 });
    const res = await evict('guarded');
    assert.equal(res.status, 429, JSON.stringify(res.body));
    assert.equal(res.body.reason, 'TooManyRequests');
    assert.equal(res.body.message, "Cannot evict pod as it would violate the pod's disruption budget.");
    assert.deepEqual(res.body.details.causes, [{ reason: 'DisruptionBudget', message: 'The disruption budget guarded-pdb needs 2 healthy pods and has 1 currently' }]);
    assert.equal((await api.request('GET', `${podsUrl}/guarded`)).status, 200);
  });

  test('a budget the controller has not processed yet refuses with 429', async () => {
    await makePod('fresh', { app: 'fresh' });
    const created = await api.request('POST', pdbsUrl, { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'fresh-pdb' }, spec: { maxUnavailable: 1, selector: { matchLabels: { app: 'fresh' } } } });
    assert.equal(created.body.metadata.generation, 1);
    const res = await evict('fresh');
    assert.equal(res.status, 429, JSON.stringify(res.body));
    assert.deepEqual(res.body.details.causes, [{ reason: 'DisruptionBudget', message: 'The disruption budget fresh-pdb is still being processed by the server.' }]);
  });

  test('a pending pod is evicted without consulting its budget', async () => {
    await makePod('guarded-pending', { app: 'guarded' }, false);
    const res = await evict('guarded-pending');
    assert.equal(res.status, 201, JSON.stringify(res.body));
    const pdb = await api.request('GET', `${pdbsUrl}/guarded-pdb`);
    assert.equal(pdb.body.status.disruptionsAllowed, 0);
    assert.equal(pdb.body.status.disruptedPods, undefined);
  });

  test('a budget with room is decremented, records the pod in disruptedPods, and the pod goes', async () => {
    await makePod('roomy-1', { app: 'roomy' });
    await makePod('roomy-2', { app: 'roomy' });
    await makePdb('roomy-pdb', 'roomy', { disruptionsAllowed: 1, currentHealthy: 3, desiredHealthy: 2, expectedPods: 3 });
    const res = await evict('roomy-1');
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.equal((await api.request('GET', `${podsUrl}/roomy-1`)).status, 404);
    const pdb = await api.request('GET', `${pdbsUrl}/roomy-pdb`);
    assert.equal(pdb.body.status.disruptionsAllowed, 0);
    assert.deepEqual(Object.keys(pdb.body.status.disruptedPods ?? {}), ['roomy-1']);
    const second = await evict('roomy-2');
    assert.equal(second.status, 429);
  });

  test('dryRun decides but changes nothing', async () => {
    await makePod('dry', { app: 'dry' });
    await makePdb('dry-pdb', 'dry', { disruptionsAllowed: 1, currentHealthy: 3, desiredHealthy: 2, expectedPods: 3 });
    const res = await evict('dry', { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: 'dry' }, deleteOptions: { dryRun: ['All'] } });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.equal((await api.request('GET', `${podsUrl}/dry`)).status, 200);
    assert.equal((await api.request('GET', `${pdbsUrl}/dry-pdb`)).body.status.disruptionsAllowed, 1);
  });

  test('a pod covered by two budgets is a 500', async () => {
    await makePod('double', { app: 'double', tier: 'x' });
    await makePdb('double-a', 'double', { disruptionsAllowed: 1 });
    const second = await api.request('POST', pdbsUrl, { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'double-b' }, spec: { maxUnavailable: 1, selector: { matchLabels: { tier: 'x' } } } });
    assert.equal(second.status, 201);
    const res = await evict('double');
    assert.equal(res.status, 500);
    assert.equal(res.body.message, 'This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.');
  });

  test('PodDisruptionBudgets print as kubectl shows them', async () => {
    const res = await api.request('GET', pdbsUrl, undefined, { accept: 'application/json;as=Table;v=v1;g=meta.k8s.io' });
    assert.equal(res.status, 200);
    assert.deepEqual(res.body.columnDefinitions.map((c: any) => c.name), ['Name', 'Min Available', 'Max Unavailable', 'Allowed Disruptions', 'Age']);
  });
});
