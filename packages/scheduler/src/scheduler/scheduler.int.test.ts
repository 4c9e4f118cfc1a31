/** Integration tests: the scheduler against a real API server (gRPC) and etcd, with Node objects created through the API. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Event, Node, Pod } from 'kubernetes-types/core/v1.js';
import { startTestApiServer, type TestApiServer } from '@skiff/apiserver/testing';
import { GrpcResourceClient, RestResourceClient, type ApiObject, type ResourceClient, type ResourceRef } from '@skiff/client';
import { Registry } from 'prom-client';
import { NODES, PODS, Scheduler } from './scheduler.js';

const NAMESPACES: ResourceRef = { group: '', version: 'v1', resource: 'namespaces', namespaced: false };
const EVENTS: ResourceRef = { group: '', version: 'v1', resource: 'events', namespaced: true };
const NS = 'sched';
/** Bound on polling for convergence (turns of POLL_MS); a hang fails the test instead of blocking the run. */
const MAX_POLLS = 600;
const POLL_MS = 50;

interface Env {
  server: TestApiServer;
  /** REST client the test uses to set things up and look. */
  rest: ResourceClient;
  grpc: ResourceClient;
  scheduler: Scheduler;
  metrics: Registry;
}

/** Starts apiserver + etcd and a scheduler on gRPC; runs `body`; always tears everything down. */
async function withScheduler(body: (env: Env) => Promise<void>): Promise<void> {
  const server = await startTestApiServer({ grpcPort: 0 });
  const rest = new RestResourceClient({ server: server.url });
  const grpc = new GrpcResourceClient({ address: server.grpcAddress! });
  const metrics = new Registry();
  const scheduler = new Scheduler({ client: grpc, metrics });
  try {
    await rest.create(NAMESPACES, undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } });
    await scheduler.start();
    await body({ server, rest, grpc, scheduler, metrics });
  } finally {
    await scheduler.stop();
    await grpc.close();
    await rest.close();
    await server.stop();
  }
}

function nodeObject(name: string, allocatable: Record<string, string>): Node & ApiObject {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/hostname': name } },
    status: { capacity: allocatable, allocatable, conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'ready' }] },
  };
}

/** Creates a node through the API (status written through the status subresource if create dropped it). */
async function createNode(rest: ResourceClient, name: string, allocatable: Record<string, string>): Promise<void> {
  const obj = nodeObject(name, allocatable);
  const created = await rest.create<Node & ApiObject>(NODES, undefined, obj);
  if (!created.status?.allocatable) await rest.update(NODES, undefined, { ...created, status: obj.status }, { subresource: 'status' });
}

function podObject(name: string, requests: Record<string, string> = {}): Pod & ApiObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: NS },
    spec: { containers: [{ name: 'c', image: 'registry.k8s.io/pause:3.9', resources: { requests } }] },
  };
}

async function pods(rest: ResourceClient): Promise<Pod[]> {
  return (await rest.list<Pod & ApiObject>(PODS, NS)).items;
}

async function events(rest: ResourceClient, reason: string, podName?: string): Promise<Event[]> {
  const all = (await rest.list<Event & ApiObject>(EVENTS, NS)).items;
  return all.filter((e) => e.reason === reason && (!podName || e.involvedObject.name === podName));
}

