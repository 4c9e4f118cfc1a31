/** Integration test of the assembled Kubelet: real apiserver, real containerd — node Ready, a probed httpd pod served, graceful delete, a crash loop, restart with adoption and orphan cleanup. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { get as httpGet } from 'node:http';
import { join } from 'node:path';
import { startTestApiServer, type TestApiServer } from '@skiff/apiserver/testing';
import { GrpcResourceClient, RestResourceClient, type ResourceClient } from '@skiff/client';
import { EVENTS, type CoreEvent } from '@skiff/runtime';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { cleanupNodeRuntime, startContainerd } from '../containerd/index.js';
import { leftovers, testNodeNames } from '../containerd/testing-node.js';
import { CriClient } from '../cri/index.js';
import { BUSYBOX_IMAGE, HTTPD_IMAGE, HTTPD_PORT, PAUSE_IMAGE } from '../images/index.js';
import { NODES, type NodeObject } from '../node/index.js';
import { POD_UID_LABEL } from '../podconfig/index.js';
import { nodeTestFixture } from '../testing/node-fixture.js';
import { Kubelet } from './kubelet.js';
import { PODS, type PodObject } from './resources.js';
import { eventually as pollUntil } from '@skiff/runtime/testing';

/** Upper bound for things that take a few seconds (pod start, a crash loop's first restart); only a failing test waits this long. */
const WAIT_MS = 60_000;
const POLL_MS = 100;
const NODE_IP = '10.250.0.99';
/** A short resync so exits are noticed within about a second. */
const TEST_RESYNC_MS = 1000;

const fixture = nodeTestFixture('kmain');

/** Waits (bounded) until `probe` gives a value. */
const eventually = <T>(what: string, probe: () => Promise<T | undefined | false>): Promise<T> => pollUntil(what, probe, { timeoutMs: WAIT_MS, pollMs: POLL_MS });


function fetchText(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpGet(url, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
  });
}

async function gone(client: ResourceClient, name: string): Promise<boolean> {
  try {
    await client.get(PODS, 'default', name);
    return false;
  } catch (err) {
    if ((err as { code?: number }).code === 404) return true;
    throw err;
  }
}

function pod(name: string, nodeName: string, spec: Omit<Pod['spec'] & object, 'nodeName'>): PodObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default' }, spec: { nodeName, terminationGracePeriodSeconds: 2, ...spec } };
}

const ready = (p: Pod) => p.status?.conditions?.find((c) => c.type === 'Ready')?.status;

