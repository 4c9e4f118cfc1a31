/** The `skiff` CLI with the real etcd, apiserver, scheduler and controller manager: up, status, a pod scheduled, up again, down, a restart on the kept data, down --purge. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { get as httpGet } from 'node:http';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { freePort } from '@skiff/storage';
import { GrpcResourceClient, loadKubeconfig } from '@skiff/client';
import { isAlive } from './process-identity.js';
import type { ClusterState } from './state-file.js';
import { processesMentioning } from './test-helpers.js';

const cli = fileURLToPath(new URL('./cli.js', import.meta.url));
/** `up` waits up to a minute for readiness itself; this only stops a hung CLI from hanging the suite. */
const CLI_TIMEOUT_MS = 120_000;
/** How long (polls x interval) a pod may take to be bound before the test gives up; binding takes well under a second. */
const BIND_POLLS = 600;
const BIND_POLL_MS = 100;

/** Whether a GET over plain HTTP answers 200. */
function answers200(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    httpGet(url, { agent: false }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    }).on('error', () => resolve(false));
  });
}

function skiff(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [cli, ...args], { env, timeout: CLI_TIMEOUT_MS }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** A request as the admin of the kubeconfig at `path`. */
async function asAdmin(path: string, method: string, apiPath: string, body?: object): Promise<{ status: number; body: string }> {
  const kc = parse(await readFile(path, 'utf8'));
  const b64 = (s: string) => Buffer.from(s, 'base64');
  const server = new URL(kc.clusters[0].cluster.server);
  const payload = body ? JSON.stringify(body) : undefined;
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: server.hostname,
        port: server.port,
        method,
        path: apiPath,
        agent: false,
        ca: b64(kc.clusters[0].cluster['certificate-authority-data']),
        cert: b64(kc.users[0].user['client-certificate-data']),
        key: b64(kc.users[0].user['client-key-data']),
        headers: payload ? { 'content-type': 'application/json' } : {},
      },
      (res) => {
        let text = '';
        res.on('data', (d: Buffer) => (text += d.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

test('skiff up / status / down run a real control plane (etcd, apiserver, scheduler, controller manager) that keeps its data across a restart', async () => {
  const root = await mkdtemp(join(tmpdir(), 'skiff-cli-'));
  const stateDir = join(root, 'state');
  const env = { ...process.env, KUBECONFIG: join(root, 'kube', 'config') };
  const port = String(await freePort());
  const up = ['up', '--nodes', '0', '--state-dir', stateDir, '--port', port];
  try {
    const first = await skiff(up, env);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /kubectl get ns/);
    const kubeconfig = join(stateDir, 'kubeconfig');
    assert.equal(parse(await readFile(env.KUBECONFIG, 'utf8'))['current-context'], 'skiff');

    const created = await asAdmin(kubeconfig, 'POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'kept' } });
    assert.equal(created.status, 201, created.body);

    // The cluster's components reach the same API over gRPC, with certificates from the same CA.
    const state = JSON.parse(await readFile(join(stateDir, 'state.json'), 'utf8')) as ClusterState;
    const admin = await loadKubeconfig({ path: kubeconfig });
    const grpc = new GrpcResourceClient({ address: `127.0.0.1:${state.apiServer.grpcPort}`, tls: { ca: admin.ca!, cert: admin.cert!, key: admin.key! } });
    try {
      const viaGrpc = await grpc.get({ group: '', version: 'v1', resource: 'namespaces', namespaced: false }, undefined, 'kept');
      assert.equal(viaGrpc.metadata?.name, 'kept');
    } finally {
      await grpc.close();
    }

    // The scheduler and the controller manager run and are ready; the scheduler binds a pod to a Node created through the API.
    for (const name of ['scheduler', 'controller-manager'] as const) {
      const record = state.processes.find((p) => p.name === name);
      const component = state.components?.[name];
      assert.ok(record && component, `${name} is recorded`);
      assert.equal(await isAlive(record.pid), true);
      assert.equal(await answers200(`http://127.0.0.1:${component.healthPort}/readyz`), true, `${name} is ready`);
    }
    const scheduler = state.processes.find((p) => p.name === 'scheduler')!;
    const schedulerPort = state.components!.scheduler!.healthPort;
    const allocatable = { cpu: '2', memory: '4Gi', pods: '10' };
    const node = await asAdmin(kubeconfig, 'POST', '/api/v1/nodes', { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1' }, status: { allocatable, capacity: allocatable } });
    assert.equal(node.status, 201, node.body);
    const pod = await asAdmin(kubeconfig, 'POST', '/api/v1/namespaces/default/pods', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'c', image: 'pause' }] } });
    assert.equal(pod.status, 201, pod.body);
    let nodeName: string | undefined;
    for (let i = 0; i < BIND_POLLS && !nodeName; i++) {
      nodeName = (JSON.parse((await asAdmin(kubeconfig, 'GET', '/api/v1/namespaces/default/pods/p')).body) as { spec?: { nodeName?: string } }).spec?.nodeName;
      if (!nodeName) await new Promise((r) => setTimeout(r, BIND_POLL_MS));
    }
    assert.equal(nodeName, 'n1', `the pod was not bound; see ${join(stateDir, 'logs', 'scheduler.log')}`);

    const status = await skiff(['status', '--state-dir', stateDir], env);
    assert.equal(status.code, 0, status.stdout);
    assert.match(status.stdout, /apiserver\s+\d+\s+running\s+https:\/\/127\.0\.0\.1:\d+/);
    assert.match(status.stdout, new RegExp(`scheduler\\s+${scheduler.pid}\\s+running\\s+http://127\\.0\\.0\\.1:${schedulerPort}`));
    assert.match(status.stdout, /controller-manager\s+\d+\s+running\s+http:\/\/127\.0\.0\.1:\d+/);

    const again = await skiff(up, env);
    assert.equal(again.code, 0);
    assert.match(again.stdout, /already up/);

    const down = await skiff(['down', '--state-dir', stateDir], env);
    assert.equal(down.code, 0, down.stderr);
    assert.deepEqual(await processesMentioning(root), []);
    assert.equal(await isAlive(scheduler.pid), false, 'no scheduler is left after down');
    assert.deepEqual(parse(await readFile(env.KUBECONFIG, 'utf8')).contexts, []);
    assert.equal((await skiff(['status', '--state-dir', stateDir], env)).code, 1);

    const restart = await skiff(up, env);
    assert.equal(restart.code, 0, `restart on kept data failed:\n${restart.stderr}`);
    const kept = await asAdmin(kubeconfig, 'GET', '/api/v1/namespaces/kept');
    assert.equal(kept.status, 200, kept.body);

    const purge = await skiff(['down', '--state-dir', stateDir, '--purge'], env);
    assert.equal(purge.code, 0, purge.stderr);
    assert.deepEqual(await processesMentioning(root), []);
    assert.equal(existsSync(stateDir), false);
  } finally {
    await skiff(['down', '--state-dir', stateDir, '--purge'], env);
    for (const pid of await processesMentioning(root)) process.kill(pid, 'SIGKILL');
    await rm(root, { recursive: true, force: true });
  }
});
