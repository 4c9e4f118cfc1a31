/** Shared helpers of the scheduler's integration tests: a real apiserver + etcd + Scheduler, Node/Pod objects, and bounded polling. */
import type { Event, Node, NodeSpec, Pod, PodSpec } from 'kubernetes-types/core/v1.js';
import { startTestApiServer, type TestApiServer } from '@skiff/apiserver/testing';
import { GrpcResourceClient, RestResourceClient, type ApiObject, type ResourceClient, type ResourceRef } from '@skiff/client';
import { Registry } from 'prom-client';
import type { Profile } from '../framework/index.js';
import { NODES, PODS, Scheduler } from '../scheduler/scheduler.js';
import { eventually } from '@skiff/runtime/testing';

export { NODES, PODS };
export const NAMESPACES: ResourceRef = { group: '', version: 'v1', resource: 'namespaces', namespaced: false };
export const EVENTS: ResourceRef = { group: '', version: 'v1', resource: 'events', namespaced: true };
/** The pause image: the pods never run (there is no kubelet), the image only has to be valid. */
export const PAUSE_IMAGE = 'registry.k8s.io/pause:3.9';

export interface SchedulerEnv {
  server: TestApiServer;
  /** REST client the test uses to set things up and look. */
  rest: ResourceClient;
  /** gRPC client the scheduler uses. */
  grpc: ResourceClient;
  scheduler: Scheduler;
  metrics: Registry;
  /** Stops the scheduler, the clients, the apiserver and etcd. */
  stop(): Promise<void>;
}

export interface SchedulerEnvOptions {
  /** Namespaces created before the scheduler starts. */
  namespaces?: string[];
  /** The scheduler's profiles (default: kube-scheduler's default profile). */
  profiles?: Profile[];
}

/** Starts apiserver + etcd and a scheduler on gRPC; on a failure while starting, tears down what was started. */
export async function startSchedulerEnv(options: SchedulerEnvOptions = {}): Promise<SchedulerEnv> {
  const server = await startTestApiServer({ grpcPort: 0 });
  const rest = new RestResourceClient({ server: server.url });
  const grpc = new GrpcResourceClient({ address: server.grpcAddress! });
  const metrics = new Registry();
  const scheduler = new Scheduler({ client: grpc, metrics, ...(options.profiles ? { profiles: options.profiles } : {}) });
  const stop = async (): Promise<void> => {
    await scheduler.stop();
    await grpc.close();
    await rest.close();
    await server.stop();
  };
  try {
    for (const ns of options.namespaces ?? []) await createNamespace(rest, ns);
    await scheduler.start();
  } catch (err) {
    await stop();
    throw err;
  }
  return { server, rest, grpc, scheduler, metrics, stop };
}

/** Runs `body` against a fresh environment; always tears everything down. */
export async function withScheduler(options: SchedulerEnvOptions, body: (env: SchedulerEnv) => Promise<void>): Promise<void> {
  const env = await startSchedulerEnv(options);
  try {
    await body(env);
  } finally {
    await env.stop();
  }
}

export async function createNamespace(rest: ResourceClient, name: string): Promise<void> {
  await rest.create(NAMESPACES, undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
}

/** What a test node may carry beyond its name and allocatable. */
export interface NodeExtras {
  labels?: Record<string, string>;
  spec?: NodeSpec;
}

/** A Ready node labelled with its hostname, whose capacity is its allocatable. */
export function nodeObject(name: string, allocatable: Record<string, string>, extras: NodeExtras = {}): Node & ApiObject {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/hostname': name, ...extras.labels } },
    ...(extras.spec ? { spec: extras.spec } : {}),
    status: { capacity: allocatable, allocatable, conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'ready' }] },
  };
}

/** Creates a node through the API (status written through the status subresource if create dropped it). */
export async function createNode(rest: ResourceClient, name: string, allocatable: Record<string, string>, extras: NodeExtras = {}): Promise<void> {
  const obj = nodeObject(name, allocatable, extras);
  const created = await rest.create<Node & ApiObject>(NODES, undefined, obj);
  if (!created.status?.allocatable) await rest.update(NODES, undefined, { ...created, status: obj.status }, { subresource: 'status' });
}

/** A one-container pod requesting `requests`; `spec` is merged over the generated spec. */
export function podObject(
  name: string,
  namespace: string,
  requests: Record<string, string> = {},
  spec: Partial<PodSpec> = {},
  labels?: Record<string, string>,
): Pod & ApiObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace, ...(labels ? { labels } : {}) },
    spec: { containers: [{ name: 'c', image: PAUSE_IMAGE, resources: { requests } }], ...spec },
  };
}

export async function listPods(rest: ResourceClient, namespace: string): Promise<Pod[]> {
  return (await rest.list<Pod & ApiObject>(PODS, namespace)).items;
}

export async function getPod(rest: ResourceClient, namespace: string, name: string): Promise<Pod> {
  return rest.get<Pod & ApiObject>(PODS, namespace, name);
}

export async function listEvents(rest: ResourceClient, namespace: string, reason: string, podName?: string): Promise<Event[]> {
  const all = (await rest.list<Event & ApiObject>(EVENTS, namespace)).items;
  return all.filter((e) => e.reason === reason && (!podName || e.involvedObject.name === podName));
}

export { eventually };

/** The scheduler acts on its informers' view: wait until it has seen `n` nodes before creating pods that need them. */
export async function schedulerSeesNodes(scheduler: Scheduler, n: number): Promise<void> {
  await eventually(`${n} nodes in the scheduler cache`, async () => (scheduler.cache.nodeCount() === n ? true : undefined));
}

/** The pod's PodScheduled=False/Unschedulable condition, if any. */
export function unschedulableCondition(pod: Pod) {
  return pod.status?.conditions?.find((c) => c.type === 'PodScheduled' && c.status === 'False' && c.reason === 'Unschedulable');
}

/** Waits until the pod is bound and returns its node's name. */
export async function boundNode(rest: ResourceClient, namespace: string, name: string): Promise<string> {
  return eventually(`${namespace}/${name} bound`, async () => (await getPod(rest, namespace, name)).spec?.nodeName || undefined);
}

/** Waits until the pod carries the Unschedulable condition and returns its message. */
export async function unschedulableMessage(rest: ResourceClient, namespace: string, name: string): Promise<string> {
  const cond = await eventually(`${namespace}/${name} Unschedulable`, async () => unschedulableCondition(await getPod(rest, namespace, name)));
  return cond.message ?? '';
}
