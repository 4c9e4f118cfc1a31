/**
 * Benchmark of the API server (not a test): pods created per second through REST at several
 * concurrencies beside raw etcd puts of the same bytes, and watch fan-out to 1,000 watchers.
 */
import { Etcd3 } from 'etcd3';
import { Agent, request } from 'node:https';
import { benchPod, measure, percentile, withCluster, type BenchCluster } from './cluster.js';

/** An HTTPS connection pool to the apiserver as its admin. */
interface Cluster {
  server: URL;
  agent: Agent;
}

function connect(bench: BenchCluster, sockets: number): Cluster {
  const kc = bench.kubeconfig;
  return { server: new URL(kc.server), agent: new Agent({ keepAlive: true, maxSockets: sockets, ca: kc.ca, cert: kc.cert, key: kc.key }) };
}

/** Concurrencies measured, as the benchmark's brief asks. */
const CONCURRENCIES = [1, 16, 64];
/** Creates per concurrency level: enough for a stable p99 without a long run. */
const CREATES: Record<number, number> = { 1: 500, 16: 2000, 64: 3000 };
const WATCHERS = Number(process.env.BENCH_WATCHERS ?? 1000);

function call(cluster: Cluster, method: string, path: string, body?: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: cluster.server.hostname, port: cluster.server.port, method, path, agent: cluster.agent, headers: body ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } : {} },
      (res) => {
        let data = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (data += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: data }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function createNamespace(cluster: Cluster, name: string): Promise<void> {
  const r = await call(cluster, 'POST', '/api/v1/namespaces', JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } }));
  if (r.status !== 201) throw new Error(`namespace ${name}: ${r.status} ${r.body}`);
}

async function benchCreates(cluster: Cluster, etcd: Etcd3): Promise<void> {
  console.log('\nPod creates through REST vs raw etcd puts of the same JSON bytes');
  console.log('concurrency  creates  REST/s   p50 ms  p99 ms  |  etcd put/s  p50 ms  p99 ms  |  REST/etcd');
  for (const c of CONCURRENCIES) {
    const ns = `bench-c${c}`;
    await createNamespace(cluster, ns);
    const total = CREATES[c]!;
    let sample = '';
    const rest = await measure(total, c, async (i) => {
      const r = await call(cluster, 'POST', `/api/v1/namespaces/${ns}/pods`, JSON.stringify(benchPod(`p-${i}`)));
      if (r.status !== 201) throw new Error(`create failed: ${r.status} ${r.body}`);
      if (i === 0) sample = r.body;
    });
    const bytes = Buffer.from(sample);
    const raw = await measure(total, c, async (i) => {
      await etcd.put(`/bench-raw/c${c}/p-${i}`).value(bytes);
    });
    console.log(
      `${String(c).padStart(11)}  ${String(total).padStart(7)}  ${rest.perSecond.toFixed(0).padStart(6)}  ${rest.p50.toFixed(2).padStart(7)} ${rest.p99.toFixed(2).padStart(7)}  |  ${raw.perSecond.toFixed(0).padStart(10)}  ${raw.p50.toFixed(2).padStart(6)} ${raw.p99.toFixed(2).padStart(7)}  |  ${(rest.perSecond / raw.perSecond).toFixed(3).padStart(9)}`,
    );
  }
  await etcd.delete().prefix('/bench-raw/');
}

/** Opens `count` watches, writes one object, and times until every watcher saw it. */
async function benchWatchFanOut(cluster: Cluster): Promise<void> {
  const ns = 'bench-watch';
  await createNamespace(cluster, ns);
  const list = JSON.parse((await call(cluster, 'GET', `/api/v1/namespaces/${ns}/configmaps`)).body) as { metadata: { resourceVersion: string } };
  const rv = list.metadata.resourceVersion;
  const received: number[] = [];
  const requests: ReturnType<typeof request>[] = [];
  let opened = 0;
  let resolveAll: () => void = () => undefined;
  const allSeen = new Promise<void>((r) => (resolveAll = r));
  const allOpen = new Promise<void>((resolveOpen, rejectOpen) => {
    for (let i = 0; i < WATCHERS; i++) {
      const req = request(
        { host: cluster.server.hostname, port: cluster.server.port, method: 'GET', path: `/api/v1/namespaces/${ns}/configmaps?watch=true&resourceVersion=${rv}`, agent: cluster.agent },
        (res) => {
          opened++;
          if (opened === WATCHERS) resolveOpen();
          let buffer = '';
          let seen = false;
          res.setEncoding('utf8');
          res.on('data', (d: string) => {
            buffer += d;
            if (!seen && buffer.includes('\n')) {
              seen = true;
              received.push(performance.now());
              if (received.length === WATCHERS) resolveAll();
            }
          });
          res.on('error', () => undefined);
        },
      );
      req.on('error', rejectOpen);
      req.end();
      requests.push(req);
    }
  });
  await allOpen;
  const t0 = performance.now();
  const r = await call(cluster, 'POST', `/api/v1/namespaces/${ns}/configmaps`, JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'fan-out' }, data: { a: 'b' } }));
  if (r.status !== 201) throw new Error(`fan-out write failed: ${r.status}`);
  await allSeen;
  const delays = received.map((t) => t - t0).sort((a, b) => a - b);
  console.log(`\nWatch fan-out: ${WATCHERS} watchers, one write`);
  console.log(`all saw it after ${delays[delays.length - 1]!.toFixed(1)} ms (first ${delays[0]!.toFixed(1)} ms, p50 ${percentile(delays, 50).toFixed(1)} ms, p99 ${percentile(delays, 99).toFixed(1)} ms)`);
  for (const req of requests) req.destroy();
}

async function main(): Promise<void> {
  console.log('Skiff API server benchmark (figures, not a test)');
  await withCluster(async (bench) => {
    const cluster = connect(bench, WATCHERS + 128);
    const etcd = new Etcd3({ hosts: bench.etcdEndpoint });
    try {
      await benchCreates(cluster, etcd);
      await benchWatchFanOut(cluster);
    } finally {
      etcd.close();
      cluster.agent.destroy();
    }
  });
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
