/** Tests for issueClientCertificate: subject, chain, file modes, reuse and re-issue. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensurePki } from './ensure-pki.js';
import { issueClientCertificate } from './client-certificate.js';

async function withPki(fn: (pki: Awaited<ReturnType<typeof ensurePki>>, dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'skiff-pki-'));
  try {
    await fn(await ensurePki(join(dir, 'pki'), { hosts: ['127.0.0.1'] }), dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

test('issueClientCertificate signs CN and every O with the cluster CA and writes <name>.crt/.key', () =>
  withPki(async (pki, dir) => {
    const issued = await issueClientCertificate(pki, {
      commonName: 'system:kube-scheduler',
      organizations: ['system:schedulers', 'skiff:components'],
      dir: join(dir, 'components'),
      name: 'scheduler',
    });
    assert.equal(issued.created, true);
    assert.equal(issued.certPath, join(dir, 'components', 'scheduler.crt'));
    assert.equal(issued.keyPath, join(dir, 'components', 'scheduler.key'));
    assert.equal((await stat(issued.keyPath)).mode & 0o777, 0o600);
    const cert = new X509Certificate(issued.certPem);
    assert.deepEqual(cert.subject.split('\n').sort(), ['CN=system:kube-scheduler', 'O=skiff:components', 'O=system:schedulers']);
    assert.equal(cert.verify(new X509Certificate(pki.caCertPem).publicKey), true);
  }));

test('issueClientCertificate reuses a matching certificate and re-issues when the groups change', () =>
  withPki(async (pki, dir) => {
    const request = { commonName: 'node-a', organizations: ['system:nodes'], dir, name: 'node-a' };
    const first = await issueClientCertificate(pki, request);
    const again = await issueClientCertificate(pki, { ...request, organizations: ['system:nodes'] });
    assert.equal(again.created, false);
    assert.equal(again.certPem, first.certPem);
    const changed = await issueClientCertificate(pki, { ...request, organizations: ['system:nodes', 'extra'] });
    assert.equal(changed.created, true);
    assert.notEqual(changed.certPem, first.certPem);
    const renamed = await issueClientCertificate(pki, { ...request, commonName: 'node-b' });
    assert.equal(renamed.created, true);
    assert.match(new X509Certificate(renamed.certPem).subject, /CN=node-b/);
  }));
