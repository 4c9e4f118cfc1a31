/** Starts a real etcd and an in-process API server on loopback for integration tests. */
import { startEtcd, type EtcdProcess } from '@skiff/storage';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { createApiServer, type ApiServer } from '../server.js';

/** Watch cache size of the test server. */
export const WATCH_CACHE_CAPACITY = 50;

export interface TestApiServer {
  server: ApiServer;
  etcd: EtcdProcess;
  url: string;
  /** `host:port` of the gRPC transport, when started with `grpcPort`. */
  grpcAddress?: string;
  /** fetch against the server with JSON helpers. */
  request(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; body: any; headers: Headers }>;
  stop(): Promise<void>;
}

export interface TestApiServerOptions {
  /** Also serve skiff.v1.Resources over plain gRPC (0 = a free port); every gRPC caller is admin too. */
  grpcPort?: number;
}

/** The one user every test caller is. */
const testAdmin = () => ({ name: 'test-admin', groups: ['system:masters', 'system:authenticated'] });

export async function startTestApiServer(options: TestApiServerOptions = {}): Promise<TestApiServer> {
  const dir = await mkdtemp(join(tmpdir(), 'skiff-apiserver-test-'));
  const etcd = await startEtcd({ dataDir: join(dir, 'etcd') });
  let server: ApiServer | undefined;
  try {
    server = await createApiServer({
      etcdServers: [etcd.endpoint],
      bindAddress: '127.0.0.1',
      securePort: 0,
      authenticate: testAdmin,
      ...(options.grpcPort !== undefined ? { grpcPort: options.grpcPort, grpcAuthenticate: testAdmin } : {}),
      serviceClusterIpRange: '10.96.0.0/24',
      serviceNodePortRange: '30000-30100',
      compactionIntervalMs: 60 * 60 * 1000,
      // Small, so a test can push a revision out of the cache's window and see 410 Gone.
      watchCacheCapacity: WATCH_CACHE_CAPACITY,
      logger: pino({ level: 'silent' }),
    });
    await server.start();
  } catch (err) {
    await server?.stop().catch(() => undefined);
    await etcd.stop();
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
  const url = server.url();
  const started = server;
  return {
    server: started,
    etcd,
    url,
    ...(started.grpcAddress() ? { grpcAddress: `${started.grpcAddress()!.host}:${started.grpcAddress()!.port}` } : {}),
    async request(method, path, body, headers = {}) {
      const init: RequestInit = { method, headers: { accept: 'application/json', ...headers } };
      if (body !== undefined) {
        init.body = typeof body === 'string' || body instanceof Uint8Array ? (body as string) : JSON.stringify(body);
        (init.headers as Record<string, string>)['content-type'] ??= 'application/json';
      }
      const res = await fetch(url + path, init);
      const text = await res.text();
      let parsed: unknown = text;
      try {
        parsed = JSON.parse(text);
      } catch {
        // not JSON: keep the text
      }
      return { status: res.status, body: parsed as any, headers: res.headers };
    },
    async stop() {
      await started.stop();
      await etcd.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
