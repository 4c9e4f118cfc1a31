/**
 * End-to-end: `kubectl drain` honours a PodDisruptionBudget on a Skiff cluster — cordon, pod list by node, evictions
 * retried on 429 until the disruption controller sees replacements ready, pods gone, `kubectl uncordon`.
 * There are no kubelets: the test plays the kubelet for two Node objects (lease renewals, Running/Ready status, confirming deletions).
 */
import assert from 'node:assert/strict';
import { request } from 'node:https';
import { readFile } from 'node:fs/promises';
import { after, before, test } from 'node:test';
import { runCommand, upCluster, type TestCluster } from './cluster.js';

const NS = 'drain-e2e';
const NODES = ['n1', 'n2'];
/** How often the stand-in kubelet looks at the pods (as a kubelet's sync loop would, but faster). */
const KUBELET_SYNC_MS = 200;
/** Lease renewals keep the node lifecycle controller from marking the nodes unreachable (it waits 40s by default). */
const LEASE_RENEW_MS = 5_000;
/** Bound on waiting for controllers and the scheduler (turns of POLL_MS); a hang fails the test instead of blocking. */
const POLLS = 300;
const POLL_MS = 200;

let cluster: TestCluster;
let api: ApiCaller;
let kubelet: StandInKubelet | undefined;

type ApiCaller = (method: string, path: string, body?: unknown, contentType?: string) => Promise<{ status: number; body: any }>;

