/** A real TLS handshake over loopback with the generated certificates: server auth by SAN, client auth by the CA. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, request, type RequestOptions } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TLSSocket } from 'node:tls';
import { ensurePki, type Pki } from './ensure-pki.js';
import { issueClientCertificate } from './client-certificate.js';

const HOSTS = ['127.0.0.1', 'localhost', 'kubernetes.default.svc', '10.96.0.1'];

/** Serves the verified peer's subject as JSON; clients without a certificate of this CA are refused. */
async function withServer(pki: Pki, fn: (port: number) => Promise<void>): Promise<void> {
  const server = createServer(
    { key: pki.servingKeyPem, cert: pki.servingCertPem, ca: pki.caCertPem, requestCert: true, rejectUnauthorized: true },
    (req, res) => {
      const socket = req.socket as TLSSocket;
      const peer = socket.getPeerCertificate();
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ authorized: socket.authorized, CN: peer.subject.CN, O: peer.subject.O }));
    },
  );
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  try {
    await fn((server.address() as AddressInfo).port);
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}

function get(options: RequestOptions): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request({ method: 'GET', path: '/', agent: false, ...options }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve(body));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

async function withPkis(fn: (pki: Pki, other: Pki, dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'skiff-tls-'));
  try {
    const pki = await ensurePki(join(dir, 'pki'), { hosts: HOSTS });
    const other = await ensurePki(join(dir, 'other'), { hosts: HOSTS });
    await fn(pki, other, dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

test('an admin client and the apiserver certificate complete a mutual TLS handshake; the server reads CN and O', () =>
  withPkis((pki) =>
    withServer(pki, async (port) => {
      const body = await get({ host: '127.0.0.1', port, ca: pki.caCertPem, cert: pki.adminCertPem, key: pki.adminKeyPem });
      assert.deepEqual(JSON.parse(body), { authorized: true, CN: 'kubernetes-admin', O: 'system:masters' });
      // The DNS SAN is checked too when the client asks for a name.
      const byName = await get({ host: '127.0.0.1', servername: 'kubernetes.default.svc', port, ca: pki.caCertPem, cert: pki.adminCertPem, key: pki.adminKeyPem });
      assert.equal(JSON.parse(byName).CN, 'kubernetes-admin');
    }),
  ));

test('a component certificate from issueClientCertificate is accepted with its own CN and O', () =>
  withPkis((pki, _other, dir) =>
    withServer(pki, async (port) => {
      const issued = await issueClientCertificate(pki, { commonName: 'system:kube-scheduler', organizations: ['system:schedulers'], dir, name: 'scheduler' });
      const body = await get({ host: '127.0.0.1', port, ca: pki.caCertPem, cert: issued.certPem, key: issued.keyPem });
      assert.deepEqual(JSON.parse(body), { authorized: true, CN: 'system:kube-scheduler', O: 'system:schedulers' });
    }),
  ));

test('the server refuses a client without a certificate and one signed by another CA', () =>
  withPkis((pki, other) =>
    withServer(pki, async (port) => {
      await assert.rejects(get({ host: '127.0.0.1', port, ca: pki.caCertPem }));
      await assert.rejects(get({ host: '127.0.0.1', port, ca: pki.caCertPem, cert: other.adminCertPem, key: other.adminKeyPem }));
    }),
  ));

test('a client refuses the server under a name outside its SANs or when it trusts another CA', () =>
  withPkis((pki, other) =>
    withServer(pki, async (port) => {
      const creds = { cert: pki.adminCertPem, key: pki.adminKeyPem };
      await assert.rejects(get({ host: '127.0.0.1', servername: 'elsewhere.test', port, ca: pki.caCertPem, ...creds }), { code: 'ERR_TLS_CERT_ALTNAME_INVALID' });
      await assert.rejects(get({ host: '127.0.0.1', port, ca: other.caCertPem, ...creds }), /certificate/);
    }),
  ));
