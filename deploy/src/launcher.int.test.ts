/** The launcher end to end with a real etcd and stand-ins for the apiserver, the scheduler and the controller manager: up, status, up again, down, restart, purge, failure. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { get as httpGet } from 'node:http';
import { request } from 'node:https';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { freePort } from '@skiff/storage';
import { down } from './down.js';
import { isAlive } from './process-identity.js';
import { readState, writeState } from './state-file.js';
import { stopProcess } from './stop-process.js';
import { status } from './status.js';
import { up, type UpOptions } from './up.js';
import { capture, processesMentioning } from './test-helpers.js';

/**
 * Stands in for skiff-apiserver: checks etcd's health at --etcd-servers, then serves /readyz over HTTPS
 * with the certificates `up` put in --cert-dir, requiring a client certificate of the cluster CA.
 */
const FAKE_API_SERVER = `
import { readFileSync } from 'node:fs';
import { createServer } from 'node:https';
const flag = (n) => process.argv.find((a) => a.startsWith('--' + n + '='))?.split('=')[1];
const dir = flag('cert-dir');
const health = await fetch(flag('etcd-servers') + '/health');
if (!health.ok) process.exit(3);
const server = createServer({ key: readFileSync(dir + '/apiserver.key'), cert: readFileSync(dir + '/apiserver.crt'), ca: readFileSync(dir + '/ca.crt'), requestCert: true, rejectUnauthorized: true },
  (req, res) => res.end(req.url === '/readyz' ? 'ok' : req.socket.getPeerCertificate().subject.CN));
server.listen(Number(flag('secure-port')), flag('bind-address'));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
console.log(JSON.stringify({ msg: 'fake apiserver listening' }));
`;

/** Stands in for skiff-scheduler and skiff-controller-manager: serves /readyz on --bind-address:--health-port, as the component frame does. */
const FAKE_COMPONENT = `
import { createServer } from 'node:http';
const flag = (n) => process.argv.find((a) => a.startsWith('--' + n + '='))?.slice(n.length + 3);
const server = createServer((req, res) => res.end(req.url === '/readyz' ? 'ok' : 'fake component'));
server.listen(Number(flag('health-port')), flag('bind-address'));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
`;

/** Every process of a running cluster, in start order. */
const ALL = ['etcd', 'apiserver', 'scheduler', 'controller-manager'];

async function withWorkspace(fn: (w: { root: string; stateDir: string; options: UpOptions }) => Promise<void>): Promise<void> {
  const root = await mkdtemp(join(tmpdir(), 'skiff-launcher-'));
  const stateDir = join(root, 'state');
  const fakeMain = join(root, 'fake-apiserver.mjs');
  await writeFile(fakeMain, FAKE_API_SERVER);
  const fakeComponent = join(root, 'fake-component.mjs');
  await writeFile(fakeComponent, FAKE_COMPONENT);
  const options: UpOptions = {
    stateDir,
    nodes: 0,
    port: await freePort(),
    mergeKubeconfig: true,
    env: { KUBECONFIG: join(root, 'home', '.kube', 'config') },
    apiServerMainPath: fakeMain,
    componentMainPaths: { scheduler: fakeComponent, 'controller-manager': fakeComponent },
  };
  try {
    await fn({ root, stateDir, options });
  } finally {
    await down({ stateDir, purge: true }, capture()).catch(() => undefined);
    // Safety net: nothing started under this workspace may outlive the test, whatever failed.
    for (const pid of await processesMentioning(root)) process.kill(pid, 'SIGKILL');
    await rm(root, { recursive: true, force: true });
  }
}

/** GET over plain HTTP: status and body. */
function getHttp(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    httpGet(url, { agent: false }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    }).on('error', reject);
  });
}

