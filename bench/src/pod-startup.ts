/**
 * Benchmark of pod startup (not a test): the time from a pod's create call until a watch sees it Running and Ready,
 * on a real 2-node cluster (`skiff up --nodes 2`: kubelets, containerd, runc, CNI), next to the raw CRI floor.
 *
 * - "one at a time": 30 pods, each created after the previous one is Ready (an idle cluster's latency).
 * - "burst of 30": 30 pods created at once (the scheduler and both kubelets busy together).
 * - "CRI floor": RunPodSandbox + CreateContainer + StartContainer straight on one node's containerd, no kubelet or API
 *   in between; the facts file measured about 0.2 s per pod on this kind of machine.
 * Pods are busybox `sleep 3600` with no probes, so Ready follows Running at once.
 *
 * SKIFF_BENCH_PODS=N changes the pod count (default 30).
 */
import { GrpcResourceClient, type ApiObject, type ResourceRef } from '@skiff/client';
import { BUSYBOX_IMAGE, CriClient, containerdPaths } from '@skiff/kubelet';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { percentile, withCluster, type BenchCluster } from './cluster.js';

const PODS: ResourceRef = { group: '', version: 'v1', resource: 'pods', namespaced: true };
const NAMESPACES: ResourceRef = { group: '', version: 'v1', resource: 'namespaces', namespaced: false };
const NS = 'startup';
const POD_COUNT = Number(process.env.SKIFF_BENCH_PODS ?? 30);
/** Samples of the CRI floor. */
const CRI_SAMPLES = 10;

interface Latencies {
  p50: number;
  p99: number;
  max: number;
}

function summarize(ms: number[]): Latencies {
  const sorted = [...ms].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted.at(-1)! };
}

function pod(name: string): ApiObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: NS, labels: { app: 'startup' } },
    spec: { terminationGracePeriodSeconds: 0, containers: [{ name: 'c', image: BUSYBOX_IMAGE, command: ['sleep', '3600'] }] },
  };
}

function runningAndReady(obj: ApiObject): boolean {
  const status = (obj as { status?: { phase?: string; conditions?: { type: string; status: string }[] } }).status;
  return status?.phase === 'Running' && (status.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
}

/** Creates `names` (all at once or one after another) and returns each pod's create-to-Ready time as the watch saw it. */
async function startPods(client: GrpcResourceClient, names: string[], oneAtATime: boolean): Promise<{ latencies: number[]; nodes: Set<string> }> {
  const created = new Map<string, number>();
  const ready = new Map<string, number>();
  const nodes = new Set<string>();
  const waiters = new Map<string, () => void>();
  const watch = await client.watch(PODS, NS, {});
  const watching = (async () => {
    for await (const ev of watch) {
      const name = ev.object.metadata?.name ?? '';
      if (ready.has(name) || !runningAndReady(ev.object)) continue;
      ready.set(name, performance.now());
      nodes.add((ev.object as { spec?: { nodeName?: string } }).spec?.nodeName ?? '');
      waiters.get(name)?.();
      if (ready.size === names.length) break;
    }
  })();
  const untilReady = (name: string): Promise<void> => (ready.has(name) ? Promise.resolve() : new Promise((resolve) => waiters.set(name, resolve)));
  const startOne = async (name: string): Promise<void> => {
    created.set(name, performance.now());
    await client.create(PODS, NS, pod(name));
    await untilReady(name);
  };
  if (oneAtATime) for (const name of names) await startOne(name);
  else await Promise.all(names.map(startOne));
  watch.stop();
  await watching;
  return { latencies: names.map((n) => ready.get(n)! - created.get(n)!), nodes };
}

async function deleteAll(client: GrpcResourceClient, names: string[]): Promise<void> {
  await Promise.all(names.map((n) => client.delete(PODS, NS, n, { gracePeriodSeconds: 0 })));
  for (;;) {
    if ((await client.list(PODS, NS)).items.length === 0) return;
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** RunPodSandbox + CreateContainer + StartContainer on the first node's containerd, then the pod removed again; ms per pod. */
async function criFloor(bench: BenchCluster): Promise<number[]> {
  const state = JSON.parse(await readFile(join(bench.stateDir, 'state.json'), 'utf8')) as { localNodes: { nodes: { containerdDir: string; cgroupRoot: string }[] } };
  const node = state.localNodes.nodes[0]!;
  const cri = new CriClient(containerdPaths(node.containerdDir).socket);
  const times: number[] = [];
  try {
    for (let i = 0; i < CRI_SAMPLES; i++) {
      const uid = `cri-floor-${process.pid}-${i}`;
      const sandboxConfig = {
        metadata: { name: `floor-${i}`, uid, namespace: 'cri-floor', attempt: 0 },
        hostname: `floor-${i}`,
        log_directory: join(bench.stateDir, 'cri-floor-logs', uid),
        linux: { cgroup_parent: `/${node.cgroupRoot}/cri-floor-${i}` },
      };
      const t0 = performance.now();
      const { pod_sandbox_id } = await cri.runPodSandbox({ config: sandboxConfig });
      const { container_id } = await cri.createContainer({
        pod_sandbox_id,
        sandbox_config: sandboxConfig,
        config: { metadata: { name: 'c', attempt: 0 }, image: { image: BUSYBOX_IMAGE }, command: ['sleep', '3600'], log_path: 'c/0.log' },
      });
      await cri.startContainer(container_id);
      times.push(performance.now() - t0);
      await cri.stopPodSandbox(pod_sandbox_id);
      await cri.removePodSandbox(pod_sandbox_id);
    }
  } finally {
    cri.close();
  }
  return times;
}

function line(label: string, l: Latencies, extra = ''): void {
  console.log(`${label.padEnd(26)} p50 ${(l.p50 / 1000).toFixed(2)} s   p99 ${(l.p99 / 1000).toFixed(2)} s   max ${(l.max / 1000).toFixed(2)} s${extra}`);
}

async function main(): Promise<void> {
  console.log(`Pod startup latency: create -> Running+Ready seen through a watch, ${POD_COUNT} busybox pods, 2 local nodes`);
  await withCluster(
    async (bench) => {
      const kc = bench.kubeconfig;
      const client = new GrpcResourceClient({ address: bench.grpcAddress, tls: { ca: kc.ca!, cert: kc.cert!, key: kc.key! } });
      try {
        await client.create(NAMESPACES, undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } });
        const floor = summarize(await criFloor(bench));
        const serial = Array.from({ length: POD_COUNT }, (_, i) => `serial-${i}`);
        const s = await startPods(client, serial, true);
        await deleteAll(client, serial);
        const burst = Array.from({ length: POD_COUNT }, (_, i) => `burst-${i}`);
        const b = await startPods(client, burst, false);
        await deleteAll(client, burst);
        const sl = summarize(s.latencies);
        const bl = summarize(b.latencies);
        line('CRI floor (one node)', floor);
        line('one at a time', sl, `   p50 ${(sl.p50 / floor.p50).toFixed(1)}x the floor, nodes used: ${s.nodes.size}`);
        line(`burst of ${POD_COUNT}`, bl, `   p50 ${(bl.p50 / floor.p50).toFixed(1)}x the floor, nodes used: ${b.nodes.size}`);
      } finally {
        await client.close();
      }
    },
    { nodes: 2 },
  );
}

await main();
