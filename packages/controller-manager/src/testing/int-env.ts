/** Integration test environment of the controllers: real etcd + apiserver, optionally the scheduler and a fake kubelet, and a controller manager. */
import type { Node } from 'kubernetes-types/core/v1.js';
import { startTestApiServer, type TestApiServer } from '@skiff/apiserver/testing';
import { GrpcResourceClient, RestResourceClient, type ApiObject, type ResourceClient, type ResourceRef } from '@skiff/client';
import { Scheduler } from '@skiff/scheduler';
import { Registry } from 'prom-client';
import type { ControllerDescriptor } from '../manager/controller-context.js';
import { ControllerManager } from '../manager/controller-manager.js';
import { defaultControllerManagerSettings, type ControllerManagerSettings } from '../manager/settings.js';
import { FakeKubelet, type FakeKubeletOptions } from './fake-kubelet.js';
import { eventually } from '@skiff/runtime/testing';

export const NODES: ResourceRef = { group: '', version: 'v1', resource: 'nodes', namespaced: false };
export const NAMESPACES: ResourceRef = { group: '', version: 'v1', resource: 'namespaces', namespaced: false };

export interface ControllerEnvOptions {
  /** The controllers to run; all of them are enabled whatever their default. */
  descriptors: readonly ControllerDescriptor[];
  settings?: Partial<ControllerManagerSettings>;
  /** Nodes (cpu 4, memory 16Gi, pods 110) created before anything starts; with nodes, the scheduler runs too. */
  nodes?: string[];
  /** Run a fake kubelet (pods on nodes become Running/Ready; deletions are confirmed). Default: when there are nodes. */
  kubelet?: boolean | FakeKubeletOptions;
  namespaces?: string[];
}

export interface ControllerEnv {
  server: TestApiServer;
  /** REST client for the test's own reads and writes. */
  rest: ResourceClient;
  manager: ControllerManager;
  kubelet: FakeKubelet | undefined;
  /** Stops the controller manager (as a crash would, without touching the cluster) and starts a new one. */
  restartManager(): Promise<ControllerManager>;
  stop(): Promise<void>;
}

export function nodeObject(name: string): Node & ApiObject {
  const allocatable = { cpu: '4', memory: '16Gi', pods: '110' };
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/hostname': name } },
    status: { capacity: allocatable, allocatable, conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'ready' }] },
  };
}

/** Starts everything; on a failure while starting, tears down what was started. Always call stop(). */
export async function startControllerEnv(options: ControllerEnvOptions): Promise<ControllerEnv> {
  const server = await startTestApiServer({ grpcPort: 0 });
  const rest = new RestResourceClient({ server: server.url });
  const grpc = new GrpcResourceClient({ address: server.grpcAddress! });
  const settings = defaultControllerManagerSettings({ controllers: options.descriptors.map((d) => d.name), leaderElect: false, ...options.settings });
  const newManager = (): ControllerManager => new ControllerManager({ client: grpc, descriptors: options.descriptors, settings, metrics: new Registry() });
  let manager = newManager();
  const nodes = options.nodes ?? [];
  const scheduler = nodes.length > 0 ? new Scheduler({ client: grpc, metrics: new Registry() }) : undefined;
  const kubeletOpts = options.kubelet ?? nodes.length > 0;
  const kubelet = kubeletOpts ? new FakeKubelet(rest, typeof kubeletOpts === 'object' ? kubeletOpts : {}) : undefined;
  const stop = async (): Promise<void> => {
    await manager.stop();
    await scheduler?.stop();
    await kubelet?.stop();
    await grpc.close();
    await rest.close();
    await server.stop();
  };
  try {
    for (const ns of options.namespaces ?? []) await rest.create(NAMESPACES, undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
    for (const n of nodes) await rest.create(NODES, undefined, nodeObject(n));
    await kubelet?.start();
    await scheduler?.start();
    await manager.start();
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    server,
    rest,
    get manager() {
      return manager;
    },
    kubelet,
    async restartManager() {
      await manager.stop();
      manager = newManager();
      await manager.start();
      return manager;
    },
    stop,
  };
}

/** Runs `body` against a fresh environment; always tears everything down. */
export async function withControllers(options: ControllerEnvOptions, body: (env: ControllerEnv) => Promise<void>): Promise<void> {
  const env = await startControllerEnv(options);
  try {
    await body(env);
  } finally {
    await env.stop();
  }
}

export { eventually };
