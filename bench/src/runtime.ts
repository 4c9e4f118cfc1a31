/**
 * Benchmark of the client runtime (not a test): watch delivery latency to 1,000 gRPC watchers, and
 * the memory an informer needs per 10,000 cached pods. Run with `node --expose-gc`.
 */
import { GrpcResourceClient, RestResourceClient, type ApiObject, type ResourceRef } from '@skiff/client';
import { SharedInformerFactory } from '@skiff/runtime';
import { pino } from 'pino';
import { benchPod, measure, percentile, withCluster, type BenchCluster } from './cluster.js';

const CONFIGMAPS: ResourceRef = { group: '', version: 'v1', resource: 'configmaps', namespaced: true };
const PODS: ResourceRef = { group: '', version: 'v1', resource: 'pods', namespaced: true };
const NAMESPACES: ResourceRef = { group: '', version: 'v1', resource: 'namespaces', namespaced: false };

const WATCHERS = Number(process.env.BENCH_WATCHERS ?? 1000);
/** Watchers share connections as components do: each component process holds one connection with many watches. */
const CONNECTIONS = 10;
/** Writes whose delivery is timed, spaced out so the figure is latency, not a queue draining. */
const WRITES = 200;
const WRITE_GAP_MS = 10;
const CACHED_PODS = Number(process.env.BENCH_PODS ?? 10_000);
/** Give up waiting for deliveries after this long. */
const DELIVERY_TIMEOUT_MS = 120_000;

function grpcClient(bench: BenchCluster): GrpcResourceClient {
  const kc = bench.kubeconfig;
  return new GrpcResourceClient({ address: bench.grpcAddress, tls: { ca: kc.ca!, cert: kc.cert!, key: kc.key! } });
}

async function createNamespace(rest: RestResourceClient, name: string): Promise<void> {
  await rest.create(NAMESPACES, undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
}

async function benchWatchLatency(bench: BenchCluster, rest: RestResourceClient): Promise<void> {
  const ns = 'bench-grpc-watch';
  await createNamespace(rest, ns);
  const clients = Array.from({ length: CONNECTIONS }, () => grpcClient(bench));
  const from = (await rest.list(CONFIGMAPS, ns)).metadata.resourceVersion;
  const receipts: { rv: string; at: number }[] = [];
  const watches = await Promise.all(Array.from({ length: WATCHERS }, (_, i) => clients[i % CONNECTIONS]!.watch(CONFIGMAPS, ns, { resourceVersion: from })));
  const expected = WATCHERS * WRITES;
  let resolveAll: () => void = () => undefined;
  const allDelivered = new Promise<void>((r) => (resolveAll = r));
  for (const watch of watches) {
    void (async () => {
      for await (const ev of watch) {
        if (ev.type !== 'ADDED') continue;
        receipts.push({ rv: ev.object.metadata?.resourceVersion ?? '', at: performance.now() });
        if (receipts.length === expected) resolveAll();
      }
    })();
  }
  const sentAt = new Map<string, number>();
  for (let i = 0; i < WRITES; i++) {
    const t0 = performance.now();
    const created = await rest.create<ApiObject>(CONFIGMAPS, ns, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `cm-${i}` }, data: { i: String(i) } });
    sentAt.set(created.metadata?.resourceVersion ?? '', t0);
    await new Promise((r) => setTimeout(r, WRITE_GAP_MS));
  }
  const timer = setTimeout(resolveAll, DELIVERY_TIMEOUT_MS);
  await allDelivered;
  clearTimeout(timer);
  const latencies = receipts.map((r) => r.at - (sentAt.get(r.rv) ?? Number.NaN)).filter((x) => !Number.isNaN(x)).sort((a, b) => a - b);
  for (const w of watches) w.stop();
  await Promise.all(clients.map((c) => c.close()));
  console.log(`\nWatch delivery over gRPC: ${WATCHERS} watchers on ${CONNECTIONS} connections, ${WRITES} writes ${WRITE_GAP_MS} ms apart`);
  console.log(`delivered ${receipts.length} of ${expected} events; write-to-delivery latency p50 ${percentile(latencies, 50).toFixed(1)} ms, p99 ${percentile(latencies, 99).toFixed(1)} ms, max ${latencies[latencies.length - 1]!.toFixed(1)} ms`);
}

function heapUsed(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed;
}

async function benchInformerMemory(bench: BenchCluster, rest: RestResourceClient): Promise<void> {
  const ns = 'bench-informer';
  await createNamespace(rest, ns);
  const created = await measure(CACHED_PODS, 64, async (i) => {
    await rest.create(PODS, ns, benchPod(`p-${i}`));
  });
  const client = grpcClient(bench);
  const before = heapUsed();
  const factory = new SharedInformerFactory(client, { logger: pino({ level: 'silent' }) });
  const informer = factory.forResource(PODS);
  const t0 = performance.now();
  factory.start();
  await factory.waitForCacheSync();
  const syncMs = performance.now() - t0;
  const cached = informer.lister.size;
  const after = heapUsed();
  await factory.shutdown();
  await client.close();
  const bytes = after - before;
  console.log(`\nInformer memory: ${cached} pods cached over gRPC (created at ${created.perSecond.toFixed(0)}/s, synced in ${syncMs.toFixed(0)} ms)`);
  console.log(`heap growth ${(bytes / 1024 / 1024).toFixed(1)} MiB for ${cached} pods = ${((bytes / cached) * 10_000 / 1024 / 1024).toFixed(1)} MiB per 10,000 pods (${(bytes / cached).toFixed(0)} bytes per pod)${(globalThis as { gc?: unknown }).gc ? '' : ' (run with --expose-gc for exact figures)'}`);
}

async function main(): Promise<void> {
  console.log('Skiff client runtime benchmark (figures, not a test)');
  await withCluster(async (bench) => {
    const rest = RestResourceClient.fromKubeconfig(bench.kubeconfig);
    try {
      await benchWatchLatency(bench, rest);
      await benchInformerMemory(bench, rest);
    } finally {
      await rest.close();
    }
  });
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
