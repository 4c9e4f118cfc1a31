/** Integration: HTTPS with client-certificate authentication; anonymous callers get 401 except on public paths. */
import assert from 'node:assert/strict';
import { request } from 'node:https';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { ensurePki, issueClientCertificate, type Pki } from '../pki/index.js';
import { startTestApiServer, type TestApiServer } from '../testing/test-server.js';

let api: TestApiServer;
let dir: string;
let pki: Pki;

before(async () => {
  api = await startTestApiServer({ tls: true });
  dir = api.dir;
  pki = api.pki!;
});

after(() => api?.stop());

function get(path: string, cert?: { cert: string; key: string }): Promise<{ status: number; body: string }> {
  const { port } = api.server.address();
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, ca: pki.caCertPem, ...(cert ?? {}) }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

test('anonymous requests are 401 Unauthorized as a Status', async () => {
  const r = await get('/api/v1/namespaces');
  assert.equal(r.status, 401);
  const status = JSON.parse(r.body);
  assert.equal(status.kind, 'Status');
  assert.equal(status.reason, 'Unauthorized');
});

test('health and version are public', async () => {
  assert.equal((await get('/readyz')).status, 200);
  assert.equal((await get('/livez')).status, 200);
  assert.equal(JSON.parse((await get('/version')).body).minor, '31');
});

test('a client certificate signed by the cluster CA authenticates', async () => {
  const r = await get('/api/v1/namespaces', { cert: pki.adminCertPem, key: pki.adminKeyPem });
  assert.equal(r.status, 200);
  assert.equal(JSON.parse(r.body).kind, 'NamespaceList');
});

test('a certificate from another CA does not', async () => {
  const other = await ensurePki(join(dir, 'other-pki'), { hosts: ['127.0.0.1'] });
  const stranger = await issueClientCertificate(other, { commonName: 'mallory', organizations: ['system:masters'], dir: join(dir, 'other-pki'), name: 'mallory' });
  const r = await get('/api/v1/namespaces', { cert: stranger.certPem, key: stranger.keyPem });
  assert.equal(r.status, 401);
});