/** Polls `check` until it returns a value other than undefined; fails after MAX_POLLS with `what`. */
async function eventually<T>(what: string, check: () => Promise<T | undefined>): Promise<T> {
  for (let i = 0; i < MAX_POLLS; i++) {
    const value = await check();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
  assert.fail(`timed out waiting for ${what}`);
}

/** The scheduler acts on its informers' view: wait until it has seen `n` nodes before creating pods that need them. */
async function schedulerSeesNodes(scheduler: Scheduler, n: number): Promise<void> {
  await eventually(`${n} nodes in the scheduler cache`, async () => (scheduler.cache.nodeCount() === n ? true : undefined));
}

function unschedulableCondition(pod: Pod) {
  return pod.status?.conditions?.find((c) => c.type === 'PodScheduled' && c.status === 'False' && c.reason === 'Unschedulable');
}

test('a pod is bound to the node that fits, with a Scheduled event', async () => {
  await withScheduler(async ({ rest, metrics, scheduler }) => {
    await createNode(rest, 'small', { cpu: '1', memory: '2Gi', pods: '10' });
    await createNode(rest, 'big', { cpu: '4', memory: '8Gi', pods: '10' });
    await schedulerSeesNodes(scheduler, 2);
    await rest.create(PODS, NS, podObject('web', { cpu: '2' }));
    const bound = await eventually('web bound', async () => (await pods(rest)).find((p) => p.spec?.nodeName));
    assert.equal(bound.spec?.nodeName, 'big');
    const scheduled = await eventually('Scheduled event', async () => (await events(rest, 'Scheduled', 'web'))[0]);
    assert.equal(scheduled.type, 'Normal');
    assert.equal(scheduled.message, `Successfully assigned ${NS}/web to big`);
    const attempts = await metrics.getSingleMetric('scheduler_schedule_attempts_total')!.get();
    assert.deepEqual(attempts.values.map((v) => [v.labels, v.value]), [[{ result: 'scheduled', profile: 'default-scheduler' }, 1]]);
  });
});

test('pods of another schedulerName are left alone', async () => {
  await withScheduler(async ({ rest, scheduler }) => {
    await createNode(rest, 'n1', { cpu: '4', memory: '8Gi', pods: '10' });
    const other = podObject('other');
    other.spec!.schedulerName = 'someone-else';
    await rest.create(PODS, NS, other);
    // Created after 'other': the queue is FIFO among equal priorities, so had 'other' been queued it would be tried first.
    await rest.create(PODS, NS, podObject('mine'));
    await eventually('mine bound', async () => (await pods(rest)).find((p) => p.metadata?.name === 'mine' && p.spec?.nodeName));
    await scheduler.idle();
    const ignored = (await pods(rest)).find((p) => p.metadata?.name === 'other')!;
    assert.equal(ignored.spec?.nodeName, undefined);
    assert.equal(ignored.status?.conditions?.find((c) => c.type === 'PodScheduled'), undefined);
    assert.deepEqual(await events(rest, 'FailedScheduling', 'other'), []);
  });
});

test('an unschedulable pod gets the condition and FailedScheduling event, then lands on a fitting node once one appears', async () => {
  await withScheduler(async ({ rest, scheduler }) => {
    await createNode(rest, 'small', { cpu: '1', memory: '2Gi', pods: '10' });
    await createNode(rest, 'medium', { cpu: '2', memory: '2Gi', pods: '10' });
    await schedulerSeesNodes(scheduler, 2);
    await rest.create(PODS, NS, podObject('huge', { cpu: '3' }));
    const message = '0/2 nodes are available: 2 Insufficient cpu.';
    const pending = await eventually('Unschedulable condition', async () => (await pods(rest)).find((p) => unschedulableCondition(p)));
    assert.equal(unschedulableCondition(pending)!.message, message);
    assert.equal(pending.spec?.nodeName, undefined);
    const failed = await eventually('FailedScheduling event', async () => (await events(rest, 'FailedScheduling', 'huge'))[0]);
    assert.equal(failed.type, 'Warning');
    assert.equal(failed.message, message);
    await createNode(rest, 'large', { cpu: '8', memory: '16Gi', pods: '10' });
    const bound = await eventually('huge bound', async () => (await pods(rest)).find((p) => p.spec?.nodeName));
    assert.equal(bound.spec?.nodeName, 'large');
  });
});

test('500 pods racing for 10 nodes with room for 300: exactly 300 bound, no node over-committed, the rest Unschedulable', async () => {
  await withScheduler(async ({ rest, scheduler }) => {
    const nodeCount = 10;
    const podsPerNode = 30;
    const total = 500;
    for (let i = 0; i < nodeCount; i++) await createNode(rest, `node-${i}`, { cpu: '64', memory: '256Gi', pods: String(podsPerNode) });
    await schedulerSeesNodes(scheduler, nodeCount);
    const names = Array.from({ length: total }, (_v, i) => `racer-${i}`);
    const batch = 50;
    for (let i = 0; i < total; i += batch) await Promise.all(names.slice(i, i + batch).map((n) => rest.create(PODS, NS, podObject(n, { cpu: '10m' }))));
    const capacity = nodeCount * podsPerNode;
    const settled = await eventually('every racer bound or marked Unschedulable', async () => {
      const all = await pods(rest);
      const bound = all.filter((p) => p.spec?.nodeName);
      const unschedulable = all.filter((p) => !p.spec?.nodeName && unschedulableCondition(p));
      return bound.length + unschedulable.length === total ? all : undefined;
    });
    await scheduler.idle();
    const all = await pods(rest);
    const perNode = new Map<string, number>();
    for (const p of all) if (p.spec?.nodeName) perNode.set(p.spec.nodeName, (perNode.get(p.spec.nodeName) ?? 0) + 1);
    assert.equal([...perNode.values()].reduce((a, b) => a + b, 0), capacity);
    for (const [name, count] of perNode) assert.ok(count <= podsPerNode, `${name} holds ${count} pods`);
    const rest_ = all.filter((p) => !p.spec?.nodeName);
    assert.equal(rest_.length, total - capacity);
    for (const p of rest_) assert.equal(unschedulableCondition(p)?.message, `0/${nodeCount} nodes are available: ${nodeCount} Too many pods.`);
    assert.equal(settled.length, total);
  });
});