/** The client credentials of a kubeconfig `up` wrote, and its server. */
async function credentials(path: string): Promise<{ server: string; tls: { ca: Buffer; cert: Buffer; key: Buffer } }> {
  const kubeconfig = parse(await readFile(path, 'utf8'));
  const b64 = (s: string) => Buffer.from(s, 'base64');
  return {
    server: kubeconfig.clusters[0].cluster.server,
    tls: {
      ca: b64(kubeconfig.clusters[0].cluster['certificate-authority-data']),
      cert: b64(kubeconfig.users[0].user['client-certificate-data']),
      key: b64(kubeconfig.users[0].user['client-key-data']),
    },
  };
}

function get(url: string, tls: { ca: Buffer; cert: Buffer; key: Buffer }): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent: false, ...tls }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve(body));
    });
    req.on('error', reject);
    req.end();
  });
}

test('up starts etcd, the apiserver, the scheduler and the controller manager, writes and merges a working kubeconfig; status, up again, down, up, down --purge', () =>
  withWorkspace(async ({ root, stateDir, options }) => {
    const userKubeconfig = options.env!.KUBECONFIG!;
    const out = capture();
    assert.equal(await up(options, out), 0, out.text());
    assert.match(out.text(), /kubectl get ns/);
    assert.match(out.text(), new RegExp(`export KUBECONFIG=${join(stateDir, 'kubeconfig')}`));

    const state = await readState(stateDir);
    assert.ok(state);
    assert.deepEqual(state.processes.map((p) => p.name), ALL);
    assert.equal(state.apiServer.url, `https://127.0.0.1:${options.port}`);
    assert.equal(state.kubeconfig.mergedInto, userKubeconfig);
    assert.deepEqual((await processesMentioning(root)).sort(), state.processes.map((p) => p.pid).sort());

    // The kubeconfig's credentials reach the apiserver as kubernetes-admin.
    const kubeconfig = parse(await readFile(join(stateDir, 'kubeconfig'), 'utf8'));
    const b64 = (s: string) => Buffer.from(s, 'base64');
    const tls = {
      ca: b64(kubeconfig.clusters[0].cluster['certificate-authority-data']),
      cert: b64(kubeconfig.users[0].user['client-certificate-data']),
      key: b64(kubeconfig.users[0].user['client-key-data']),
    };
    assert.equal(await get(`${kubeconfig.clusters[0].cluster.server}/whoami`, tls), 'kubernetes-admin');

    // Each control-plane component runs with its own kubeconfig (its own user), the apiserver's gRPC port, and is ready.
    for (const [i, name, user] of [[2, 'scheduler', 'system:kube-scheduler'], [3, 'controller-manager', 'system:kube-controller-manager']] as const) {
      const record = state.processes[i]!;
      const kubeconfigPath = join(stateDir, `${name}.kubeconfig`);
      const healthPort: number = state.components![name]!.healthPort;
      assert.deepEqual(state.components![name], { healthPort, kubeconfig: kubeconfigPath });
      for (const arg of [`--kubeconfig=${kubeconfigPath}`, `--grpc-address=127.0.0.1:${state.apiServer.grpcPort}`, '--leader-elect=true', `--health-port=${healthPort}`]) {
        assert.ok(record.cmdline.includes(arg), `${name} started with ${arg}: ${record.cmdline.join(' ')}`);
      }
      assert.deepEqual(await getHttp(`http://127.0.0.1:${healthPort}/readyz`), { status: 200, body: 'ok' });
      const creds = await credentials(kubeconfigPath);
      assert.equal(creds.server, `https://127.0.0.1:${options.port}`);
      assert.equal(await get(`${creds.server}/whoami`, creds.tls), user);
      assert.match(out.text(), new RegExp(`${name} http://127.0.0.1:${healthPort}`));
    }

    const merged = parse(await readFile(userKubeconfig, 'utf8'));
    assert.equal(merged['current-context'], 'skiff');
    assert.deepEqual(merged.clusters, kubeconfig.clusters);

    const statusOut = capture();
    assert.equal(await status({ stateDir }, statusOut), 0, statusOut.text());
    assert.match(statusOut.text(), new RegExp(`apiserver\\s+${state.processes[1]!.pid}\\s+running\\s+https://127.0.0.1:${options.port}`));
    assert.match(statusOut.text(), new RegExp(`etcd\\s+${state.processes[0]!.pid}\\s+running\\s+${state.etcd.endpoint}`));
    for (const [i, name] of [[2, 'scheduler'], [3, 'controller-manager']] as const) {
      const url = `http://127.0.0.1:${state.components![name]!.healthPort}`;
      assert.match(statusOut.text(), new RegExp(`${name}\\s+${state.processes[i]!.pid}\\s+running\\s+${url}`));
    }

    const again = capture();
    assert.equal(await up(options, again), 0);
    assert.match(again.text(), /already up/);
    assert.deepEqual((await readState(stateDir))!.processes, state.processes);

    assert.equal(await down({ stateDir, purge: false }, capture()), 0);
    assert.deepEqual(await processesMentioning(root), []);
    for (const p of state.processes) assert.equal(await isAlive(p.pid), false, `${p.name} (pid ${p.pid}) is stopped`);
    const afterDown = parse(await readFile(userKubeconfig, 'utf8'));
    assert.deepEqual([afterDown.clusters, afterDown.users, afterDown.contexts, afterDown['current-context']], [[], [], [], '']);
    assert.ok(existsSync(join(stateDir, 'pki', 'ca.crt')) && existsSync(join(stateDir, 'etcd')), 'data is kept');
    assert.equal(await status({ stateDir }, capture()), 1);

    // A second start reuses the PKI and the etcd data.
    const restart = capture();
    assert.equal(await up({ ...options, mergeKubeconfig: false }, restart), 0, restart.text());
    const restarted = parse(await readFile(join(stateDir, 'kubeconfig'), 'utf8'));
    assert.equal(restarted.clusters[0].cluster['certificate-authority-data'], kubeconfig.clusters[0].cluster['certificate-authority-data']);
    assert.equal(await status({ stateDir }, capture()), 0);

    assert.equal(await down({ stateDir, purge: true }, capture()), 0);
    assert.deepEqual(await processesMentioning(root), []);
    assert.equal(existsSync(stateDir), false);
  }));

