/** Integration test: the skiff-scheduler component (kubeconfig + --grpc-address + --leader-elect) schedules a pod and holds the Lease. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import { startTestApiServer } from '@skiff/apiserver/testing';
import { RestResourceClient, type ApiObject, type ResourceRef } from '@skiff/client';
import { runComponent, type RunningComponent } from '@skiff/runtime';
import { pino } from 'pino';
import { SCHEDULER_LEASE_NAME, SCHEDULER_LEASE_NAMESPACE, schedulerComponent } from './component.js';
import { NODES, PODS } from './scheduler.js';

const LEASES: ResourceRef = { group: 'coordination.k8s.io', version: 'v1', resource: 'leases', namespaced: true };
const MAX_POLLS = 600;
const POLL_MS = 50;

test('skiff-scheduler with --grpc-address and --leader-elect takes the Lease and binds a pod', async () => {
  const server = await startTestApiServer({ grpcPort: 0 });
  const dir = await mkdtemp(join(tmpdir(), 'skiff-scheduler-'));
  const rest = new RestResourceClient({ server: server.url });
  let component: RunningComponent | undefined;
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
    component = await runComponent(
      schedulerComponent,
      ['--kubeconfig', kubeconfig, '--grpc-address', server.grpcAddress!, '--leader-elect', 'true', '--health-port', '0'],
      { logger: pino({ level: 'silent' }) },
    );
    const allocatable = { cpu: '2', memory: '4Gi', pods: '10' };
    await rest.create<Node & ApiObject>(NODES, undefined, { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1' }, status: { allocatable, capacity: allocatable } });
    await rest.create<Pod & ApiObject>(PODS, 'default', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'c', image: 'pause' }] } });
    let nodeName: string | undefined;
    for (let i = 0; i < MAX_POLLS && !nodeName; i++) {
      nodeName = (await rest.get<Pod & ApiObject>(PODS, 'default', 'p')).spec?.nodeName;
      if (!nodeName) await new Promise((r) => setTimeout(r, POLL_MS));
    }
    assert.equal(nodeName, 'n1');
    const lease = await rest.get<ApiObject & { spec?: { holderIdentity?: string } }>(LEASES, SCHEDULER_LEASE_NAMESPACE, SCHEDULER_LEASE_NAME);
    assert.ok(lease.spec?.holderIdentity, 'the Lease names a holder');
  } finally {
    await component?.stop();
    await rest.close();
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  }
});
