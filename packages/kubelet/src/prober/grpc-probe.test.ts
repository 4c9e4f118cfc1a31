/** grpc probes against a grpc-js health server on 127.0.0.1: SERVING, NOT_SERVING, no health service, closed port; the wire codec. */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Server, ServerCredentials, status, type sendUnaryData, type ServerUnaryCall, type ServiceDefinition } from '@grpc/grpc-js';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { decodeHealthCheckResponse, encodeHealthCheckRequest, GRPC_HEALTH_CHECK_PATH, probeGrpc } from './grpc-probe.js';
import { newProbeRunner } from './probe-runner.js';

/** Service name -> ServingStatus number the fake server answers. */
const STATUS: Record<string, number> = { '': 1, sick: 2 };
const userAgents: string[] = [];

/** The request decoded by hand on the server side (field 1, short string); an object, since grpc-js takes a falsy request for none. */
function decodeRequest(buf: Buffer): { service: string } {
  return { service: buf.length === 0 ? '' : buf.subarray(2, 2 + buf[1]!).toString('utf8') };
}

const healthService: ServiceDefinition = {
  check: {
    path: GRPC_HEALTH_CHECK_PATH,
    requestStream: false,
    responseStream: false,
    requestSerialize: (v: { service: string }) => encodeHealthCheckRequest(v.service),
    requestDeserialize: decodeRequest,
    responseSerialize: (v: number) => Buffer.from([0x08, v]),
    responseDeserialize: decodeHealthCheckResponse,
  },
};

let server: Server;
let bare: Server;
let port = 0;
let barePort = 0;

async function listen(s: Server): Promise<number> {
  return new Promise((resolve, reject) => s.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))));
}

before(async () => {
  server = new Server();
  const impl = {
    check: (call: ServerUnaryCall<{ service: string }, number>, cb: sendUnaryData<number>) => {
      userAgents.push(String(call.metadata.get('user-agent')[0]));
      const s = STATUS[call.request.service];
      if (s === undefined) cb({ code: status.NOT_FOUND, details: 'unknown service' });
      else cb(null, s);
    },
  };
  server.addService(healthService, impl);
  port = await listen(server);
  bare = new Server();
  barePort = await listen(bare);
});

after(() => {
  server.forceShutdown();
  bare.forceShutdown();
});

test('the HealthCheck codec round-trips and skips unknown fields', () => {
  assert.deepEqual(encodeHealthCheckRequest(''), Buffer.alloc(0));
  assert.deepEqual(encodeHealthCheckRequest('ab'), Buffer.from([0x0a, 2, 0x61, 0x62]));
  assert.equal(encodeHealthCheckRequest('x'.repeat(200)).subarray(1, 3).toString('hex'), 'c801', 'a two-byte varint length');
  assert.equal(decodeHealthCheckResponse(Buffer.from([0x12, 1, 0x41, 0x08, 2])), 2);
  assert.equal(decodeHealthCheckResponse(Buffer.alloc(0)), 0);
});

test('SERVING is Success; NOT_SERVING and errors are Failures worded as the kubelet does', async () => {
  assert.deepEqual(await probeGrpc('127.0.0.1', port, '', 2_000), { result: 'Success', output: 'service healthy' });
  assert.match(userAgents.at(-1)!, /^kube-probe\/1\.31/);
  assert.deepEqual(await probeGrpc('127.0.0.1', port, 'sick', 2_000), { result: 'Failure', output: 'service unhealthy (responded with "NOT_SERVING")' });
  const missing = await probeGrpc('127.0.0.1', port, 'nope', 2_000);
  assert.equal(missing.result, 'Failure');
  assert.match(missing.output, /^error: health rpc probe failed: 5 NOT_FOUND: unknown service/);
  const bareResult = await probeGrpc('127.0.0.1', barePort, '', 2_000);
  assert.equal(bareResult.result, 'Failure');
  assert.match(bareResult.output, /^error: this server does not implement the grpc health protocol \(grpc\.health\.v1\.Health\)/);
});

test('a port nobody listens on fails after the timeout; the runner probes the pod IP and named port', async () => {
  const closed = new Server();
  const closedPort = await listen(closed);
  closed.forceShutdown();
  assert.deepEqual(await probeGrpc('127.0.0.1', closedPort, '', 300), {
    result: 'Failure',
    output: `timeout: failed to connect service "127.0.0.1:${closedPort}" within 0.3s: context deadline exceeded`,
  });
  const runner = newProbeRunner({ execSync: () => Promise.reject(new Error('unused')) });
  const container = { name: 'g', ports: [{ name: 'grpc', containerPort: port }] };
  const pod: Pod = { metadata: { name: 'p', namespace: 'default', uid: 'u' }, spec: { containers: [container] } };
  assert.deepEqual(await runner('liveness', { grpc: { port } }, { pod, container, containerId: 'c', podIP: '127.0.0.1' }), {
    result: 'Success',
    output: 'service healthy',
  });
});
