/** Integration test against a real containerd: a busybox pod run from podSandboxConfig/containerConfig with a configMap volume, env from a ConfigMap, a memory tmpfs and a memory limit. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Container } from 'kubernetes-types/core/v1.js';
import { CriClient } from '../cri/cri-client.js';
import { cleanupNodeRuntime } from '../containerd/cleanup.js';
import { writeCniConfig } from '../containerd/cni-config.js';
import { mountsUnder } from '../containerd/mounts.js';
import { sleep } from '../containerd/proc.js';
import { startContainerd } from '../containerd/start.js';
import { leftovers, testNodeNames } from '../containerd/testing-node.js';
import { BUSYBOX_IMAGE, PAUSE_IMAGE } from '../images/index.js';
import { buildContainerConfig } from './container-config.js';
import { writeEtcHosts } from './etc-hosts.js';
import { podSandboxConfig } from './sandbox-config.js';
import { fakeSources, testPod } from './test-fixtures.js';
import { preparePodVolumes, refreshPodVolumes, teardownPodVolumes } from './volumes.js';
import { nodeTestFixture } from '../testing/node-fixture.js';

/** The CNI conf is picked up within about 1 s of being written; allow for a slow machine. */
const NETWORK_READY_WAIT_MS = 20_000;
const MEMORY_LIMIT = 64 * 1024 * 1024;

const fixture = nodeTestFixture('kconfig');

async function exec(cri: CriClient, id: string, script: string): Promise<string> {
  const r = await cri.execSync(id, ['sh', '-c', script], 5);
  assert.equal(r.exit_code, 0, `exec ${script}: ${r.stderr.toString()}`);
  return r.stdout.toString();
}

