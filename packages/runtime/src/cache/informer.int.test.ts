/** Integration test: an informer against a real etcd + API server stays converged across an apiserver restart and a 410 after compaction. */
import { startTestApiServer, WATCH_CACHE_CAPACITY, type TestApiServer } from '@skiff/apiserver/testing';
import { GrpcResourceClient, RestResourceClient, type ApiObject, type ResourceClient, type ResourceRef, type WatchStream } from '@skiff/client';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SharedInformer } from './informer.js';
import { isExpired } from './reflector.js';
import { objectKey } from './store.js';
import { DeletedFinalStateUnknown } from './tombstone.js';

const CONFIGMAPS: ResourceRef = { group: '', version: 'v1', resource: 'configmaps', namespaced: true };
const NS = 'informer-int';
/** Generous bound on waiting for convergence; a hang fails instead of blocking the run. */
const CONVERGE_TURNS = 1200;
const POLL_MS = 50;

/** Wraps a client: records 410s, and can hold new watches (and cut open ones) so the test can make the informer fall behind. */
class GatedClient implements ResourceClient {
  expiredSeen = 0;
  watchCalls = 0;
  private held: Promise<void> | undefined;
  private release_: (() => void) | undefined;
  private readonly open = new Set<WatchStream>();

  constructor(private readonly inner: ResourceClient) {}

  hold(): void {
    this.held = new Promise((resolve) => (this.release_ = resolve));
    for (const w of this.open) w.stop();
  }

  release(): void {
    this.held = undefined;
    this.release_?.();
  }

  list: ResourceClient['list'] = (...args) => this.inner.list(...args);

  watch: ResourceClient['watch'] = async <T extends ApiObject>(...args: Parameters<ResourceClient['watch']>) => {
    this.watchCalls++;
    while (this.held) await this.held;
    let stream: WatchStream<T>;
    try {
      stream = await this.inner.watch<T>(...args);
    } catch (err) {
      if (isExpired(err)) this.expiredSeen++;
      throw err;
    }
    this.open.add(stream);
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const self = this;
    return {
      stop: () => stream.stop(),
      async *[Symbol.asyncIterator]() {
        try {
          for await (const event of stream) {
            if (event.type === 'ERROR' && isExpired(event.object)) self.expiredSeen++;
            yield event;
          }
        } finally {
          self.open.delete(stream);
        }
      },
    };
  };

  get: ResourceClient['get'] = (...args) => this.inner.get(...args);
  create: ResourceClient['create'] = (...args) => this.inner.create(...args);
  update: ResourceClient['update'] = (...args) => this.inner.update(...args);
  patch: ResourceClient['patch'] = (...args) => this.inner.patch(...args);
  delete: ResourceClient['delete'] = (...args) => this.inner.delete(...args);
  close = (): Promise<void> => this.inner.close();
}

