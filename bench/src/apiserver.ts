/**
 * Benchmark of the API server (not a test): pods created per second through REST at several
 * concurrencies beside raw etcd puts of the same bytes, and watch fan-out to 1,000 watchers.
 */
import { Etcd3 } from 'etcd3';
import { execFile } from 'node:child_process';
import { readFile, mkdtemp, rm } from 'node:fs/promises';
import { Agent, request } from 'node:https';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { parse as parseYaml } from 'yaml';

const run = promisify(execFile);
const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const cli = join(repoRoot, 'deploy', 'dist', 'cli.js');

/** Concurrencies measured, as the benchmark's brief asks. */
const CONCURRENCIES = [1, 16, 64];
/** Creates per concurrency level: enough for a stable p99 without a long run. */
const CREATES: Record<number, number> = { 1: 500, 16: 2000, 64: 3000 };
const WATCHERS = Number(process.env.BENCH_WATCHERS ?? 1000);

interface Cluster {
  server: URL;
  agent: Agent;
  etcdEndpoint: string;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => resolve(typeof a === 'object' && a ? a.port : 0));
    });
  });
}

async function loadCluster(stateDir: string, sockets: number): Promise<Cluster> {
  const kubeconfig = parseYaml(await readFile(join(stateDir, 'kubeconfig'), 'utf8')) as {
    clusters: { cluster: { server: string; 'certificate-authority-data': string } }[];
    users: { user: { 'client-certificate-data': string; 'client-key-data': string } }[];
  };
  const state = JSON.parse(await readFile(join(stateDir, 'state.json'), 'utf8')) as Record<string, unknown>;
  const etcdEndpoint = findEtcdEndpoint(state);
  const b64 = (s: string) => Buffer.from(s, 'base64');
  const agent = new Agent({
    keepAlive: true,
    maxSockets: sockets,
    ca: b64(kubeconfig.clusters[0]!.cluster['certificate-authority-data']),
    cert: b64(kubeconfig.users[0]!.user['client-certificate-data']),
    key: b64(kubeconfig.users[0]!.user['client-key-data']),
  });
  return { server: new URL(kubeconfig.clusters[0]!.cluster.server), agent, etcdEndpoint };
}

/** The launcher's state file names the etcd client URL; find it whatever the key's nesting. */
function findEtcdEndpoint(state: unknown): string {
  const stack = [state];
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v === 'string' && /^http:\/\/127\.0\.0\.1:\d+$/.test(v)) return v;
    if (v && typeof v === 'object') {
      const entries = Object.entries(v as Record<string, unknown>);
      const etcd = entries.find(([k]) => k.toLowerCase().includes('etcd'));
      if (etcd) stack.push(etcd[1]);
      else stack.push(...entries.map(([, x]) => x));
    }
  }
  throw new Error('no etcd endpoint in state.json');
}

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

function pod(name: string) {
  return JSON.stringify({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, labels: { app: 'bench' } },
    spec: { containers: [{ name: 'c', image: 'busybox:1.36', command: ['sleep', '3600'], resources: { requests: { cpu: '10m', memory: '16Mi' } } }] },
  });
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

interface Figures {
  perSecond: number;
  p50: number;
  p99: number;
}

/** Runs `total` operations with `concurrency` in flight; latency in ms. */
async function measure(total: number, concurrency: number, op: (i: number) => Promise<void>): Promise<Figures> {
  const latencies: number[] = [];
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        const i = next++;
        const t0 = performance.now();
        await op(i);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - start) / 1000;
  latencies.sort((a, b) => a - b);
  return { perSecond: total / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
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
      const r = await call(cluster, 'POST', `/api/v1/namespaces/${ns}/pods`, pod(`p-${i}`));
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
  const stateDir = await mkdtemp(join(tmpdir(), 'skiff-bench-'));
  const port = await freePort();
  console.log('Skiff API server benchmark (figures, not a test)');
  try {
    await run(process.execPath, [cli, 'up', '--nodes', '0', '--state-dir', stateDir, '--no-kubeconfig-merge', '--port', String(port)], { timeout: 120_000 });
    const cluster = await loadCluster(stateDir, WATCHERS + 128);
    const etcd = new Etcd3({ hosts: cluster.etcdEndpoint });
    try {
      await benchCreates(cluster, etcd);
      await benchWatchFanOut(cluster);
    } finally {
      etcd.close();
      cluster.agent.destroy();
    }
  } finally {
    await run(process.execPath, [cli, 'down', '--state-dir', stateDir, '--purge']).catch(() => undefined);
    await rm(stateDir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
