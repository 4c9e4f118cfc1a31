/** Integration test of the pod worker against a real containerd: init then main container to Running, a crash loop, and killPod. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { cleanupNodeRuntime, startContainerd, writeCniConfig } from '../containerd/index.js';
import { leftovers, testNodeNames } from '../containerd/testing-node.js';
import { CriClient } from '../cri/index.js';
import { BUSYBOX_IMAGE, PAUSE_IMAGE } from '../images/index.js';
import { POD_UID_LABEL } from '../podconfig/index.js';
import { computePodStatus, CrashLoopBackoff, ImageBackoff } from '../status/index.js';
import { nodeTestFixture } from '../testing/node-fixture.js';
import type { PodWorkerDeps } from './deps.js';
import { killPod } from './kill-pod.js';
import { readPodRuntimeState, type WorkerPodRuntimeState } from './runtime-state-reader.js';
import { syncPod } from './sync-pod.js';
import { eventually as pollUntil } from '@skiff/runtime/testing';

/** Upper bound for waits on containerd (network readiness, a container's exit); a slow machine must not fail the test. */
const WAIT_MS = 30_000;
const POLL_MS = 100;
const HOST_IP = '10.250.0.99';

const fixture = nodeTestFixture('kworker');

/** Waits (bounded) until `fn` gives a value. */
const waitFor = <T>(what: string, fn: () => Promise<T | undefined>): Promise<T> => pollUntil(what, fn, { timeoutMs: WAIT_MS, pollMs: POLL_MS });


/** Waits until the container's newest attempt has exited; returns the state then. */
async function waitExited(cri: CriClient, uid: string, name: string, attempt: number): Promise<WorkerPodRuntimeState> {
  return waitFor(`${name} attempt ${attempt} to exit`, async () => {
    const s = await readPodRuntimeState(cri, uid);
    return s.containers.some((c) => c.name === name && c.attempt === attempt && c.state === 'CONTAINER_EXITED') ? s : undefined;
  });
}

function busyboxPod(name: string, spec: Pod['spec']): Pod {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default', uid: randomUUID() }, spec: { terminationGracePeriodSeconds: 1, ...spec! } };
}

const noProbes = { ready: new Map<string, boolean>(), started: new Map<string, boolean>() };

