/** Integration tests against a real containerd 1.6: CRI calls through a pod's whole life, then cleanupNodeRuntime (clean and after kill -9). */
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { CriClient } from '../cri/cri-client.js';
import { isCriNotFound, isCriUnavailable } from '../cri/cri-error.js';
import type { CriInput } from '../cri/types-common.js';
import type { PodSandboxConfig } from '../cri/types-sandbox.js';
import { cleanupNodeRuntime, CNI_RESULTS_DIR } from './cleanup.js';
import { writeCniConfig } from './cni-config.js';
import { processAlive, run, signal, sleep, waitForExit } from './proc.js';
import { startContainerd, type RunningContainerd } from './start.js';
import { stopContainerd } from './stop.js';
import { BUSYBOX_IMAGE as TEST_BUSYBOX_IMAGE, PAUSE_IMAGE as TEST_PAUSE_IMAGE } from '../images/index.js';
import { leftovers, testNodeNames, type TestNodeNames } from './testing-node.js';
import { nodeTestFixture } from '../testing/node-fixture.js';

/** The CNI conf is picked up within about 1 s of being written; allow for a slow machine. */
const NETWORK_READY_WAIT_MS = 20_000;

const fixture = nodeTestFixture('cri');

/** A fresh node: CNI config written, containerd started, both images imported. */
async function startNode(t: TestContext, names: TestNodeNames, netns?: string): Promise<RunningContainerd> {
  await writeCniConfig(names.dir, { networkName: names.networkName, bridge: names.bridge, subnet: names.subnet, gateway: names.gateway });
  let t0 = Date.now();
  const node = await startContainerd({ dir: names.dir, sandboxImage: TEST_PAUSE_IMAGE, netns });
  t.diagnostic(`startContainerd ${Date.now() - t0} ms`);
  t0 = Date.now();
  await fixture.importInto(node.socket, [TEST_PAUSE_IMAGE, TEST_BUSYBOX_IMAGE]);
  t.diagnostic(`two image imports ${Date.now() - t0} ms`);
  return node;
}

async function waitNetworkReady(cri: CriClient): Promise<boolean> {
  const deadline = Date.now() + NETWORK_READY_WAIT_MS;
  for (;;) {
    const st = await cri.status();
    if (st.status?.conditions.find((c) => c.type === 'NetworkReady')?.status) return true;
    if (Date.now() > deadline) return false;
    await sleep(100);
  }
}

function sandboxConfig(names: TestNodeNames, name: string): CriInput<PodSandboxConfig> {
  const uid = randomUUID();
  return {
    metadata: { name, uid, namespace: 'default', attempt: 0 },
    hostname: name,
    log_directory: join(names.dir, 'pods', uid),
    labels: { 'io.kubernetes.pod.name': name },
    linux: {
      cgroup_parent: `/${names.cgroupRoot}/pod${uid}`,
      security_context: { namespace_options: { network: 'POD', pid: 'CONTAINER', ipc: 'POD' } },
    },
  };
}

/** Runs a sandbox with one busybox `sleep 3600`; returns ids and the host PIDs of /pause and sleep. */
async function runSleeperPod(t: TestContext, cri: CriClient, config: CriInput<PodSandboxConfig>) {
  let t0 = Date.now();
  const { pod_sandbox_id: sandboxId } = await cri.runPodSandbox({ config });
  const tRun = Date.now() - t0;
  t0 = Date.now();
  const { container_id: containerId } = await cri.createContainer({
    pod_sandbox_id: sandboxId,
    sandbox_config: config,
    config: {
      metadata: { name: 'sleeper', attempt: 0 },
      image: { image: TEST_BUSYBOX_IMAGE },
      command: ['sleep', '3600'],
      envs: [{ key: 'GREETING', value: 'hello world' }],
      log_path: 'sleeper/0.log',
      linux: { security_context: { namespace_options: { network: 'POD', pid: 'POD', ipc: 'POD' } } },
    },
  });
  const tCreate = Date.now() - t0;
  t0 = Date.now();
  await cri.startContainer(containerId);
  t.diagnostic(`RunPodSandbox ${tRun} ms, CreateContainer ${tCreate} ms, StartContainer ${Date.now() - t0} ms`);
  const pausePid = Number(JSON.parse((await cri.podSandboxStatus(sandboxId, true)).info['info'] ?? '{}').pid);
  const sleepPid = Number(JSON.parse((await cri.containerStatus(containerId, true)).info['info'] ?? '{}').pid);
  assert.ok(pausePid > 0 && sleepPid > 0, 'verbose status gives the pids');
  return { sandboxId, containerId, pausePid, sleepPid };
}

