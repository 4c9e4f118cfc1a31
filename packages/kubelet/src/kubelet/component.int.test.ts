/** Integration test: the skiff-kubelet component (kubeconfig + --grpc-address) registers its node with a real apiserver and containerd and serves /healthz and /readyz. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { KubeletConnector } from '@skiff/apiserver';
import { startTestApiServer, type TestApiServer } from '@skiff/apiserver/testing';
import { freePort } from '@skiff/storage';
import { RestResourceClient } from '@skiff/client';
import { runComponent, type RunningComponent } from '@skiff/runtime';
import { pino } from 'pino';
import { cleanupNodeRuntime, startContainerd } from '../containerd/index.js';
import { leftovers, testNodeNames } from '../containerd/testing-node.js';
import { PAUSE_IMAGE } from '../images/index.js';
import { NODES, type NodeObject } from '../node/index.js';
import { kubeletComponent } from './component.js';
import { eventually as pollUntil } from '@skiff/runtime/testing';

const WAIT_MS = 30_000;
const POLL_MS = 100;

/** Waits (bounded) until `probe` gives a value. */
const eventually = <T>(what: string, probe: () => Promise<T | undefined | false>): Promise<T> => pollUntil(what, probe, { timeoutMs: WAIT_MS, pollMs: POLL_MS });


test('the kubelet component registers its node over gRPC, answers /healthz and /readyz, and stops', async () => {
  const names = testNodeNames();
  const nodeName = `kcomp-${names.suffix}`;
  let server: TestApiServer | undefined;
  let rest: RestResourceClient | undefined;
  let component: RunningComponent | undefined;
  try {
    server = await startTestApiServer({ grpcPort: 0 });
    rest = new RestResourceClient({ server: server.url });
    const node = await startContainerd({ dir: names.dir, sandboxImage: PAUSE_IMAGE });
    const kubeconfig = join(names.dir, 'kubeconfig');
    await writeFile(
      kubeconfig,
      [
        'apiVersion: v1',
        'kind: Config',
        `clusters: [{ name: c, cluster: { server: "${server.url}" } }]`,
        'users: [{ name: u, user: {} }]',
        'contexts: [{ name: x, context: { cluster: c, user: u } }]',
        'current-context: x',
        '',
      ].join('\n'),
    );
    const apiPort = await freePort();
    const args = ['--kubeconfig', kubeconfig, '--grpc-address', server.grpcAddress!, '--health-port', '0', '--node-name', nodeName, '--node-ip', '10.250.0.98', '--address', '127.0.0.1', '--port', String(apiPort)];
    args.push('--containerd-dir', names.dir, '--root-dir', join(names.dir, 'kubelet'), '--cgroup-root', names.cgroupRoot);
    component = await runComponent(kubeletComponent, args, { logger: pino({ level: 'silent' }) });
    const api = rest;
    const registered = await eventually('the Node registered', () => api.get<NodeObject>(NODES, undefined, nodeName));
    assert.equal(registered.status?.addresses?.find((a) => a.type === 'InternalIP')?.address, '10.250.0.98');
    assert.equal(registered.status?.daemonEndpoints?.kubeletEndpoint?.Port, apiPort);
    // The kubelet API answers on --address:--port (plain text without TLS flags): a pod it does not run is a 404.
    const connector = new KubeletConnector({ getNode: async () => ({ status: { addresses: [{ type: 'InternalIP', address: '127.0.0.1' }], daemonEndpoints: { kubeletEndpoint: { Port: apiPort } } } }) });
    try {
      await assert.rejects(connector.containerLogs(nodeName, { target: { namespace: 'default', pod: 'nope' } }), (err: Error & { code?: number }) => err.code === 404 && err.message === 'pods "nope" not found');
    } finally {
      connector.close();
    }
    for (const path of ['/healthz', '/readyz']) {
      const res = await fetch(`http://127.0.0.1:${component.healthPort}${path}`);
      assert.equal(res.status, 200, path);
    }
    const port = component.healthPort;
    await component.stop();
    component = undefined;
    await assert.rejects(fetch(`http://127.0.0.1:${port}/healthz`), 'the health server is closed');
    const report = await cleanupNodeRuntime({ dir: names.dir, cgroupRoot: names.cgroupRoot, networkName: names.networkName, bridge: names.bridge });
    assert.deepEqual(report.errors, []);
    assert.deepEqual(await leftovers(names, [node.pid]), { processes: [], mounts: [], cgroups: [], cniResults: [], bridge: [], dir: [] });
  } finally {
    await component?.stop().catch(() => undefined);
    await rest?.close();
    if (existsSync(names.dir)) await cleanupNodeRuntime({ dir: names.dir, cgroupRoot: names.cgroupRoot, networkName: names.networkName, bridge: names.bridge });
    await server?.stop();
  }
});