test('the kubelet registers its node, runs bound pods with probes and status, deletes them gracefully, crash-loops, and adopts/cleans up across a restart', async () => {
  const names = testNodeNames();
  const nodeName = `kmain-${names.suffix}`;
  let server: TestApiServer | undefined;
  let rest: RestResourceClient | undefined;
  const grpcClients: GrpcResourceClient[] = [];
  let cri: CriClient | undefined;
  const kubelets: Kubelet[] = [];
  try {
    server = await startTestApiServer({ grpcPort: 0 });
    rest = new RestResourceClient({ server: server.url });
    const api = rest;
    const node = await startContainerd({ dir: names.dir, sandboxImage: PAUSE_IMAGE });
    await fixture.importInto(node.socket, [PAUSE_IMAGE, BUSYBOX_IMAGE, HTTPD_IMAGE]);
    cri = new CriClient(node.socket);
    const newKubelet = (): Kubelet => {
      const client = new GrpcResourceClient({ address: server!.grpcAddress! });
      grpcClients.push(client);
      const k = new Kubelet({
        client,
        cri: cri!,
        nodeName,
        nodeIP: NODE_IP,
        containerdDir: names.dir,
        rootDir: join(names.dir, 'kubelet'),
        cgroupRoot: names.cgroupRoot,
        cniBridge: names.bridge,
        cniNetworkName: names.networkName,
        nodePeriods: { statusUpdateMs: 500, fastStatusCheckMs: 100, leaseRenewMs: 1000 },
        resyncMs: TEST_RESYNC_MS,
      });
      kubelets.push(k);
      return k;
    };
    const kubelet = newKubelet();
    await kubelet.start();

    // --- the node registers; once its podCIDR is set it writes the CNI config and turns Ready
    await eventually('the Node registered', () => api.get<NodeObject>(NODES, undefined, nodeName));
    await api.patch(NODES, undefined, nodeName, 'merge', { spec: { podCIDR: names.subnet, podCIDRs: [names.subnet] } });
    await eventually('the Node Ready', async () => {
      const n = await api.get<NodeObject>(NODES, undefined, nodeName);
      return n.status?.conditions?.find((c) => c.type === 'Ready')?.status === 'True';
    });

    // --- an httpd pod with a readiness probe: Running, Ready, served on its pod IP
    const subnetPrefix = names.subnet.split('.').slice(0, 3).join('.') + '.';
    await api.create(PODS, 'default', pod('web', nodeName, {
      containers: [{ name: 'httpd', image: HTTPD_IMAGE, readinessProbe: { httpGet: { path: '/', port: HTTPD_PORT }, periodSeconds: 1 } }],
    }));
    const web = await eventually('web Running and Ready', async () => {
      const p = await api.get<PodObject>(PODS, 'default', 'web');
      return p.status?.phase === 'Running' && ready(p) === 'True' ? p : undefined;
    });
    assert.ok(web.status?.podIP?.startsWith(subnetPrefix), `podIP ${web.status?.podIP} is in ${names.subnet}`);
    assert.equal(web.status?.hostIP, NODE_IP);
    const cs = web.status?.containerStatuses?.[0];
    assert.equal(cs?.name, 'httpd');
    assert.ok(cs?.state?.running?.startedAt, 'the container runs');
    assert.match(cs?.containerID ?? '', /^containerd:\/\/[0-9a-f]{64}$/);
    assert.equal(cs?.ready, true);
    const res = await fetchText(`http://${web.status!.podIP}:${HTTPD_PORT}/`);
    assert.equal(res.status, 200);
    await eventually('a Started event from the kubelet', async () => {
      const events = await api.list<CoreEvent>(EVENTS, 'default');
      return events.items.some((e) => e.reason === 'Started' && e.involvedObject?.name === 'web' && e.source?.component === 'kubelet' && e.source?.host === nodeName);
    });

    // --- delete with the default grace period: the kubelet stops the pod and removes the object
    const webUid = web.metadata!.uid!;
    await api.delete(PODS, 'default', 'web');
    assert.equal(await gone(api, 'web'), false, 'a bound pod is deleted gracefully (the kubelet finishes it)');
    await eventually('web gone from the API', () => gone(api, 'web'));
    assert.deepEqual(await cri.listPodSandbox({ label_selector: { [POD_UID_LABEL]: webUid } }), [], 'its sandbox is removed');

    // --- a container that keeps failing under restartPolicy Always
    await api.create(PODS, 'default', pod('crash', nodeName, {
      restartPolicy: 'Always',
      containers: [{ name: 'crash', image: BUSYBOX_IMAGE, command: ['sh', '-c', 'exit 1'] }],
    }));
    const crash = await eventually('crash in CrashLoopBackOff', async () => {
      const p = await api.get<PodObject>(PODS, 'default', 'crash');
      const s = p.status?.containerStatuses?.[0];
      return (s?.restartCount ?? 0) >= 1 && s?.state?.waiting?.reason === 'CrashLoopBackOff' ? p : undefined;
    });
    assert.equal(crash.status?.containerStatuses?.[0]?.lastState?.terminated?.exitCode, 1);
    assert.equal(ready(crash), 'False');

    // --- a failing liveness probe: the kubelet kills the container (Killing event) and starts it again
    await api.create(PODS, 'default', pod('live', nodeName, {
      containers: [{ name: 'live', image: BUSYBOX_IMAGE, command: ['sleep', '3600'], livenessProbe: { exec: { command: ['cat', '/tmp/healthy'] }, periodSeconds: 1, failureThreshold: 1 } }],
    }));
    const live = await eventually('live restarted after its liveness probe failed', async () => {
      const p = await api.get<PodObject>(PODS, 'default', 'live');
      return (p.status?.containerStatuses?.[0]?.restartCount ?? 0) >= 1 ? p : undefined;
    });
    assert.ok(live.status?.containerStatuses?.[0]?.lastState?.terminated, 'the killed attempt is the last state');
    await eventually('a Killing event for the liveness failure', async () => {
      const events = await api.list<CoreEvent>(EVENTS, 'default');
      return events.items.some((e) => e.reason === 'Killing' && e.involvedObject?.name === 'live' && e.message === 'Container live failed liveness probe, will be restarted');
    });
    assert.ok(
      (await api.list<CoreEvent>(EVENTS, 'default')).items.some((e) => e.reason === 'Unhealthy' && e.involvedObject?.name === 'live' && e.involvedObject?.fieldPath === 'spec.containers{live}'),
      'the prober reported Unhealthy on the container',
    );
    await api.delete(PODS, 'default', 'live', { gracePeriodSeconds: 1 });
    await eventually('live gone from the API', () => gone(api, 'live'));

    // --- restart: a running pod is adopted as is, a pod deleted while the kubelet was down is killed as an orphan
    await api.create(PODS, 'default', pod('keep', nodeName, { containers: [{ name: 'main', image: BUSYBOX_IMAGE, command: ['sleep', '3600'] }] }));
    const keep = await eventually('keep Running', async () => {
      const p = await api.get<PodObject>(PODS, 'default', 'keep');
      return p.status?.phase === 'Running' ? p : undefined;
    });
    await kubelet.stop();
    const crashUid = crash.metadata!.uid!;
    await api.delete(PODS, 'default', 'crash', { gracePeriodSeconds: 0 });
    assert.equal(await gone(api, 'crash'), true);
    assert.notDeepEqual(await cri.listPodSandbox({ label_selector: { [POD_UID_LABEL]: crashUid } }), [], 'a stopped kubelet leaves pods running');
    const again = newKubelet();
    await again.start();
    await eventually('the orphan killed', async () => (await cri!.listPodSandbox({ label_selector: { [POD_UID_LABEL]: crashUid } })).length === 0);
    // a status written by the new kubelet (its own probe-independent fields) shows the same container
    const adopted = await api.get<PodObject>(PODS, 'default', 'keep');
    assert.equal(adopted.status?.containerStatuses?.[0]?.containerID, keep.status?.containerStatuses?.[0]?.containerID, 'the running container is adopted');
    assert.equal(adopted.status?.containerStatuses?.[0]?.restartCount, 0);
    const keepContainers = await cri.listContainers({ label_selector: { [POD_UID_LABEL]: keep.metadata!.uid! } });
    assert.equal(keepContainers.length, 1, 'no second container was started');

    await api.delete(PODS, 'default', 'keep');
    await eventually('keep gone from the API', () => gone(api, 'keep'));
    await again.stop();

    cri.close();
    cri = undefined;
    const report = await cleanupNodeRuntime({ dir: names.dir, cgroupRoot: names.cgroupRoot, networkName: names.networkName, bridge: names.bridge });
    assert.deepEqual(report.errors, []);
    assert.equal(report.runcContainers.length, 0, 'the kubelet removed every pod through CRI');
    assert.deepEqual(await leftovers(names, [node.pid]), { processes: [], mounts: [], cgroups: [], cniResults: [], bridge: [], dir: [] });
  } finally {
    for (const k of kubelets) await k.stop().catch(() => undefined);
    cri?.close();
    for (const c of grpcClients) await c.close().catch(() => undefined);
    await rest?.close();
    if (existsSync(names.dir)) await cleanupNodeRuntime({ dir: names.dir, cgroupRoot: names.cgroupRoot, networkName: names.networkName, bridge: names.bridge });
    await server?.stop();
  }
});