test('status reports a component that died, and up then restarts the cluster', () =>
  withWorkspace(async ({ root, stateDir, options }) => {
    assert.equal(await up({ ...options, mergeKubeconfig: false }, capture()), 0);
    const before = (await readState(stateDir))!;
    const apiserver = before.processes.find((p) => p.name === 'apiserver')!;
    process.kill(apiserver.pid, 'SIGKILL');
    while ((await processesMentioning(root)).includes(apiserver.pid)) await new Promise((r) => setTimeout(r, 20));
    const out = capture();
    assert.equal(await status({ stateDir }, out), 1);
    assert.match(out.text(), new RegExp(`apiserver\\s+${apiserver.pid}\\s+stopped`));
    const restart = capture();
    assert.equal(await up({ ...options, mergeKubeconfig: false }, restart), 0, restart.text());
    assert.match(restart.text(), /Part of the cluster is not running/);
    const after = (await readState(stateDir))!;
    assert.deepEqual((await processesMentioning(root)).sort(), after.processes.map((p) => p.pid).sort());
    assert.equal(await status({ stateDir }, capture()), 0);
  }));

test('a scheduler that died makes status fail, and up restarts the cluster', () =>
  withWorkspace(async ({ root, stateDir, options }) => {
    assert.equal(await up({ ...options, mergeKubeconfig: false }, capture()), 0);
    const scheduler = (await readState(stateDir))!.processes.find((p) => p.name === 'scheduler')!;
    process.kill(scheduler.pid, 'SIGKILL');
    while (await isAlive(scheduler.pid)) await new Promise((r) => setTimeout(r, 20));
    const out = capture();
    assert.equal(await status({ stateDir }, out), 1);
    assert.match(out.text(), new RegExp(`scheduler\\s+${scheduler.pid}\\s+stopped`));
    const restart = capture();
    assert.equal(await up({ ...options, mergeKubeconfig: false }, restart), 0, restart.text());
    assert.match(restart.text(), /Part of the cluster is not running/);
    const after = (await readState(stateDir))!;
    assert.deepEqual(after.processes.map((p) => p.name), ALL);
    assert.deepEqual((await processesMentioning(root)).sort(), after.processes.map((p) => p.pid).sort());
    assert.equal(await status({ stateDir }, capture()), 0);
  }));

