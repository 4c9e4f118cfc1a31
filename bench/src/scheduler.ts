/**
 * Benchmark of the scheduler (not a test): pods bound per second by an in-process Scheduler over gRPC, with real
 * etcd + apiserver, hollow Node objects (no kubelets) and 10,000 small pods, at 1,000 and 5,000 nodes.
 *
 * Two figures per cluster size, each on a fresh cluster:
 * - "pre-created": every pod exists before the scheduler starts; timed from start() resolving (informers synced,
 *   scheduling begins) to the last binding. Scheduling throughput alone.
 * - "while creating" (as upstream scheduler_perf does it): the scheduler runs while the pods are created
 *   (64 creates in flight, same process); timed from the first binding to the last.
 * The scheduler `skiff up` starts is stopped first: only the measured one binds, and nothing else competes for the CPU.
 * Bindings are counted by the scheduler's own metric (scheduler_schedule_attempts_total{result="scheduled"},
 * observed once a binding returned), read every POLL_MS; no lists are polled.
 *
 * SKIFF_BENCH_QUICK=1: 100 nodes / 1,000 pods. SKIFF_BENCH_NODES=1000,5000 and SKIFF_BENCH_PODS=N override the sizes;
 * SKIFF_BENCH_MODES=precreated,concurrent picks the modes. SKIFF_BENCH_CPU_PROFILE=<dir> writes a .cpuprofile of each
 * scheduling window only (not the cluster set-up), e.g. for Chrome DevTools. SKIFF_BENCH_SCHEDULER=<path to an index.js>
 * benchmarks another build of @skiff/scheduler (e.g. a private one, to compare before/after a change).
 */
import { GrpcResourceClient, type ApiObject, type ResourceClient, type ResourceRef } from '@skiff/client';
import type { Scheduler as SchedulerType } from '@skiff/scheduler';
import { mkdir, writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { benchPod, measure, withCluster, type BenchCluster } from './cluster.js';

const PODS: ResourceRef = { group: '', version: 'v1', resource: 'pods', namespaced: true };
const NODES: ResourceRef = { group: '', version: 'v1', resource: 'nodes', namespaced: false };
const NAMESPACES: ResourceRef = { group: '', version: 'v1', resource: 'namespaces', namespaced: false };

const QUICK = process.env.SKIFF_BENCH_QUICK === '1' || process.argv.includes('--quick');
const NODE_COUNTS = (process.env.SKIFF_BENCH_NODES ?? (QUICK ? '100' : '1000,5000')).split(',').map(Number);
const POD_COUNT = Number(process.env.SKIFF_BENCH_PODS ?? (QUICK ? 1000 : 10_000));
const MODES = (process.env.SKIFF_BENCH_MODES ?? 'precreated,concurrent').split(',');
/** Zones the nodes are spread over (topology.kubernetes.io/zone), as a multi-zone cluster has. */
const ZONES = 10;
/** A typical small worker: 4 cores, 16 GiB, kubelet's default pod limit. */
const NODE_ALLOCATABLE = { cpu: '4', memory: '16Gi', pods: '110', 'ephemeral-storage': '100Gi' };
/** Creates in flight while setting up (nodes, pre-created pods) and while creating alongside the scheduler. */
const CREATE_CONCURRENCY = 64;
/** How often the scheduled-pods counter is read; the granularity of first/last-binding times. */
const POLL_MS = 10;
/** Give up when no pod was bound for this long (a stuck scheduler should end the run, not hang it). */
const STALL_TIMEOUT_MS = 120_000;
/** kube-scheduler's figure: scheduler_perf's CI threshold for SchedulingBasic 5000Nodes/10000Pods (on larger machines). */
const KUBE_SCHEDULER_REFERENCE = 680;

/** The Scheduler class benchmarked: @skiff/scheduler, or the build SKIFF_BENCH_SCHEDULER names. */
const { Scheduler } = (await import(process.env.SKIFF_BENCH_SCHEDULER ? pathToFileURL(process.env.SKIFF_BENCH_SCHEDULER).href : '@skiff/scheduler')) as typeof import('@skiff/scheduler');
type Scheduler = SchedulerType;

const PROFILE_DIR = process.env.SKIFF_BENCH_CPU_PROFILE;

/** Starts the V8 CPU profiler when SKIFF_BENCH_CPU_PROFILE is set; the returned function stops it and writes the profile. */
async function startProfile(name: string): Promise<() => Promise<void>> {
  if (!PROFILE_DIR) return async () => undefined;
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return async () => {
    const { profile } = await session.post('Profiler.stop');
    await mkdir(PROFILE_DIR, { recursive: true });
    const file = join(PROFILE_DIR, `${name}.cpuprofile`);
    await writeFile(file, JSON.stringify(profile));
    session.disconnect();
    console.log(`  cpu profile of the scheduling window: ${file}`);
  };
}

function grpcClient(bench: BenchCluster): GrpcResourceClient {
  const kc = bench.kubeconfig;
  return new GrpcResourceClient({ address: bench.grpcAddress, tls: { ca: kc.ca!, cert: kc.cert!, key: kc.key! } });
}

function hollowNode(i: number): ApiObject {
  const name = `node-${i}`;
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/hostname': name, 'kubernetes.io/os': 'linux', 'topology.kubernetes.io/zone': `zone-${i % ZONES}` } },
    status: {
      capacity: NODE_ALLOCATABLE,
      allocatable: NODE_ALLOCATABLE,
      conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'hollow node' }],
    },
  };
}

