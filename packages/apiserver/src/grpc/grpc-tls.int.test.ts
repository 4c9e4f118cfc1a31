/** Integration: the gRPC transport over TLS admits callers with a client certificate of the cluster CA, and no one else. */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { credentials, loadPackageDefinition, Metadata, status as GrpcStatus, type ChannelCredentials, type Client, type ServiceClientConstructor, type ServiceError } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { protoPath, protoRoot } from '@skiff/api';
import { ensurePki, issueClientCertificate, type Pki } from '../pki/index.js';
import { startTestApiServer, type TestApiServer } from '../testing/test-server.js';
import { PROTO_LOADER_OPTIONS } from '@skiff/api';
import { STATUS_TRAILER } from './status-codes.js';

let api: TestApiServer;
let dir: string;
let pki: Pki;
let address: string;
const clients: Client[] = [];

const Resources = (
  loadPackageDefinition(loadSync(protoPath(), { ...PROTO_LOADER_OPTIONS, includeDirs: [protoRoot()] })) as unknown as { skiff: { v1: { Resources: ServiceClientConstructor } } }
).skiff.v1.Resources;

before(async () => {
  api = await startTestApiServer({ tls: true, grpcPort: 0 });
  dir = api.dir;
  pki = api.pki!;
  address = api.grpcAddress!;
});

after(async () => {
  for (const c of clients) c.close();
  await api?.stop();
});

function client(creds: ChannelCredentials): Client {
  const c = new Resources(address, creds);
  clients.push(c);
  return c;
}

/** One unary call: the decoded object, or the error. */
function call(c: Client, method: string, request: unknown): Promise<{ object?: unknown; error?: ServiceError }> {
  return new Promise((resolve) => {
    (c as unknown as Record<string, (r: unknown, m: Metadata, o: object, cb: (e: ServiceError | null, res?: { object: Buffer }) => void) => void>)[method]!.call(
      c,
      request,
      new Metadata(),
      { deadline: Date.now() + 10_000 },
      (error, res) => resolve(error ? { error } : { object: JSON.parse(res!.object.toString('utf8')) }),
    );
  });
}

const target = (name = '') => ({ group: '', version: 'v1', resource: 'configmaps', namespace: 'default', name });

test('a client certificate signed by the cluster CA is accepted', async () => {
  const admin = client(credentials.createSsl(Buffer.from(pki.caCertPem), Buffer.from(pki.adminKeyPem), Buffer.from(pki.adminCertPem)));
  const body = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'over-tls' }, data: { a: '1' } };
  const created = await call(admin, 'Create', { target: target(), object: Buffer.from(JSON.stringify(body)) });
  assert.equal(created.error, undefined);
  const got = await call(admin, 'Get', { target: target('over-tls') });
  assert.deepEqual((got.object as { data: unknown }).data, { a: '1' });

  const scheduler = await issueClientCertificate({ caCertPem: pki.caCertPem, caKeyPem: pki.caKeyPem }, { commonName: 'system:kube-scheduler', organizations: [], dir: join(dir, 'pki'), name: 'scheduler' });
  const other = client(credentials.createSsl(Buffer.from(pki.caCertPem), Buffer.from(scheduler.keyPem), Buffer.from(scheduler.certPem)));
  const missing = await call(other, 'Get', { target: target('nope') });
  assert.equal(missing.error?.code, GrpcStatus.NOT_FOUND, 'the call reached the API');
  const status = JSON.parse((missing.error!.metadata.get(STATUS_TRAILER)[0] as Buffer).toString('utf8'));
  assert.equal(status.reason, 'NotFound');
});

test('without a client certificate the call never reaches the API', async () => {
  const anonymous = client(credentials.createSsl(Buffer.from(pki.caCertPem)));
  const out = await call(anonymous, 'Get', { target: target('over-tls') });
  assert.equal(out.object, undefined);
  assert.equal(out.error?.code, GrpcStatus.UNAVAILABLE);
});

test('a certificate of another CA is refused', async () => {
  const foreign = await ensurePki(join(dir, 'other-pki'), { hosts: ['127.0.0.1'] });
  const stranger = client(credentials.createSsl(Buffer.from(pki.caCertPem), Buffer.from(foreign.adminKeyPem), Buffer.from(foreign.adminCertPem)));
  const out = await call(stranger, 'Get', { target: target('over-tls') });
  assert.equal(out.object, undefined);
  assert.equal(out.error?.code, GrpcStatus.UNAVAILABLE);
});