test('a pod through CRI from start to removal, then cleanupNodeRuntime leaves nothing', async (t) => {
  const names = testNodeNames();
  const pids: number[] = [];
  let cri: CriClient | undefined;
  try {
    const node = await startNode(t, names);
    pids.push(node.pid);
    cri = new CriClient(node.socket);

    const version = await cri.version();
    assert.equal(version.runtime_name, 'containerd');
    assert.equal(version.runtime_api_version, 'v1');
    assert.ok(await waitNetworkReady(cri), 'NetworkReady once the conflist is written');
    const status = await cri.status();
    assert.equal(status.status?.conditions.find((c) => c.type === 'RuntimeReady')?.status, true);

    assert.ok((await cri.imageStatus(TEST_BUSYBOX_IMAGE)).image?.id.startsWith('sha256:'));
    assert.equal((await cri.imageStatus('docker.io/library/nope:1')).image, null);
    assert.ok((await cri.listImages()).some((i) => i.repo_tags.includes(TEST_PAUSE_IMAGE)));

    const config = sandboxConfig(names, 'p1');
    const pod = await runSleeperPod(t, cri, config);
    pids.push(pod.pausePid, pod.sleepPid);

    const sandbox = (await cri.podSandboxStatus(pod.sandboxId)).status;
    assert.equal(sandbox?.state, 'SANDBOX_READY');
    assert.equal(sandbox?.metadata?.uid, config.metadata?.uid);
    const prefix = names.subnet.replace(/0\/24$/, '');
    assert.ok(sandbox?.network?.ip.startsWith(prefix), `pod IP ${sandbox?.network?.ip} in ${names.subnet}`);
    assert.ok(/^\d+$/.test(sandbox.created_at) && BigInt(sandbox.created_at) > 10n ** 18n, 'created_at in ns as a string');
    assert.ok((await readdir(CNI_RESULTS_DIR)).includes(`${names.networkName}-${pod.sandboxId}-eth0`));

    const cs = (await cri.containerStatus(pod.containerId)).status;
    assert.equal(cs?.state, 'CONTAINER_RUNNING');
    assert.notEqual(cs?.started_at, '0');
    assert.equal(cs?.log_path, join(names.dir, 'pods', config.metadata!.uid!, 'sleeper', '0.log'));
    assert.deepEqual(
      (await cri.listContainers({ pod_sandbox_id: pod.sandboxId })).map((c) => [c.id, c.state]),
      [[pod.containerId, 'CONTAINER_RUNNING']],
    );

    let t0 = Date.now();
    const hi = await cri.execSync(pod.containerId, ['echo', 'hi'], 5);
    t.diagnostic(`ExecSync ${Date.now() - t0} ms`);
    assert.equal(hi.exit_code, 0);
    assert.equal(hi.stdout.toString(), 'hi\n');
    const env = await cri.execSync(pod.containerId, ['sh', '-c', 'echo "$GREETING"; exit 3'], 5);
    assert.equal(env.stdout.toString(), 'hello world\n');
    assert.equal(env.exit_code, 3);

    const url = (await cri.exec({ container_id: pod.containerId, cmd: ['sh'], stdin: true, stdout: true })).url;
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/exec\//, 'the streaming server listens on loopback');
    await cri.updateContainerResources({ container_id: pod.containerId, linux: { cpu_period: 100000, cpu_quota: 50000, cpu_shares: 512 } });
    const resources = (await cri.containerStatus(pod.containerId)).status?.resources?.linux;
    assert.deepEqual([resources?.cpu_period, resources?.cpu_quota, resources?.cpu_shares], ['100000', '50000', '512']);
    const stats = await cri.containerStats(pod.containerId);
    assert.equal(stats?.attributes?.id, pod.containerId);
    assert.ok(Number(stats?.memory?.working_set_bytes?.value) > 0, 'memory stats from the cgroup');
    const fs = (await cri.imageFsInfo()).image_filesystems;
    assert.ok(fs.some((f) => f.fs_id?.mountpoint.startsWith(names.dir)), 'the image filesystem is below the node dir');

    t0 = Date.now();
    await cri.stopContainer(pod.containerId, 10);
    t.diagnostic(`StopContainer(timeout 10) ${Date.now() - t0} ms`);
    const stopped = (await cri.containerStatus(pod.containerId)).status;
    assert.equal(stopped?.state, 'CONTAINER_EXITED');
    assert.equal(stopped?.exit_code, 143, 'sleep ended by SIGTERM');
    assert.equal(await processAlive(pod.sleepPid), false);
    await cri.removeContainer(pod.containerId);
    await assert.rejects(cri.containerStatus(pod.containerId), (err) => isCriNotFound(err));

    t0 = Date.now();
    await cri.stopPodSandbox(pod.sandboxId);
    await cri.removePodSandbox(pod.sandboxId);
    t.diagnostic(`StopPodSandbox + RemovePodSandbox ${Date.now() - t0} ms`);
    await assert.rejects(cri.podSandboxStatus(pod.sandboxId), (err) => isCriNotFound(err));
    assert.equal((await cri.listPodSandbox()).length, 0);
    assert.equal(await processAlive(pod.pausePid), false);
    cri.close();
    cri = undefined;

    t0 = Date.now();
    const report = await cleanupNodeRuntime({ dir: names.dir, cgroupRoot: names.cgroupRoot, networkName: names.networkName, bridge: names.bridge });
    t.diagnostic(`cleanupNodeRuntime ${Date.now() - t0} ms`);
    assert.deepEqual(report.errors, []);
    assert.equal(report.runcContainers.length, 0, 'CRI already removed everything');
    assert.ok(report.cgroupsRemoved.some((d) => d.endsWith(`/${names.cgroupRoot}`)), 'the pod cgroup tree stayed after CRI and was removed');
    assert.deepEqual(await leftovers(names, pids), { processes: [], mounts: [], cgroups: [], cniResults: [], bridge: [], dir: [] });
  } finally {
    cri?.close();
    if (existsSync(names.dir)) await cleanupNodeRuntime({ dir: names.dir, cgroupRoot: names.cgroupRoot, networkName: names.networkName, bridge: names.bridge });
  }
});

