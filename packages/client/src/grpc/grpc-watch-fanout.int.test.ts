/** Integration: 1,000 concurrent gRPC watchers each receive every event of a burst of 1,000 writes, in order. */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Worker } from 'node:worker_threads';
import { startTestApiServer, type TestApiServer } from '@skiff/apiserver/testing';
import type { ApiObject, ResourceRef } from '../interface.js';
import type { FanoutWorkerData, FanoutWorkerMessage } from './fanout-watchers.test-worker.js';
import { GrpcResourceClient } from './grpc-resource-client.js';

const WATCHERS = 1_000;
const WRITES = 1_000;
/** Writes in flight at once: enough to make a burst, few enough not to queue thousands of etcd transactions. */
const WRITE_CONCURRENCY = 32;

const configmaps: ResourceRef = { group: '', version: 'v1', resource: 'configmaps', namespaced: true };
const namespaces: ResourceRef = { group: '', version: 'v1', resource: 'namespaces', namespaced: false };

let api: TestApiServer;
let client: GrpcResourceClient;

before(async () => {
  api = await startTestApiServer({ grpcPort: 0 });
  client = new GrpcResourceClient({ address: api.grpcAddress! });
});

after(async () => {
  await client?.close();
  await api?.stop();
});

/** The next message of the worker; its failure or exit is an error. */
function nextMessage(worker: Worker): Promise<FanoutWorkerMessage> {
  return new Promise((resolve, reject) => {
    const cleanup = () => {
      worker.off('message', onMessage);
      worker.off('error', reject);
      worker.off('exit', onExit);
    };
    const onMessage = (m: FanoutWorkerMessage) => {
      cleanup();
      if (m.kind === 'error') reject(new Error(`watcher worker: ${m.message}`));
      else resolve(m);
    };
    const onExit = (code: number) => {
      cleanup();
      reject(new Error(`watcher worker exited with code ${code}`));
    };
    worker.on('message', onMessage);
    worker.on('error', reject);
    worker.on('exit', onExit);
  });
}

test(`${WATCHERS} watchers each see all ${WRITES} writes of a burst, in resourceVersion order`, async (t) => {
  await client.create(namespaces, undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'burst' } });
  const from = (await client.list(configmaps, 'burst')).metadata.resourceVersion!;
  // The watchers run on a thread of their own, as the cluster's components run in processes of their own.
  const workerData: FanoutWorkerData = { address: api.grpcAddress!, resource: configmaps, namespace: 'burst', resourceVersion: from, watchers: WATCHERS, events: WRITES };
  const worker = new Worker(new URL('./fanout-watchers.test-worker.js', import.meta.url), { workerData });
  try {
    const started = performance.now();
    assert.equal((await nextMessage(worker)).kind, 'ready');
    const watching = performance.now();
    const result = nextMessage(worker);

    const written: { rv: number; line: string }[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: WRITE_CONCURRENCY }, async () => {
        while (next < WRITES) {
          const i = next++;
          const obj = await client.create<ApiObject>(configmaps, 'burst', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `cm-${i}` }, data: { i: String(i) } });
          const rv = obj.metadata!.resourceVersion!;
          written.push({ rv: Number(rv), line: `ADDED ${rv} ${obj.metadata?.name}` });
        }
      }),
    );
    const wrote = performance.now();
    const expected = written
      .sort((a, b) => a.rv - b.rv)
      .map((w) => w.line)
      .join('\n');

    const done = await result;
    const finished = performance.now();
    assert.equal(done.kind, 'done');
    if (done.kind !== 'done') return;
    assert.equal(done.sequences.length, 1, 'every watcher received the same sequence');
    const [sequence, watchers] = done.sequences[0]!;
    assert.equal(watchers, WATCHERS);
    assert.equal(sequence, expected);
    t.diagnostic(
      `${WATCHERS} watchers established in ${Math.round(watching - started)} ms; ${WRITES} writes took ${Math.round(wrote - watching)} ms; ` +
        `all ${WATCHERS * WRITES} events delivered ${Math.round(finished - watching)} ms after the burst began`,
    );
  } finally {
    await worker.terminate();
  }
});
