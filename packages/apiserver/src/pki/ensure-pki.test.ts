/** Tests for ensurePki: files and modes, chains, SANs, admin subject, reuse and regeneration. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensurePki } from './ensure-pki.js';

const HOSTS = [
  '127.0.0.1',
  'localhost',
  'kubernetes',
  'kubernetes.default',
  'kubernetes.default.svc',
  'kubernetes.default.svc.cluster.local',
  '10.96.0.1',
];

async function withDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'skiff-pki-'));
  try {
    await fn(join(dir, 'pki'));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function sans(pem: string): string[] {
  return (new X509Certificate(pem).subjectAltName ?? '').split(', ').sort();
}

test('ensurePki writes a CA, a serving and an admin certificate with PKCS#8 keys readable by the owner only', () =>
  withDir(async (dir) => {
    const pki = await ensurePki(dir, { hosts: HOSTS });
    for (const path of [pki.caKeyPath, pki.servingKeyPath, pki.adminKeyPath]) {
      assert.equal((await stat(path)).mode & 0o777, 0o600, path);
      assert.match(await readFile(path, 'utf8'), /^-----BEGIN PRIVATE KEY-----\n/);
    }
    for (const path of [pki.caCertPath, pki.servingCertPath, pki.adminCertPath]) {
      assert.equal((await stat(path)).mode & 0o777, 0o644, path);
    }
    assert.equal((await stat(dir)).mode & 0o777, 0o700);
    assert.deepEqual(
      [pki.caCertPath, pki.caKeyPath, pki.servingCertPath, pki.adminCertPath].map((p) => p.slice(dir.length + 1)),
      ['ca.crt', 'ca.key', 'apiserver.crt', 'admin.crt'],
    );
    assert.equal(await readFile(pki.caCertPath, 'utf8'), pki.caCertPem);
  }));

test('the serving and admin certificates chain to the CA, which is a CA', () =>
  withDir(async (dir) => {
    const pki = await ensurePki(dir, { hosts: HOSTS });
    const ca = new X509Certificate(pki.caCertPem);
    assert.equal(ca.ca, true);
    assert.equal(ca.verify(ca.publicKey), true);
    for (const pem of [pki.servingCertPem, pki.adminCertPem]) {
      const cert = new X509Certificate(pem);
      assert.equal(cert.ca, false);
      assert.equal(cert.checkIssued(ca), true);
      assert.equal(cert.verify(ca.publicKey), true);
    }
    assert.equal(new X509Certificate(pki.servingCertPem).checkPrivateKey(createPrivateKey(pki.servingKeyPem)), true);
  }));

test('the serving certificate names every host: IPs as IP SANs, names as DNS SANs, for server auth', () =>
  withDir(async (dir) => {
    const pki = await ensurePki(dir, { hosts: HOSTS });
    assert.deepEqual(
      sans(pki.servingCertPem),
      [
        'DNS:kubernetes',
        'DNS:kubernetes.default',
        'DNS:kubernetes.default.svc',
        'DNS:kubernetes.default.svc.cluster.local',
        'DNS:localhost',
        'IP Address:10.96.0.1',
        'IP Address:127.0.0.1',
      ].sort(),
    );
    assert.deepEqual(new X509Certificate(pki.servingCertPem).keyUsage, ['1.3.6.1.5.5.7.3.1']);
  }));

test('the admin certificate is CN=kubernetes-admin, O=system:masters, for client auth', () =>
  withDir(async (dir) => {
    const pki = await ensurePki(dir, { hosts: HOSTS });
    const admin = new X509Certificate(pki.adminCertPem);
    assert.deepEqual(admin.subject.split('\n').sort(), ['CN=kubernetes-admin', 'O=system:masters']);
    assert.deepEqual(admin.keyUsage, ['1.3.6.1.5.5.7.3.2']);
    assert.equal(admin.subjectAltName, undefined);
  }));

test('a second call reuses every file unchanged', () =>
  withDir(async (dir) => {
    const first = await ensurePki(dir, { hosts: HOSTS });
    const before = await readFile(first.servingKeyPath, 'utf8');
    const second = await ensurePki(dir, { hosts: [...HOSTS].reverse() });
    assert.deepEqual(second, first);
    assert.equal(await readFile(first.servingKeyPath, 'utf8'), before);
  }));

test('a host the serving certificate lacks makes a new serving certificate that keeps the old names', () =>
  withDir(async (dir) => {
    const first = await ensurePki(dir, { hosts: HOSTS });
    const second = await ensurePki(dir, { hosts: ['127.0.0.1', '192.0.2.7', 'skiff.test'] });
    assert.notEqual(second.servingCertPem, first.servingCertPem);
    assert.equal(second.caCertPem, first.caCertPem);
    assert.equal(second.adminCertPem, first.adminCertPem);
    const names = sans(second.servingCertPem);
    for (const expected of ['IP Address:192.0.2.7', 'DNS:skiff.test', 'IP Address:10.96.0.1', 'DNS:kubernetes.default.svc']) {
      assert.ok(names.includes(expected), `${expected} in ${names.join(', ')}`);
    }
    assert.equal(new X509Certificate(second.servingCertPem).verify(new X509Certificate(first.caCertPem).publicKey), true);
  }));

test('a lost CA key makes a new CA and re-issues the certificates it signed', () =>
  withDir(async (dir) => {
    const first = await ensurePki(dir, { hosts: HOSTS });
    await unlink(first.caKeyPath);
    const second = await ensurePki(dir, { hosts: HOSTS });
    assert.notEqual(second.caCertPem, first.caCertPem);
    const ca = new X509Certificate(second.caCertPem);
    assert.equal(new X509Certificate(second.servingCertPem).verify(ca.publicKey), true);
    assert.equal(new X509Certificate(second.adminCertPem).verify(ca.publicKey), true);
  }));

test('a key that does not match its certificate is replaced', () =>
  withDir(async (dir) => {
    const first = await ensurePki(dir, { hosts: HOSTS });
    await writeFile(first.adminKeyPath, first.servingKeyPem);
    const second = await ensurePki(dir, { hosts: HOSTS });
    assert.notEqual(second.adminCertPem, first.adminCertPem);
    assert.equal(new X509Certificate(second.adminCertPem).checkPrivateKey(createPrivateKey(second.adminKeyPem)), true);
  }));