test('a busybox pod from our configs sees its configMap volume, env and /etc/hosts, with its memory limit applied', async (t) => {
  const names = testNodeNames();
  const pids: number[] = [];
  let cri: CriClient | undefined;
  const podDir = join(names.dir, 'kubelet', 'pods', randomUUID());
  try {
    await writeCniConfig(names.dir, { networkName: names.networkName, bridge: names.bridge, subnet: names.subnet, gateway: names.gateway });
    const node = await startContainerd({ dir: names.dir, sandboxImage: PAUSE_IMAGE });
    pids.push(node.pid);
    await fixture.importInto(node.socket, [PAUSE_IMAGE, BUSYBOX_IMAGE]);
    cri = new CriClient(node.socket);
    const deadline = Date.now() + NETWORK_READY_WAIT_MS;
    while (!(await cri.status()).status?.conditions.find((c) => c.type === 'NetworkReady')?.status) {
      assert.ok(Date.now() < deadline, 'NetworkReady');
      await sleep(100);
    }

    const sources = fakeSources({ 'shop/app-config': { greeting: 'hello from a configmap', COLOR: 'green', MODE: 'fast' } });
    const container: Container = {
      name: 'app',
      image: 'busybox',
      command: ['sleep', '3600'],
      env: [
        { name: 'COLOR', valueFrom: { configMapKeyRef: { name: 'app-config', key: 'COLOR' } } },
        { name: 'MSG', value: 'color=$(COLOR)' },
        { name: 'MY_POD', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
      ],
      envFrom: [{ prefix: 'CFG_', configMapRef: { name: 'app-config' } }],
      volumeMounts: [
        { name: 'cfg', mountPath: '/etc/cfg' },
        { name: 'mem', mountPath: '/scratch' },
      ],
      resources: { requests: { memory: '32Mi', cpu: '100m' }, limits: { memory: '64Mi' } },
    };
    const pod = testPod(
      {
        containers: [container],
        volumes: [
          { name: 'cfg', configMap: { name: 'app-config', items: [{ key: 'greeting', path: 'greeting.txt' }] } },
          { name: 'mem', emptyDir: { medium: 'Memory', sizeLimit: '4Mi' } },
        ],
      },
      { name: `kc-${names.suffix}`, uid: randomUUID() },
    );

    await preparePodVolumes(pod, podDir, sources);
    const sandboxConfig = podSandboxConfig(pod, {
      nodeName: 'node-a',
      podLogsDir: join(names.dir, 'logs'),
      cgroupRoot: names.cgroupRoot,
      clusterDNS: ['10.96.0.10'],
      clusterDomain: 'cluster.local',
      attempt: 0,
    });
    const { pod_sandbox_id: sandboxId } = await cri.runPodSandbox({ config: sandboxConfig });
    const podIP = (await cri.podSandboxStatus(sandboxId)).status?.network?.ip ?? '';
    assert.match(podIP, /^10\.244\./);
    await writeEtcHosts(podDir, podIP, sandboxConfig.hostname ?? '');
    const built = await buildContainerConfig(pod, container, { attempt: 0, podDir, imageRef: BUSYBOX_IMAGE, envSources: { ...sources, podIP } });
    const { container_id: id } = await cri.createContainer({ pod_sandbox_id: sandboxId, config: built.config, sandbox_config: sandboxConfig });
    await cri.startContainer(id);

    assert.equal(await exec(cri, id, 'cat /etc/cfg/greeting.txt'), 'hello from a configmap');
    assert.equal(await exec(cri, id, 'echo "$COLOR|$MSG|$MY_POD|$CFG_MODE"'), `green|color=green|${pod.metadata!.name}|fast\n`);
    assert.match(await exec(cri, id, 'cat /etc/hosts'), new RegExp(`\\n${podIP.replace(/\./g, '\\.')}\\t${pod.metadata!.name}\\n`));
    const resolv = await exec(cri, id, 'cat /etc/resolv.conf');
    assert.match(resolv, /^nameserver 10\.96\.0\.10$/m);
    assert.match(resolv, /^search shop\.svc\.cluster\.local svc\.cluster\.local cluster\.local( |$)/m);
    assert.match(resolv, /^options ndots:5$/m);
    assert.match(await exec(cri, id, 'touch /etc/cfg/x 2>&1 || echo read-only'), /read-only/);
    assert.match(await exec(cri, id, 'grep " /scratch " /proc/mounts'), /tmpfs/);
    assert.equal(await exec(cri, id, 'ls /dev/termination-log'), '/dev/termination-log\n');

    const status = await cri.containerStatus(id);
    assert.equal(status.status?.resources?.linux?.memory_limit_in_bytes, String(MEMORY_LIMIT));
    assert.equal(status.status?.labels['io.kubernetes.container.name'], 'app');

    // an updated configMap reaches the running container through the ..data swap
    sources.cms['shop/app-config'] = { ...sources.cms['shop/app-config']!, greeting: 'updated' };
    assert.deepEqual(await refreshPodVolumes(pod, podDir, sources), ['cfg']);
    assert.equal(await exec(cri, id, 'cat /etc/cfg/greeting.txt'), 'updated');

    await cri.stopContainer(id, 0);
    await cri.removeContainer(id);
    await cri.stopPodSandbox(sandboxId);
    await cri.removePodSandbox(sandboxId);
    assert.deepEqual(await teardownPodVolumes(podDir), []);
    assert.deepEqual(await mountsUnder(podDir), [], 'tmpfs unmounted');
    cri.close();
    cri = undefined;
    const report = await cleanupNodeRuntime({ dir: names.dir, cgroupRoot: names.cgroupRoot, networkName: names.networkName, bridge: names.bridge });
    assert.deepEqual(report.errors, []);
    assert.deepEqual(await leftovers(names, pids), { processes: [], mounts: [], cgroups: [], cniResults: [], bridge: [], dir: [] });
    t.diagnostic('pod ran from podconfig and everything was cleaned up');
  } finally {
    cri?.close();
    await teardownPodVolumes(podDir).catch(() => undefined);
    if (existsSync(names.dir)) await cleanupNodeRuntime({ dir: names.dir, cgroupRoot: names.cgroupRoot, networkName: names.networkName, bridge: names.bridge });
  }
});