test('syncPod runs init then main container to Running/Ready, restarts a crashing container into CrashLoopBackOff; killPod leaves nothing', async (t) => {
  const names = testNodeNames();
  let cri: CriClient | undefined;
  try {
    await writeCniConfig(names.dir, { networkName: names.networkName, bridge: names.bridge, subnet: names.subnet, gateway: names.gateway });
    const node = await startContainerd({ dir: names.dir, sandboxImage: PAUSE_IMAGE });
    await fixture.importInto(node.socket, [PAUSE_IMAGE, BUSYBOX_IMAGE]);
    cri = new CriClient(node.socket);
    const client = cri;
    await waitFor('NetworkReady', async () => ((await client.status()).status?.conditions.find((c) => c.type === 'NetworkReady')?.status ? true : undefined));

    let now = Date.now();
    const clock = { now: () => now };
    const events: string[] = [];
    const deps: PodWorkerDeps = {
      cri,
      podsDir: join(names.dir, 'pods'),
      logsDir: join(names.dir, 'logs'),
      cgroupRoot: names.cgroupRoot,
      nodeName: `node-${names.suffix}`,
      hostIP: HOST_IP,
      sources: { configMaps: () => undefined, secrets: () => undefined },
      backoffs: { crashLoop: new CrashLoopBackoff(clock), image: new ImageBackoff(clock) },
      clock,
      events: (pod, type, reason, message) => events.push(`${pod.metadata?.name} ${type} ${reason} ${message}`),
    };

    // --- a pod with an init container and a main container
    const web = busyboxPod('web', {
      initContainers: [{ name: 'init', image: BUSYBOX_IMAGE, command: ['sh', '-c', 'echo init'] }],
      containers: [{ name: 'main', image: BUSYBOX_IMAGE, command: ['sleep', '3600'] }],
    });
    const webUid = web.metadata!.uid!;
    const s1 = await syncPod(deps, web);
    assert.equal(s1.error, undefined);
    assert.equal(s1.actions.createSandbox, true);
    assert.equal(s1.actions.initToStart?.container.name, 'init');
    assert.deepEqual(s1.runtime.containers.map((c) => c.name), ['init'], 'only the init container runs first');
    await waitExited(cri, webUid, 'init', 0);

    const s2 = await syncPod(deps, web);
    assert.equal(s2.actions.createSandbox, false);
    assert.deepEqual(s2.actions.containersToStart.map((s) => s.container.name), ['main']);
    const main = s2.runtime.containers.find((c) => c.name === 'main');
    assert.equal(main?.state, 'CONTAINER_RUNNING');
    const status = computePodStatus({ pod: web, runtime: s2.runtime, waiting: s2.waiting, probes: noProbes, hostIP: HOST_IP, now });
    assert.equal(status.phase, 'Running');
    assert.equal(status.conditions?.find((c) => c.type === 'Ready')?.status, 'True');
    assert.equal(status.initContainerStatuses?.[0]?.state?.terminated?.exitCode, 0);
    assert.ok(status.podIP && status.podIP === s2.runtime.sandbox?.ip, `podIP set from the sandbox (${status.podIP})`);
    assert.ok(status.podIP!.startsWith(names.subnet.split('.').slice(0, 3).join('.') + '.'), 'the IP is from the node subnet');

    const s3 = await syncPod(deps, web);
    assert.equal(s3.actions.initToStart, undefined);
    assert.deepEqual(s3.actions.containersToStart, [], 'a synced pod needs nothing more');

    // --- a container that exits 1 under restartPolicy Always
    const crash = busyboxPod('crash', { restartPolicy: 'Always', containers: [{ name: 'crash', image: BUSYBOX_IMAGE, command: ['sh', '-c', 'exit 1'] }] });
    const crashUid = crash.metadata!.uid!;
    await syncPod(deps, crash);
    let st = await waitExited(cri, crashUid, 'crash', 0);
    now = st.containers[0]!.finishedAt + 1000;
    const c2 = await syncPod(deps, crash);
    assert.deepEqual(c2.actions.containersToStart.map((s) => s.attempt), [1], 'restarted at once with attempt 1');
    assert.equal(c2.waiting.size, 0);
    st = await waitExited(cri, crashUid, 'crash', 1);
    now = st.containers.find((c) => c.attempt === 1)!.finishedAt + 1000;
    const c3 = await syncPod(deps, crash);
    assert.deepEqual(c3.actions.containersToStart, []);
    assert.equal(c3.waiting.get('crash')?.reason, 'CrashLoopBackOff');
    assert.deepEqual(c3.runtime.containers.map((c) => c.attempt), [1], 'older exited attempts are pruned; the newest stays for lastState');
    const crashStatus = computePodStatus({ pod: crash, runtime: c3.runtime, waiting: c3.waiting, probes: noProbes, hostIP: HOST_IP, now });
    assert.equal(crashStatus.containerStatuses?.[0]?.state?.waiting?.reason, 'CrashLoopBackOff');
    assert.equal(crashStatus.containerStatuses?.[0]?.lastState?.terminated?.exitCode, 1);
    assert.ok(events.some((e) => e.startsWith('crash Warning BackOff Back-off restarting failed container crash')));

    // --- killPod
    for (const pod of [web, crash]) {
      await killPod(deps, pod, 1);
      const uid = pod.metadata!.uid!;
      assert.deepEqual(await cri.listPodSandbox({ label_selector: { [POD_UID_LABEL]: uid } }), []);
      assert.deepEqual(await cri.listContainers({ label_selector: { [POD_UID_LABEL]: uid } }), []);
      assert.equal(existsSync(join(deps.podsDir, uid)), false, 'the pod dir is removed');
    }
    t.diagnostic(`events: ${events.length}`);

    cri.close();
    cri = undefined;
    const report = await cleanupNodeRuntime({ dir: names.dir, cgroupRoot: names.cgroupRoot, networkName: names.networkName, bridge: names.bridge });
    assert.deepEqual(report.errors, []);
    assert.equal(report.runcContainers.length, 0, 'killPod removed everything through CRI');
    assert.deepEqual(await leftovers(names, [node.pid]), { processes: [], mounts: [], cgroups: [], cniResults: [], bridge: [], dir: [] });
  } finally {
    cri?.close();
    if (existsSync(names.dir)) await cleanupNodeRuntime({ dir: names.dir, cgroupRoot: names.cgroupRoot, networkName: names.networkName, bridge: names.bridge });
  }
});
