/** `up --nodes 1` for real (network, containerd, images) with stand-ins for the apiserver, the components and the kubelet; `down` leaves nothing. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomBytes, randomInt } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { mkdtemp, readFile, readdir, readlink, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '@skiff/storage';
import { CNI_RESULTS_DIR, PAUSE_IMAGE, containerdPaths } from '@skiff/kubelet';
import { down } from './down.js';
import { mountsUnder } from '@skiff/kubelet';
import { nodeNetnsPath } from './nodes/index.js';
import { isAlive } from './process-identity.js';
import { readState } from './state-file.js';
import { up, type UpOptions } from './up.js';
import { capture, processesMentioning } from './test-helpers.js';

const exec = promisify(execFile);

/** As in launcher.int.test.ts: HTTPS with the certificates in --cert-dir; answers /readyz, else the client's CN. */
const FAKE_API_SERVER = `
import { readFileSync } from 'node:fs';
import { createServer } from 'node:https';
const flag = (n) => process.argv.find((a) => a.startsWith('--' + n + '='))?.split('=')[1];
const dir = flag('cert-dir');
const server = createServer({ key: readFileSync(dir + '/apiserver.key'), cert: readFileSync(dir + '/apiserver.crt'), ca: readFileSync(dir + '/ca.crt'), requestCert: true, rejectUnauthorized: true },
  (req, res) => res.end(req.url === '/readyz' ? 'ok' : req.socket.getPeerCertificate().subject.CN));
server.listen(Number(flag('secure-port')), flag('bind-address'));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
`;

const FAKE_COMPONENT = `
import { createServer } from 'node:http';
const flag = (n) => process.argv.find((a) => a.startsWith('--' + n + '='))?.slice(n.length + 3);
const server = createServer((req, res) => res.end(req.url === '/readyz' ? 'ok' : 'fake component'));
server.listen(Number(flag('health-port')), flag('bind-address'));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
`;

/**
 * Stands in for the kubelet: asks the apiserver who it is with its kubeconfig (from inside the node's netns, so through the
 * bridge address and the forwarder, checking the certificate's SAN), logs the answer, then serves /readyz on --bind-address:--health-port.
 */
const FAKE_KUBELET = `
import { readFileSync } from 'node:fs';
import { createServer, get } from 'node:http';
import { request } from 'node:https';
const flag = (n) => process.argv.find((a) => a.startsWith('--' + n + '='))?.slice(n.length + 3);
const kc = readFileSync(flag('kubeconfig'), 'utf8');
const field = (k) => new RegExp(k + ': (\\\\S+)').exec(kc)[1];
const b64 = (k) => Buffer.from(field(k), 'base64');
const who = await new Promise((resolve, reject) => {
  request(field('server') + '/whoami', { ca: b64('certificate-authority-data'), cert: b64('client-certificate-data'), key: b64('client-key-data') }, (res) => {
    let body = ''; res.on('data', (d) => (body += d)); res.on('end', () => resolve(body));
  }).on('error', reject).end();
});
console.log('whoami ' + who + ' grpc ' + flag('grpc-address') + ' containerd ' + flag('containerd-dir'));
const server = createServer((req, res) => res.end(req.url === '/readyz' ? 'ok' : 'fake kubelet'));
server.listen(Number(flag('health-port')), flag('bind-address'));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
`;

async function netnsList(): Promise<string[]> {
  const { stdout } = await exec('ip', ['netns', 'list']);
  return stdout.split('\n').map((l) => l.split(' ')[0] ?? '').filter(Boolean);
}

async function linkExists(name: string): Promise<boolean> {
  return exec('ip', ['link', 'show', name]).then(() => true, () => false);
}

async function cgroupDirsNamed(prefix: string): Promise<string[]> {
  const found: string[] = [];
  for (const top of ['/sys/fs/cgroup', ...(await readdir('/sys/fs/cgroup')).map((d) => join('/sys/fs/cgroup', d))]) {
    for (const e of await readdir(top).catch(() => [] as string[])) if (e.startsWith(prefix)) found.push(join(top, e));
  }
  return found;
}

interface NodeWorkspace {
  root: string;
  stateDir: string;
  prefix: string;
  third: number;
  nodeName: string;
  kubeletMain: string;
  options: UpOptions;
}

/** A temp dir with the stand-ins, random node names and subnets; afterwards `down --purge` and a kill of anything left. */
async function withNodeWorkspace(fn: (w: NodeWorkspace) => Promise<void>): Promise<void> {
  const root = await mkdtemp(join(tmpdir(), 'skiff-nodes-'));
  const stateDir = join(root, 'state');
  // Random names and subnets, so neither a real cluster nor a concurrent test is disturbed.
  const prefix = `t${randomBytes(3).toString('hex')}`;
  const third = randomInt(1, 250);
  const files = { api: join(root, 'fake-apiserver.mjs'), component: join(root, 'fake-component.mjs'), kubelet: join(root, 'fake-kubelet.mjs') };
  await writeFile(files.api, FAKE_API_SERVER);
  await writeFile(files.component, FAKE_COMPONENT);
  await writeFile(files.kubelet, FAKE_KUBELET);
  const options: UpOptions = {
    stateDir,
    nodes: 1,
    port: await freePort(),
    mergeKubeconfig: false,
    apiServerMainPath: files.api,
    componentMainPaths: { scheduler: files.component, 'controller-manager': files.component },
    kubeletMainPath: files.kubelet,
    nodeNetwork: { prefix, nodeSubnet: `10.250.${third}.0/24`, podCidrs: [`10.244.${third}.0/24`] },
  };
  try {
    await fn({ root, stateDir, prefix, third, nodeName: `${prefix}-node-1`, kubeletMain: files.kubelet, options });
  } finally {
    await down({ stateDir, purge: true }, capture()).catch(() => undefined);
    for (const pid of await processesMentioning(root)) process.kill(pid, 'SIGKILL');
    await rm(root, { recursive: true, force: true });
  }
}

