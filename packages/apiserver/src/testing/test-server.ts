/** Starts a real etcd and an in-process API server on loopback for integration tests. */
import { startEtcd, type EtcdProcess } from '@skiff/storage';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { ensurePki, type Pki } from '../pki/index.js';
import { createApiServer, type ApiServer, type ApiServerOptions } from '../server.js';

/** Watch cache size of the test server. */
export const WATCH_CACHE_CAPACITY = 50;

export interface TestApiServer {
  /** The running API server (a new one after `restart()`). */
  server: ApiServer;
  etcd: EtcdProcess;
  url: string;
  /** A temp directory removed by `stop()`; etcd's data and, with `tls`, the PKI (`pki/`) live in it. */
  dir: string;
  /** With `tls`: the cluster CA, serving and admin certificates (files in `dir/pki`). */
  pki?: Pki;
  /** `host:port` of the gRPC transport, when started with `grpcPort`. */
  grpcAddress?: string;
  /** fetch against the server with JSON helpers (plain HTTP only). */
  request(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; body: any; headers: Headers }>;
  /** Stops the API server and starts a new one with the same options on the same etcd and port. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export interface TestApiServerOptions {
  /** Also serve skiff.v1.Resources over gRPC (0 = a free port); without `tls` every gRPC caller is admin too. */
  grpcPort?: number;
  /**
   * Serve HTTPS (and gRPC over TLS) with a fresh PKI, authenticating callers by client certificate as
   * the real server does. `hosts`: the names the serving certificate carries (default 127.0.0.1 and localhost).
   */
  tls?: boolean | { hosts: string[] };
}

/** The one user every caller of a plain-HTTP test server is. */
const testAdmin = () => ({ name: 'test-admin', groups: ['system:masters', 'system:authenticated'] });
const DEFAULT_TLS_HOSTS = ['127.0.0.1', 'localhost'];

/** Transport and authentication: every caller is admin over plain HTTP; client certificates of `pki` over TLS. */
function securityOptions(grpcPort: number | undefined, pki: Pki | undefined): Partial<ApiServerOptions> {
  const grpc = grpcPort !== undefined ? { grpcPort } : {};
  if (pki) return { ...grpc, tls: { key: pki.servingKeyPem, cert: pki.servingCertPem, ca: pki.caCertPem } };
  return { ...grpc, authenticate: testAdmin, ...(grpcPort !== undefined ? { grpcAuthenticate: testAdmin } : {}) };
}

export async function startTestApiServer(options: TestApiServerOptions = {}): Promise<TestApiServer> {
  const dir = await mkdtemp(join(tmpdir(), 'skiff-apiserver-test-'));
  let etcd: EtcdProcess | undefined;
  let pki: Pki | undefined;
  let server: ApiServer | undefined;
  const start = async (port: number, grpcPort = options.grpcPort): Promise<ApiServer> => {
    const started = await createApiServer({
      etcdServers: [etcd!.endpoint],
      bindAddress: '127.0.0.1',
      securePort: port,
      ...securityOptions(grpcPort, pki),
      serviceClusterIpRange: '10.96.0.0/24',
      serviceNodePortRange: '30000-30100',
      compactionIntervalMs: 60 * 60 * 1000,
      // Small, so a test can push a revision out of the cache's window and see 410 Gone.
      watchCacheCapacity: WATCH_CACHE_CAPACITY,
      logger: pino({ level: 'silent' }),
    });
    await started.start();
    return started;
  };
  try {
    etcd = await startEtcd({ dataDir: join(dir, 'etcd') });
    if (options.tls) pki = await ensurePki(join(dir, 'pki'), { hosts: options.tls === true ? DEFAULT_TLS_HOSTS : options.tls.hosts });
    server = await start(0);
  } catch (err) {
    await server?.stop().catch(() => undefined);
    await etcd?.stop();
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
  const url = server.url();
  const grpc = server.grpcAddress();
  const test: TestApiServer = {
    server,
    etcd,
    url,
    dir,
    ...(pki ? { pki } : {}),
    ...(grpc ? { grpcAddress: `${grpc.host}:${grpc.port}` } : {}),
    async request(method, path, body, headers = {}) {
      if (pki) throw new Error('TestApiServer.request speaks plain HTTP; over TLS use a client with pki.adminCertPem');
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
    async restart() {
      await test.server.stop();
      test.server = await start(test.server.address().port, grpc?.port);
    },
    async stop() {
      try {
        await test.server.stop();
      } finally {
        await test.etcd.stop();
        await rm(dir, { recursive: true, force: true });
      }
    },
  };
  return test;
}