test('a state without the controller manager (an older launcher) is not taken as up: up restarts with it', () =>
  withWorkspace(async ({ root, stateDir, options }) => {
    assert.equal(await up({ ...options, mergeKubeconfig: false }, capture()), 0);
    const state = (await readState(stateDir))!;
    const manager = state.processes.find((p) => p.name === 'controller-manager')!;
    assert.equal(await stopProcess(manager), 'stopped');
    const { components: _components, ...older } = state;
    await writeState({ ...older, processes: state.processes.filter((p) => p.name !== 'controller-manager') });
    const restart = capture();
    assert.equal(await up({ ...options, mergeKubeconfig: false }, restart), 0, restart.text());
    assert.doesNotMatch(restart.text(), /already up/);
    const after = (await readState(stateDir))!;
    assert.deepEqual(after.processes.map((p) => p.name), ALL);
    assert.deepEqual((await processesMentioning(root)).sort(), after.processes.map((p) => p.pid).sort());
  }));

test('a scheduler that fails to start makes up fail with its log, leaving nothing running', () =>
  withWorkspace(async ({ root, stateDir, options }) => {
    const broken = join(root, 'broken-scheduler.mjs');
    await writeFile(broken, "console.error('skiff-scheduler: invalid scheduler configuration: no good'); process.exit(1);\n");
    const out = capture();
    assert.equal(await up({ ...options, componentMainPaths: { ...options.componentMainPaths, scheduler: broken } }, out), 1);
    assert.match(out.text(), /the scheduler exited before it was ready/);
    assert.match(out.text(), /Last lines of .*scheduler\.log:\nskiff-scheduler: invalid scheduler configuration: no good/);
    assert.deepEqual(await processesMentioning(root), []);
    assert.deepEqual((await readState(stateDir))!.processes, []);
    assert.equal(existsSync(options.env!.KUBECONFIG!), false, 'the user kubeconfig is not touched');
  }));

test('an apiserver that fails to start makes up fail with its log, leaving nothing running', () =>
  withWorkspace(async ({ root, stateDir, options }) => {
    const broken = join(root, 'broken-apiserver.mjs');
    await writeFile(broken, "console.log(JSON.stringify({ level: 60, msg: 'apiserver failed to start: etcd said no' })); process.exit(1);\n");
    const out = capture();
    assert.equal(await up({ ...options, apiServerMainPath: broken }, out), 1);
    assert.match(out.text(), /the apiserver exited before it was ready/);
    assert.match(out.text(), /etcd said no/);
    assert.deepEqual(await processesMentioning(root), []);
    assert.deepEqual((await readState(stateDir))!.processes, []);
    assert.equal(existsSync(options.env!.KUBECONFIG!), false, 'the user kubeconfig is not touched');
  }));

test('up refuses a port in use and node names too long for interfaces', () =>
  withWorkspace(async ({ root, options }) => {
    const blocker = createServer().listen(options.port, '127.0.0.1');
    try {
      await new Promise((r) => blocker.once('listening', r));
      const out = capture();
      assert.equal(await up(options, out), 1);
      assert.match(out.text(), new RegExp(`port ${options.port} on 127.0.0.1 is in use`));
    } finally {
      blocker.close();
    }
    const nodes = capture();
    assert.equal(await up({ ...options, nodes: 2, nodeNetwork: { prefix: 'a-prefix-far-too-long' } }, nodes), 1);
    assert.match(nodes.text(), /longer than 15 characters/);
    assert.deepEqual(await processesMentioning(root), []);
  }));
