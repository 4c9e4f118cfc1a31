/** What every benchmark shares: a cluster brought up with the launcher, and a few figures helpers. */
import { loadKubeconfig, type Kubeconfig } from '@skiff/client';
import { freePort } from '@skiff/storage';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const cli = fileURLToPath(new URL('../../deploy/dist/cli.js', import.meta.url));

export interface BenchCluster {
  stateDir: string;
  kubeconfig: Kubeconfig;
  etcdEndpoint: string;
  /** host:port of the apiserver's gRPC transport. */
  grpcAddress: string;
}

export interface ClusterOptions {
  /**
   * Keep the scheduler `skiff up` starts (default true). A scheduler benchmark stops it, so that only the scheduler
   * it measures binds pods and the launcher's does not compete for the CPU.
   */
  scheduler?: boolean;
  /** Local nodes with kubelets and containerd (default 0: the control plane alone, for benchmarks of the API and scheduling). */
  nodes?: number;
}

/** Waits until process `pid` has exited (polling; it is our own child's child, so no exit event reaches us). */
async function waitForExit(pid: number): Promise<void> {
  for (;;) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Runs `fn` against a fresh cluster (etcd + apiserver, the scheduler unless told not, local nodes if asked, started by `skiff up`), and takes it down after. */
export async function withCluster<T>(fn: (cluster: BenchCluster) => Promise<T>, options: ClusterOptions = {}): Promise<T> {
  const stateDir = await mkdtemp(join(tmpdir(), 'skiff-bench-'));
  try {
    const port = await freePort();
    await run(process.execPath, [cli, 'up', '--nodes', String(options.nodes ?? 0), '--state-dir', stateDir, '--no-kubeconfig-merge', '--port', String(port)], {
      timeout: 300_000,
    });
    const state = JSON.parse(await readFile(join(stateDir, 'state.json'), 'utf8')) as {
      etcd: { endpoint: string };
      apiServer: { grpcPort: number };
      processes?: { name: string; pid: number }[];
    };
    if (options.scheduler === false) {
      for (const p of state.processes ?? []) {
        if (p.name !== 'scheduler') continue;
        process.kill(p.pid, 'SIGTERM');
        await waitForExit(p.pid);
      }
    }
    const kubeconfig = await loadKubeconfig({ path: join(stateDir, 'kubeconfig') });
    return await fn({ stateDir, kubeconfig, etcdEndpoint: state.etcd.endpoint, grpcAddress: `127.0.0.1:${state.apiServer.grpcPort}` });
  } finally {
    await run(process.execPath, [cli, 'down', '--state-dir', stateDir, '--purge']).catch(() => undefined);
    await rm(stateDir, { recursive: true, force: true });
  }
}

/** The value below which `p` percent of `sorted` lie. */
export function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export interface Figures {
  perSecond: number;
  p50: number;
  p99: number;
}

/** Runs `total` operations with `concurrency` in flight; latencies in ms. */
export async function measure(total: number, concurrency: number, op: (i: number) => Promise<void>): Promise<Figures> {
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

/** A small but realistic pod, as the benchmarks create them. */
export function benchPod(name: string): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, labels: { app: 'bench' } },
    spec: { containers: [{ name: 'c', image: 'busybox:1.36', command: ['sleep', '3600'], resources: { requests: { cpu: '10m', memory: '16Mi' } } }] },
  };
}