test('after kill -9 of containerd with a pod running, the hard path of cleanupNodeRuntime leaves nothing', async (t) => {
  const names = testNodeNames();
  const pids: number[] = [];
  let cri: CriClient | undefined;
  try {
    const node = await startNode(t, names);
    pids.push(node.pid);
    cri = new CriClient(node.socket);
    assert.ok(await waitNetworkReady(cri), 'NetworkReady');
    const pod = await runSleeperPod(t, cri, sandboxConfig(names, 'p2'));
    pids.push(pod.pausePid, pod.sleepPid);

    process.kill(node.pid, 'SIGKILL');
    while (await processAlive(node.pid)) await sleep(20);
    await assert.rejects(cri.version(), (err) => isCriUnavailable(err));
    assert.ok((await processAlive(pod.pausePid)) && (await processAlive(pod.sleepPid)), 'pods outlive containerd');
    cri.close();
    cri = undefined;

    const t0 = Date.now();
    const report = await cleanupNodeRuntime({ dir: names.dir, cgroupRoot: names.cgroupRoot, networkName: names.networkName, bridge: names.bridge });
    t.diagnostic(`cleanupNodeRuntime (hard path) ${Date.now() - t0} ms`);
    assert.deepEqual(report.errors, []);
    assert.equal(report.criSandboxes, 0, 'containerd was dead: nothing went through CRI');
    assert.deepEqual(report.runcContainers.sort(), [pod.sandboxId, pod.containerId].sort());
    assert.ok(report.killedPids.length >= 1, 'the shim was killed');
    assert.ok(report.unmounted.some((m) => m.includes('/netns/cni-')), 'the pod netns mount was unmounted');
    assert.ok(report.cniFilesRemoved.includes(`${names.networkName}-${pod.sandboxId}-eth0`));
    assert.ok(report.cniFilesRemoved.includes(`cni-loopback-${pod.sandboxId}-lo`));
    assert.deepEqual(await leftovers(names, pids), { processes: [], mounts: [], cgroups: [], cniResults: [], bridge: [], dir: [] });
  } finally {
    cri?.close();
    if (existsSync(names.dir)) await cleanupNodeRuntime({ dir: names.dir, cgroupRoot: names.cgroupRoot, networkName: names.networkName, bridge: names.bridge });
  }
});