/** Nothing of the node is left: netns, bridge, veth, mounts, cgroups, CNI results, processes. */
async function assertNodeGone(w: NodeWorkspace): Promise<void> {
  assert.equal((await netnsList()).includes(w.nodeName), false, 'no netns left');
  assert.equal(await linkExists(`${w.prefix}-br`), false, 'no bridge left');
  assert.equal(await linkExists(`${w.prefix}-v1`), false, 'no veth left');
  assert.deepEqual(await mountsUnder(w.root), []);
  assert.deepEqual(await cgroupDirsNamed(`kubelet-${w.prefix}-node-`), []);
  const results = await readdir(CNI_RESULTS_DIR).catch(() => [] as string[]);
  assert.deepEqual(results.filter((f) => f.includes(w.prefix)), []);
  assert.deepEqual(await processesMentioning(w.root), []);
}

test('up --nodes 1: network, containerd with the images, the kubelet in the node netns; down removes all of it', () =>
  withNodeWorkspace(async (w) => {
    const { stateDir, prefix, third, nodeName, options } = w;
    const out = capture();
    assert.equal(await up(options, out), 0, out.text());
    assert.match(out.text(), new RegExp(`Nodes: ${nodeName} \\(10\\.250\\.${third}\\.11\\)`));
    const state = (await readState(stateDir))!;
    const local = state.localNodes!;
    assert.equal(local.plan.bridgeCidr, `10.250.${third}.1/24`);
    const node = local.nodes[0]!;
    assert.equal(node.name, nodeName);

    assert.ok((await netnsList()).includes(nodeName), 'the node netns exists');
    assert.ok(await linkExists(`${prefix}-br`), 'the node bridge exists');

    assert.ok(node.containerdPid !== undefined && (await isAlive(node.containerdPid)), 'containerd runs');
    const paths = containerdPaths(node.containerdDir);
    assert.ok((await readFile(`/proc/${node.containerdPid}/cmdline`, 'utf8')).includes(paths.config));
    const netnsLink = `net:[${statSync(nodeNetnsPath({ netns: nodeName })).ino}]`;
    assert.equal(await readlink(`/proc/${node.containerdPid}/ns/net`), netnsLink, 'containerd runs in the node netns');
    const { stdout: images } = await exec('ctr', ['-a', paths.socket, '-n', 'k8s.io', 'images', 'ls', '-q']);
    assert.ok(images.split('\n').includes(PAUSE_IMAGE), `the pause image is imported: ${images}`);

    const kubelet = node.kubelet!;
    assert.ok(await isAlive(kubelet.pid));
    assert.equal(kubelet.cmdline[1], w.kubeletMain, 'the recorded identity is the kubelet after nsenter exec');
    assert.equal(await readlink(`/proc/${kubelet.pid}/ns/net`), netnsLink, 'the kubelet runs in the node netns');
    assert.notEqual(await readlink('/proc/self/ns/net'), netnsLink);
    const log = await readFile(join(stateDir, 'logs', `kubelet-${nodeName}.log`), 'utf8');
    assert.match(log, new RegExp(`whoami system:node:${nodeName} grpc 10\\.250\\.${third}\\.1:${state.apiServer.grpcPort} containerd ${node.containerdDir}`));

    const again = capture();
    assert.equal(await up(options, again), 0, again.text());
    assert.match(again.text(), /already up/);

    const bye = capture();
    assert.equal(await down({ stateDir, purge: true }, bye), 0, bye.text());
    assert.equal(await isAlive(node.containerdPid), false, 'containerd stopped');
    assert.equal(await isAlive(kubelet.pid), false, 'kubelet stopped');
    await assertNodeGone(w);
    assert.equal(existsSync(join(stateDir, 'nodes')), false);
    assert.equal(existsSync(join(stateDir, 'images')), false);
  }));

test('a kubelet that fails to start makes up fail with its log, leaving no node and nothing running', () =>
  withNodeWorkspace(async (w) => {
    await writeFile(w.kubeletMain, "console.error('kubelet said no'); process.exit(3);\n");
    const out = capture();
    assert.equal(await up(w.options, out), 1);
    assert.match(out.text(), new RegExp(`the kubelet of ${w.nodeName} exited before it was ready|kubelet exited right after it started`));
    assert.match(out.text(), /kubelet said no/);
    assert.match(out.text(), /Nothing was left running/);
    const state = (await readState(w.stateDir))!;
    assert.equal(state.localNodes, undefined);
    assert.deepEqual(state.processes, []);
    await assertNodeGone(w);
  }));
