/** The prober against a real containerd 1.6 (host netns, pod network on a test bridge): httpGet readiness to the pod IP, exec liveness via ExecSync. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Container, Pod } from 'kubernetes-types/core/v1.js';
import { CriClient } from '../cri/cri-client.js';
import type { CriInput } from '../cri/types-common.js';
import type { PodSandboxConfig } from '../cri/types-sandbox.js';
import { cleanupNodeRuntime } from '../containerd/cleanup.js';
import { writeCniConfig } from '../containerd/cni-config.js';
import { sleep } from '../containerd/proc.js';
import { startContainerd } from '../containerd/start.js';
import { leftovers, testNodeNames } from '../containerd/testing-node.js';
import { HTTPD_IMAGE, HTTPD_PORT, PAUSE_IMAGE } from '../images/index.js';
import { probeExec } from './exec-probe.js';
import { ProbeManager } from './probe-manager.js';
import { newProbeRunner } from './probe-runner.js';
import type { ProbeKind, ProbeResult } from './types.js';
import { nodeTestFixture } from '../testing/node-fixture.js';

/** Generous waits for a slow machine; nothing asserts how long things took. */
const WAIT_MS = 20_000;

const fixture = nodeTestFixture('kprobe');

async function waitFor(check: () => boolean | Promise<boolean>): Promise<boolean> {
  const deadline = Date.now() + WAIT_MS;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await sleep(50);
  }
  return check();
}

test('httpGet readiness to the pod IP succeeds; exec liveness fails once /tmp/healthy is removed', async (t) => {
  const names = testNodeNames();
  const pids: number[] = [];
  let cri: CriClient | undefined;
  let mgr: ProbeManager | undefined;
  try {
    await writeCniConfig(names.dir, { networkName: names.networkName, bridge: names.bridge, subnet: names.subnet, gateway: names.gateway });
    const node = await startContainerd({ dir: names.dir, sandboxImage: PAUSE_IMAGE });
    pids.push(node.pid);
    await fixture.importInto(node.socket, [PAUSE_IMAGE, HTTPD_IMAGE]);
    const client = new CriClient(node.socket);
    cri = client;
    assert.ok(await waitFor(async () => (await client.status()).status?.conditions.find((c) => c.type === 'NetworkReady')?.status === true), 'NetworkReady');

    const uid = randomUUID();
    const config: CriInput<PodSandboxConfig> = {
      metadata: { name: 'web', uid, namespace: 'default', attempt: 0 },
      hostname: 'web',
      log_directory: join(names.dir, 'pods', uid),
      linux: { cgroup_parent: `/${names.cgroupRoot}/pod${uid}`, security_context: { namespace_options: { network: 'POD', pid: 'CONTAINER', ipc: 'POD' } } },
    };
    const { pod_sandbox_id: sandboxId } = await client.runPodSandbox({ config });
    const { container_id: containerId } = await client.createContainer({
      pod_sandbox_id: sandboxId,
      sandbox_config: config,
      config: { metadata: { name: 'httpd', attempt: 0 }, image: { image: HTTPD_IMAGE }, log_path: 'httpd/0.log' },
    });
    await client.startContainer(containerId);
    const startedAt = Date.now();
    const podIP = (await client.podSandboxStatus(sandboxId)).status?.network?.ip ?? '';
    assert.ok(podIP.startsWith(names.subnet.replace(/0\/24$/, '')), `pod IP ${podIP}`);
    assert.equal((await client.execSync(containerId, ['touch', '/tmp/healthy'], 5)).exit_code, 0);

    const container: Container = {
      name: 'httpd',
      image: HTTPD_IMAGE,
      ports: [{ name: 'http', containerPort: HTTPD_PORT }],
      readinessProbe: { httpGet: { port: 'http', path: '/' }, periodSeconds: 1 },
      livenessProbe: { exec: { command: ['cat', '/tmp/healthy'] }, periodSeconds: 1, failureThreshold: 2 },
    };
    const pod: Pod = { metadata: { name: 'web', namespace: 'default', uid }, spec: { containers: [container] } };
    const changes: Array<[ProbeKind, ProbeResult]> = [];
    const events: string[] = [];
    mgr = new ProbeManager({
      runner: newProbeRunner(client),
      onChange: (_uid, _name, kind, result) => changes.push([kind, result]),
      onEvent: (_pod, _name, type, reason, message) => events.push(`${type} ${reason} ${message}`),
    });
    mgr.addPod(pod, new Map([['httpd', { id: containerId, startedAt }]]), { podIP });
    const m = mgr;
    assert.ok(await waitFor(() => m.podResults(uid).ready.get('httpd') === true), 'ready through an HTTP GET to the pod IP');
    assert.deepEqual(changes[0], ['readiness', 'Success']);
    await sleep(1_500); // at least one more liveness probe while the file exists
    assert.equal(m.result(uid, 'httpd', 'liveness'), 'Success');
    assert.ok(!events.some((e) => e.includes('Liveness')), `no liveness failure yet: ${events.join('; ')}`);

    assert.equal((await client.execSync(containerId, ['rm', '/tmp/healthy'], 5)).exit_code, 0);
    assert.ok(await waitFor(() => m.result(uid, 'httpd', 'liveness') === 'Failure'), 'liveness fails after the file is gone');
    assert.deepEqual(changes.filter(([k]) => k === 'liveness'), [['liveness', 'Failure']]);
    assert.ok(
      events.includes("Warning Unhealthy Liveness probe failed: cat: can't open '/tmp/healthy': No such file or directory\n"),
      `events: ${JSON.stringify(events)}`,
    );
    assert.equal(m.podResults(uid).ready.get('httpd'), true, 'readiness is independent of liveness');

    // how containerd 1.6 reports an exec past its timeout
    const timedOut = await probeExec(client, containerId, ['sleep', '5'], 1);
    t.diagnostic(`exec timeout: ${JSON.stringify(timedOut)}`);
    assert.deepEqual(timedOut, { result: 'Failure', output: 'command "sleep 5" timed out' });

    mgr.stop();
    assert.equal(m.workerCount(), 0);
  } finally {
    mgr?.stop();
    cri?.close();
    if (existsSync(names.dir)) await cleanupNodeRuntime({ dir: names.dir, cgroupRoot: names.cgroupRoot, networkName: names.networkName, bridge: names.bridge });
  }
  assert.deepEqual(await leftovers(names, pids), { processes: [], mounts: [], cgroups: [], cniResults: [], bridge: [], dir: [] });
});