/** An HTTPS caller authenticated with the admin client certificate of the cluster's kubeconfig. */
async function apiFromKubeconfig(path: string): Promise<ApiCaller> {
  const text = await readFile(path, 'utf8');
  const field = (name: string): string => {
    const m = new RegExp(`${name}:\\s*(\\S+)`).exec(text);
    assert.ok(m, `kubeconfig has ${name}`);
    return m[1]!.replace(/^["']|["']$/g, '');
  };
  const server = new URL(field('server'));
  assert.equal(server.hostname, '127.0.0.1', 'the test only talks to loopback');
  const tls = {
    ca: Buffer.from(field('certificate-authority-data'), 'base64'),
    cert: Buffer.from(field('client-certificate-data'), 'base64'),
    key: Buffer.from(field('client-key-data'), 'base64'),
  };
  return (method, urlPath, body, contentType = 'application/json') =>
    new Promise((resolve, reject) => {
      const payload = body === undefined ? undefined : JSON.stringify(body);
      const req = request(
        { host: server.hostname, port: server.port, path: urlPath, method, ...tls, headers: { accept: 'application/json', ...(payload ? { 'content-type': contentType, 'content-length': Buffer.byteLength(payload) } : {}) } },
        (res) => {
          let data = '';
          res.on('data', (c: Buffer) => (data += c.toString()));
          res.on('end', () => {
            let parsed: unknown = data;
            try {
              parsed = JSON.parse(data);
            } catch {
              // not JSON: keep the text
            }
            resolve({ status: res.statusCode ?? 0, body: parsed });
          });
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
}

/** Plays the kubelet of every node: renews node leases, marks bound pods Running/Ready, and removes pods being deleted. */
class StandInKubelet {
  private stopped = false;
  private readonly loops: Promise<void>[] = [];

  constructor(private readonly call: ApiCaller) {}

  start(): void {
    this.loops.push(this.every(LEASE_RENEW_MS, () => this.renewLeases()), this.every(KUBELET_SYNC_MS, () => this.syncPods()));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all(this.loops);
  }

  private async every(ms: number, work: () => Promise<void>): Promise<void> {
    while (!this.stopped) {
      await work().catch(() => undefined); // a failed turn is retried on the next one
      await new Promise((r) => setTimeout(r, ms));
    }
  }

  private async renewLeases(): Promise<void> {
    const renewTime = new Date().toISOString().replace(/\.(\d{3})Z$/, '.$1000Z'); // a MicroTime
    for (const node of NODES) {
      const path = `/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/${node}`;
      const lease = { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: node, namespace: 'kube-node-lease' }, spec: { holderIdentity: node, leaseDurationSeconds: 40, renewTime } };
      await this.call('PUT', path, lease);
    }
  }

  private async syncPods(): Promise<void> {
    const list = await this.call('GET', '/api/v1/pods');
    for (const pod of list.body.items ?? []) {
      const { namespace, name } = pod.metadata;
      const path = `/api/v1/namespaces/${namespace}/pods/${name}`;
      if (!NODES.includes(pod.spec?.nodeName)) continue;
      if (pod.metadata.deletionTimestamp) {
        // The containers have stopped: confirm the deletion as a kubelet does.
        await this.call('DELETE', path, { kind: 'DeleteOptions', apiVersion: 'v1', gracePeriodSeconds: 0, preconditions: { uid: pod.metadata.uid } });
        continue;
      }
      const ready = (pod.status?.conditions ?? []).some((c: any) => c.type === 'Ready' && c.status === 'True');
      if (pod.status?.phase === 'Running' && ready) continue;
      const now = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
      await this.call(
        'PATCH',
        `${path}/status`,
        { status: { phase: 'Running', startTime: now, conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: now }, { type: 'ContainersReady', status: 'True', lastTransitionTime: now }] } },
        'application/merge-patch+json',
      );
    }
  }
}

const kubectl = (args: string[]) => runCommand('kubectl', ['--kubeconfig', cluster.kubeconfig, ...args], { timeoutMs: 120_000 });
async function ok(args: string[], input?: string): Promise<string> {
  const r = await runCommand('kubectl', ['--kubeconfig', cluster.kubeconfig, ...args], { input, timeoutMs: 120_000 });
  assert.equal(r.code, 0, `kubectl ${args.join(' ')} failed:\n${r.stderr}${r.stdout}`);
  return r.stdout;
}

async function eventually<T>(what: string, check: () => Promise<T | undefined>): Promise<T> {
  for (let i = 0; i < POLLS; i++) {
    const value = await check();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
  assert.fail(`timed out waiting for ${what}`);
}

const manifest = `apiVersion: v1
kind: Namespace
metadata:
  name: ${NS}
${NODES.map((n) => `---
apiVersion: v1
kind: Node
metadata:
  name: ${n}
  labels:
    kubernetes.io/hostname: ${n}
status:
  capacity: { cpu: "4", memory: 16Gi, pods: "110" }
  allocatable: { cpu: "4", memory: 16Gi, pods: "110" }
  conditions:
  - { type: Ready, status: "True", reason: KubeletReady, message: ready }
`).join('')}---
apiVersion: apps/v1
kind: ReplicaSet
metadata:
  name: web
  namespace: ${NS}
spec:
  replicas: 3
  selector:
    matchLabels: { app: web }
  template:
    metadata:
      labels: { app: web }
    spec:
      containers:
      - name: web
        image: busybox:latest
        command: ["sleep", "3600"]
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: web-pdb
  namespace: ${NS}
spec:
  minAvailable: 2
  selector:
    matchLabels: { app: web }
`;

interface PodSummary {
  name: string;
  node: string;
  ready: boolean;
  deleting: boolean;
}

async function webPods(): Promise<PodSummary[]> {
  const res = await api('GET', `/api/v1/namespaces/${NS}/pods?labelSelector=app%3Dweb`);
  return (res.body.items ?? []).map((p: any) => ({
    name: p.metadata.name,
    node: p.spec?.nodeName ?? '',
    ready: (p.status?.conditions ?? []).some((c: any) => c.type === 'Ready' && c.status === 'True'),
    deleting: !!p.metadata.deletionTimestamp,
  }));
}

before(async () => {
  cluster = await upCluster();
  api = await apiFromKubeconfig(cluster.kubeconfig);
});

after(async () => {
  await kubelet?.stop();
  await cluster?.down();
});

test('kubectl drain evicts through the PodDisruptionBudget, cordons, and uncordon reverses it', async () => {
  await ok(['apply', '-f', '-'], manifest);
  kubelet = new StandInKubelet(api);
  kubelet.start();

  // Three ready pods spread over the nodes, and a budget the disruption controller has computed.
  await eventually('3 ready web pods on nodes', async () => {
    const pods = await webPods();
    return pods.length === 3 && pods.every((p) => p.ready && p.node) ? pods : undefined;
  });
  await eventually('the PDB to allow 1 disruption (the disruption controller must run in the controller manager)', async () => {
    const pdb = (await api('GET', `/apis/policy/v1/namespaces/${NS}/poddisruptionbudgets/web-pdb`)).body;
    return pdb.status?.observedGeneration === pdb.metadata?.generation && pdb.status?.disruptionsAllowed === 1 ? pdb : undefined;
  });
  assert.match(await ok(['get', 'pdb', '-n', NS]), /web-pdb\s+2\s+N\/A\s+1\s+/);

  // Drain the node holding the most pods, so the budget is tested (a second eviction must wait for a replacement).
  const before = await webPods();
  const counts = new Map(NODES.map((n) => [n, before.filter((p) => p.node === n).length]));
  const target = [...counts].sort((a, b) => b[1] - a[1])[0]![0];
  const other = NODES.find((n) => n !== target)!;
  const onTarget = before.filter((p) => p.node === target).map((p) => p.name);
  assert.ok(onTarget.length > 0);

  const drain = await kubectl(['drain', target, '--ignore-daemonsets', '--timeout=60s']);
  assert.equal(drain.code, 0, `kubectl drain failed:\n${drain.stderr}${drain.stdout}`);
  const output = drain.stdout + drain.stderr;
  assert.match(output, new RegExp(`node/${target} cordoned`));
  for (const name of onTarget) assert.match(output, new RegExp(`pod/${name} evicted`));
  // kubectl evicts the node's pods at once (at least 2 of 3 are there): one of them had to wait for the budget.
  assert.match(output, /Cannot evict pod as it would violate the pod's disruption budget\./);
  assert.match(output, new RegExp(`node/${target} drained`));

  // The node is cordoned, its pods are gone and replaced on the other node, all ready.
  const node = (await api('GET', `/api/v1/nodes/${target}`)).body;
  assert.equal(node.spec?.unschedulable, true);
  assert.match(await ok(['get', 'node', target]), /Ready,SchedulingDisabled/);
  const after = await eventually('3 ready web pods, none on the drained node', async () => {
    const pods = (await webPods()).filter((p) => !p.deleting);
    return pods.length === 3 && pods.every((p) => p.ready && p.node === other) ? pods : undefined;
  });
  assert.ok(after.every((p) => !onTarget.includes(p.name)));

  // uncordon makes the node schedulable again.
  assert.match(await ok(['uncordon', target]), new RegExp(`node/${target} uncordoned`));
  const uncordoned = (await api('GET', `/api/v1/nodes/${target}`)).body;
  assert.ok(!uncordoned.spec?.unschedulable);
});
