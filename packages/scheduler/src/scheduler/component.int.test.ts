/** Integration tests: the skiff-scheduler component (kubeconfig + --grpc-address + --leader-elect) schedules pods and holds the Lease; a second one takes over. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import { startTestApiServer, type TestApiServer } from '@skiff/apiserver/testing';
import { RestResourceClient, type ApiObject, type ResourceClient, type ResourceRef } from '@skiff/client';
import { runComponent, type RunningComponent } from '@skiff/runtime';
import { pino } from 'pino';
import { SCHEDULER_LEASE_NAME, SCHEDULER_LEASE_NAMESPACE, schedulerComponent } from './component.js';
import { NODES, PODS } from './scheduler.js';
import { eventually as pollUntil } from '@skiff/runtime/testing';

const LEASES: ResourceRef = { group: 'coordination.k8s.io', version: 'v1', resource: 'leases', namespaced: true };
const MAX_POLLS = 600;
const POLL_MS = 50;

interface Env {
  server: TestApiServer;
  rest: ResourceClient;
  /** Starts one more leader-electing scheduler; stopped by the test's teardown unless stopped before. */
  startScheduler(): Promise<RunningComponent>;
}

async function withEnv(body: (env: Env) => Promise<void>): Promise<void> {
  const server = await startTestApiServer({ grpcPort: 0 });
  const dir = await mkdtemp(join(tmpdir(), 'skiff-scheduler-'));
  const rest = new RestResourceClient({ server: server.url });
  const components: RunningComponent[] = [];
  try {
    const kubeconfig = join(dir, 'kubeconfig');
    await writeFile(
      kubeconfig,
      [
        'apiVersion: v1',
        'kind: Config',
        'clusters: [{ name: c, cluster: { server: "' + server.url + '" } }]',
        'users: [{ name: u, user: {} }]',
        'contexts: [{ name: x, context: { cluster: c, user: u } }]',
        'current-context: x',
        '',
      ].join('\n'),
    );
    const startScheduler = async (): Promise<RunningComponent> => {
      const args = ['--kubeconfig', kubeconfig, '--grpc-address', server.grpcAddress!, '--leader-elect', 'true', '--health-port', '0'];
      const component = await runComponent(schedulerComponent, args, { logger: pino({ level: 'silent' }) });
      components.push(component);
      return component;
    };
    const allocatable = { cpu: '2', memory: '4Gi', pods: '10' };
    await rest.create<Node & ApiObject>(NODES, undefined, { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1' }, status: { allocatable, capacity: allocatable } });
    await body({ server, rest, startScheduler });
  } finally {
    for (const c of components) await c.stop();
    await rest.close();
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

/** Waits (bounded) until `check` gives a value. */
const poll = <T>(what: string, check: () => Promise<T | undefined>): Promise<T> => pollUntil(what, check, { timeoutMs: MAX_POLLS * POLL_MS, pollMs: POLL_MS });


async function createAndAwaitBinding(rest: ResourceClient, name: string): Promise<string> {
  await rest.create<Pod & ApiObject>(PODS, 'default', { apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { containers: [{ name: 'c', image: 'pause' }] } });
  return poll(`${name} bound`, async () => (await rest.get<Pod & ApiObject>(PODS, 'default', name)).spec?.nodeName || undefined);
}

async function leaseHolder(rest: ResourceClient): Promise<string | undefined> {
  const lease = await rest.get<ApiObject & { spec?: { holderIdentity?: string } }>(LEASES, SCHEDULER_LEASE_NAMESPACE, SCHEDULER_LEASE_NAME).catch(() => undefined);
  return lease?.spec?.holderIdentity || undefined;
}

test('skiff-scheduler with --grpc-address and --leader-elect takes the Lease and binds a pod', async () => {
  await withEnv(async ({ rest, startScheduler }) => {
    await startScheduler();
    assert.equal(await createAndAwaitBinding(rest, 'p'), 'n1');
    assert.ok(await leaseHolder(rest), 'the Lease names a holder');
  });
});

test('two schedulers for HA: one leads; when it stops, the other takes the Lease and schedules', async () => {
  await withEnv(async ({ rest, startScheduler }) => {
    const first = await startScheduler();
    const firstHolder = await poll('a Lease holder', () => leaseHolder(rest));
    assert.equal(await createAndAwaitBinding(rest, 'before'), 'n1');
    await startScheduler();
    assert.equal(await leaseHolder(rest), firstHolder, 'the standby does not take a held Lease');
    await first.stop();
    const secondHolder = await poll('a new Lease holder', async () => {
      const holder = await leaseHolder(rest);
      return holder && holder !== firstHolder ? holder : undefined;
    });
    assert.notEqual(secondHolder, firstHolder);
    assert.equal(await createAndAwaitBinding(rest, 'after'), 'n1');
  });
});