async function call(api: TestApiServer, method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<any> {
  const res = await api.request(method, path, body, headers);
  assert.ok(res.status < 300, `${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

const cmPath = (name?: string) => `/api/v1/namespaces/${NS}/configmaps${name ? `/${name}` : ''}`;
const createCm = (api: TestApiServer, name: string) => call(api, 'POST', cmPath(), { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { v: '0' } });
const patchCm = (api: TestApiServer, name: string, v: string) =>
  call(api, 'PATCH', cmPath(name), { data: { v } }, { 'content-type': 'application/merge-patch+json' });
const deleteCm = (api: TestApiServer, name: string) => call(api, 'DELETE', cmPath(name));

/** name -> resourceVersion of a fresh list from the server. */
async function serverState(api: TestApiServer): Promise<Map<string, string>> {
  const list = await call(api, 'GET', cmPath());
  return new Map((list.items as ApiObject[]).map((o) => [o.metadata!.name!, o.metadata!.resourceVersion!]));
}

const sorted = (m: Map<string, string>) => [...m.entries()].sort(([a], [b]) => a.localeCompare(b));

/** The same scenario over each transport the cluster's components may use. */
const TRANSPORTS: { name: string; grpc: boolean; connect(api: TestApiServer): ResourceClient }[] = [
  { name: 'REST', grpc: false, connect: (api) => new RestResourceClient({ server: api.url }) },
  { name: 'gRPC', grpc: true, connect: (api) => new GrpcResourceClient({ address: api.grpcAddress! }) },
];

for (const transport of TRANSPORTS) {
  test(`an informer over ${transport.name} converges and stays converged across an apiserver restart and a 410 after compaction`, { timeout: 180_000 }, async () => {
    const api = await startTestApiServer(transport.grpc ? { grpcPort: 0 } : {});
    const rest = transport.connect(api);
    let informer: SharedInformer | undefined;
    try {
      await call(api, 'POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } });
      for (let i = 0; i < 23; i++) await createCm(api, `cm-${i}`);

      const client = new GatedClient(rest);
      informer = new SharedInformer(client, CONFIGMAPS, { namespace: NS, pageSize: 7 });
      const cache = informer;
      // What the handlers alone say the world is: proves no event was missed or invented.
      const mirror = new Map<string, string>();
      const anomalies: string[] = [];
      const tombstones: string[] = [];
      cache.addEventHandler({
        onAdd: (o, initial) => {
          if (mirror.has(o.metadata!.name!)) anomalies.push(`add of known ${objectKey(o)} (initial=${initial})`);
          mirror.set(o.metadata!.name!, o.metadata!.resourceVersion!);
        },
        onUpdate: (old, o) => {
          if (!mirror.has(o.metadata!.name!)) anomalies.push(`update of unknown ${objectKey(o)}`);
          if (Number(o.metadata!.resourceVersion) < Number(old.metadata!.resourceVersion)) anomalies.push(`update back in time ${objectKey(o)}`);
          mirror.set(o.metadata!.name!, o.metadata!.resourceVersion!);
        },
        onDelete: (o) => {
          const obj = o instanceof DeletedFinalStateUnknown ? o.obj : o;
          if (o instanceof DeletedFinalStateUnknown) tombstones.push(obj.metadata!.name!);
          if (!mirror.delete(obj.metadata!.name!)) anomalies.push(`delete of unknown ${obj.metadata!.name}`);
        },
      });
      const running = cache.run();

      const converged = async (stage: string): Promise<void> => {
        let want = new Map<string, string>();
        for (let turn = 0; turn < CONVERGE_TURNS; turn++) {
          want = await serverState(api);
          const cached = new Map(cache.lister.list().map((o) => [o.metadata!.name!, o.metadata!.resourceVersion!]));
          if (JSON.stringify(sorted(cached)) === JSON.stringify(sorted(want)) && JSON.stringify(sorted(mirror)) === JSON.stringify(sorted(want))) return;
          await new Promise((resolve) => setTimeout(resolve, POLL_MS));
        }
        assert.deepEqual(sorted(new Map(cache.lister.list().map((o) => [o.metadata!.name!, o.metadata!.resourceVersion!]))), sorted(want), `cache at ${stage}`);
        assert.deepEqual(sorted(mirror), sorted(want), `handlers' view at ${stage}`);
      };

      assert.equal(await cache.waitForSync(), true);
      assert.equal(cache.lister.size, 23);
      await converged('initial list');

      // Live churn.
      for (let i = 0; i < 5; i++) await patchCm(api, `cm-${i}`, 'live');
      await deleteCm(api, 'cm-5');
      await createCm(api, 'live-new');
      await converged('live changes');
      assert.ok(client.watchCalls >= 1);

      // Restart the API server on the same etcd and port.
      const watchesBefore = client.watchCalls;
      await api.restart();
      // Changes right after the restart, likely while the informer is still backing off.
      await deleteCm(api, 'cm-6');
      await patchCm(api, 'cm-7', 'after-restart');
      await createCm(api, 'after-restart');
      await converged('apiserver restart');
      assert.ok(client.watchCalls > watchesBefore, 'the informer watched the new server');

      // Push the informer's revision out of the watch cache and compact etcd past it: its next watch gets 410.
      client.hold();
      const gone = ['cm-8', 'cm-9', 'cm-10'];
      for (const name of gone) await deleteCm(api, name);
      for (let i = 0; i < WATCH_CACHE_CAPACITY + 10; i++) await patchCm(api, 'cm-11', `churn-${i}`);
      await createCm(api, 'while-held');
      await api.server.store.compact(await api.server.store.currentRevision());
      client.release();
      await converged('410 after compaction');
      assert.ok(client.expiredSeen >= 1, 'the informer really got a 410');
      for (const name of gone) assert.ok(tombstones.includes(name), `${name} deleted across the relist arrives as a tombstone`);
      assert.deepEqual(anomalies, []);

      await cache.stop();
      await running;
    } finally {
      await informer?.stop();
      await rest.close();
      await api.stop();
    }
  });
}