/** Polls until the runtime answers Version (grpc-js reconnects with backoff after a restart). */
async function waitAnswers(cri: CriClient): Promise<void> {
  for (let i = 0; ; i++) {
    try {
      await cri.version();
      return;
    } catch (err) {
      if (!isCriUnavailable(err) || i > 200) throw err;
      await sleep(50);
    }
  }
}

test('containerd in its own netns: restart keeps the pod, the same client reconnects, cleanup goes through CRI', async (t) => {
  const names = testNodeNames();
  const pids: number[] = [];
  let cri: CriClient | undefined;
  // a network namespace held by a sleep of ours, named by its /proc path: nothing under /run/netns is touched
  const holder = spawn('unshare', ['--net', 'sleep', '3600'], { stdio: 'ignore' });
  const netns = `/proc/${holder.pid}/ns/net`;
  const inNetns = (...args: string[]) => run('nsenter', [`--net=${netns}`, ...args]);
  try {
    while ((await run('readlink', [netns])).stdout === (await run('readlink', ['/proc/self/ns/net'])).stdout) await sleep(10);
    assert.equal((await inNetns('ip', 'link', 'set', 'lo', 'up')).code, 0);
    const node = await startNode(t, names, netns);
    pids.push(node.pid);
    cri = new CriClient(node.socket);
    assert.ok(await waitNetworkReady(cri), 'NetworkReady');
    const pod = await runSleeperPod(t, cri, sandboxConfig(names, 'p3'));
    pids.push(pod.pausePid, pod.sleepPid);
    const ip = (await cri.podSandboxStatus(pod.sandboxId)).status?.network?.ip ?? '';
    assert.equal((await inNetns('ip', 'link', 'show', names.bridge)).code, 0, 'the bridge lives in the node netns');
    assert.notEqual((await run('ip', ['link', 'show', names.bridge])).code, 0, 'and not on the host');

    let t0 = Date.now();
    assert.equal((await stopContainerd({ dir: names.dir })).how, 'SIGTERM');
    t.diagnostic(`stopContainerd ${Date.now() - t0} ms`);
    await assert.rejects(cri.version(), (err) => isCriUnavailable(err));
    assert.ok(await processAlive(pod.sleepPid), 'the pod outlives containerd');
    t0 = Date.now();
    const again = await startContainerd({ dir: names.dir, sandboxImage: TEST_PAUSE_IMAGE, netns });
    pids.push(again.pid);
    await waitAnswers(cri);
    t.diagnostic(`restart until the old client answers ${Date.now() - t0} ms`);
    const sandboxes = await cri.listPodSandbox();
    assert.deepEqual(sandboxes.map((s) => [s.id, s.state]), [[pod.sandboxId, 'SANDBOX_READY']]);
    assert.equal((await cri.podSandboxStatus(pod.sandboxId)).status?.network?.ip, ip);
    assert.equal((await cri.execSync(pod.containerId, ['hostname'], 5)).stdout.toString(), 'p3\n');
    cri.close();
    cri = undefined;

    t0 = Date.now();
    const report = await cleanupNodeRuntime({ dir: names.dir, cgroupRoot: names.cgroupRoot, networkName: names.networkName, bridge: names.bridge, netns });
    t.diagnostic(`cleanupNodeRuntime (pod running, CRI path) ${Date.now() - t0} ms`);
    assert.deepEqual(report.errors, []);
    assert.equal(report.criContainers, 1);
    assert.equal(report.criSandboxes, 1);
    assert.deepEqual(report.runcContainers, []);
    assert.notEqual((await inNetns('ip', 'link', 'show', names.bridge)).code, 0, 'bridge deleted in the node netns');
    assert.deepEqual(await leftovers(names, pids), { processes: [], mounts: [], cgroups: [], cniResults: [], bridge: [], dir: [] });
  } finally {
    cri?.close();
    if (existsSync(names.dir)) await cleanupNodeRuntime({ dir: names.dir, cgroupRoot: names.cgroupRoot, networkName: names.networkName, bridge: names.bridge, netns });
    if (holder.pid !== undefined) {
      signal(holder.pid, 'SIGKILL');
      await waitForExit([holder.pid], 5_000);
    }
  }
});