/** Creates the nodes; writes status through the subresource when create dropped it. */
async function createNodes(client: ResourceClient, count: number): Promise<number> {
  const figures = await measure(count, CREATE_CONCURRENCY, async (i) => {
    const obj = hollowNode(i);
    const created = await client.create<ApiObject>(NODES, undefined, obj);
    if (!(created as { status?: { allocatable?: unknown } }).status?.allocatable) {
      await client.update(NODES, undefined, { ...created, status: obj.status }, { subresource: 'status' });
    }
  });
  return figures.perSecond;
}

async function createPods(client: ResourceClient, ns: string, count: number): Promise<number> {
  const figures = await measure(count, CREATE_CONCURRENCY, async (i) => {
    await client.create(PODS, ns, { ...benchPod(`p-${i}`), metadata: { name: `p-${i}`, namespace: ns, labels: { app: 'bench' } } });
  });
  return figures.perSecond;
}

/** Reads the scheduler's count of bound pods. */
async function scheduledCount(scheduler: Scheduler): Promise<number> {
  const metric = await scheduler.metrics.scheduleAttempts.get();
  let n = 0;
  for (const v of metric.values) if (v.labels.result === 'scheduled') n += v.value;
  return n;
}

interface BindTimes {
  first: number;
  last: number;
  bound: number;
}

/** Waits until `total` pods are bound; returns when the first and last were seen (performance.now() ms). */
async function waitForBindings(scheduler: Scheduler, total: number): Promise<BindTimes> {
  let first = Number.NaN;
  let last = performance.now();
  let bound = 0;
  while (bound < total) {
    await new Promise((r) => setTimeout(r, POLL_MS));
    const n = await scheduledCount(scheduler);
    const now = performance.now();
    if (n > bound) {
      if (bound === 0) first = now;
      last = now;
      bound = n;
    } else if (now - last > STALL_TIMEOUT_MS) {
      console.log(`  stalled: ${bound} of ${total} bound, none for ${STALL_TIMEOUT_MS / 1000} s`);
      break;
    }
  }
  return { first, last, bound };
}

function mib(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(0)} MiB`;
}

/** CPU time (user + system) this process spent since `since`, in ms: steadier than wall time on a busy machine. */
function cpuMs(since: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(since);
  return (d.user + d.system) / 1000;
}

function report(mode: string, nodes: number, pods: number, seconds: number, cpu: number, extra: string): number {
  const rate = pods / seconds;
  const ratio = nodes === 5000 ? `, ${(rate / KUBE_SCHEDULER_REFERENCE).toFixed(2)}x kube-scheduler's ${KUBE_SCHEDULER_REFERENCE}/s` : '';
  console.log(`  ${mode.padEnd(15)} ${String(nodes).padStart(5)} nodes  ${pods} pods in ${seconds.toFixed(1)} s = ${rate.toFixed(0)} pods/s${ratio}`);
  console.log(`  ${''.padEnd(15)} process CPU ${(cpu / pods).toFixed(2)} ms per pod; ${extra}`);
  return rate;
}

async function runOnce(mode: string, nodeCount: number): Promise<void> {
  await withCluster(async (bench) => {
    const client = grpcClient(bench);
    const schedulerClient = grpcClient(bench);
    const ns = 'bench-sched';
    const scheduler = new Scheduler({ client: schedulerClient });
    try {
      await client.create(NAMESPACES, undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
      const nodeRate = await createNodes(client, nodeCount);
      if (mode === 'precreated') {
        const podRate = await createPods(client, ns, POD_COUNT);
        const t0 = performance.now();
        await scheduler.start();
        const started = performance.now();
        const stopProfile = await startProfile(`scheduler-${mode}-${nodeCount}`);
        const cpu0 = process.cpuUsage();
        const times = await waitForBindings(scheduler, POD_COUNT);
        const cpu = cpuMs(cpu0);
        await stopProfile();
        report('pre-created', nodeCount, times.bound, (times.last - started) / 1000, cpu, `start()/informer sync ${((started - t0) / 1000).toFixed(1)} s; nodes created ${nodeRate.toFixed(0)}/s, pods ${podRate.toFixed(0)}/s`);
      } else {
        await scheduler.start();
        const stopProfile = await startProfile(`scheduler-${mode}-${nodeCount}`);
        const cpu0 = process.cpuUsage();
        const creating = createPods(client, ns, POD_COUNT);
        const times = await waitForBindings(scheduler, POD_COUNT);
        const cpu = cpuMs(cpu0);
        await stopProfile();
        const podRate = await creating;
        report('while creating', nodeCount, times.bound, (times.last - times.first) / 1000, cpu, `(CPU includes creating the pods) first to last binding; pods created ${podRate.toFixed(0)}/s alongside`);
      }
      console.log(`  peak RSS so far ${mib(process.resourceUsage().maxRSS * 1024)}, RSS now ${mib(process.memoryUsage().rss)}, heap ${mib(process.memoryUsage().heapUsed)}`);
    } finally {
      await scheduler.stop();
      await schedulerClient.close();
      await client.close();
    }
  }, { scheduler: false });
}

async function main(): Promise<void> {
  console.log(`Skiff scheduler throughput benchmark (figures, not a test): ${POD_COUNT} pods, nodes ${NODE_COUNTS.join(', ')}${QUICK ? ' (quick mode)' : ''}`);
  console.log(`Reference: kube-scheduler ${KUBE_SCHEDULER_REFERENCE} pods/s at 5,000 nodes / 10,000 pods (scheduler_perf CI threshold, larger machines).`);
  for (const nodes of NODE_COUNTS) {
    for (const mode of MODES) await runOnce(mode, nodes);
  }
  console.log(`peak RSS of the benchmark process (scheduler, clients, pod creation): ${mib(process.resourceUsage().maxRSS * 1024)}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
