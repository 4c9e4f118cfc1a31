/** Integration test: DefaultBinder binds through pods/<name>/binding over REST and over gRPC. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { startTestApiServer } from '@skiff/apiserver/testing';
import { GrpcResourceClient, RestResourceClient, type ApiObject, type ResourceClient } from '@skiff/client';
import { CycleState, Code } from '../framework/index.js';
import { DefaultBinder } from './default-binder.js';
import { PODS } from '../scheduler/scheduler.js';

test('DefaultBinder sets spec.nodeName through the binding subresource (REST and gRPC); a missing pod is an Error', async () => {
  const server = await startTestApiServer({ grpcPort: 0 });
  const clients: ResourceClient[] = [new RestResourceClient({ server: server.url }), new GrpcResourceClient({ address: server.grpcAddress! })];
  try {
    for (const [i, client] of clients.entries()) {
      const name = `p${i}`;
      const pod = await client.create<Pod & ApiObject>(PODS, 'default', { apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { containers: [{ name: 'c', image: 'pause' }] } });
      const binder = new DefaultBinder(client);
      assert.equal(await binder.bind(new CycleState(), pod, `node-${i}`), undefined);
      assert.equal((await client.get<Pod & ApiObject>(PODS, 'default', name)).spec?.nodeName, `node-${i}`);
      const missing = await binder.bind(new CycleState(), { metadata: { name: 'nope', namespace: 'default' } }, 'node-x');
      assert.equal(missing?.code, Code.Error);
      assert.match(missing!.message(), /not found/);
    }
  } finally {
    for (const c of clients) await c.close();
    await server.stop();
  }
});
