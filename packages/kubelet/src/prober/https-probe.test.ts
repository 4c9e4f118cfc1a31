/** httpGet with scheme HTTPS against a self-signed server on 127.0.0.1: the kubelet does not verify the certificate. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { probeHttp } from './http-probe.js';

test('HTTPS probes skip certificate verification', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'skiff-kprobe-tls-'));
  try {
    const key = join(dir, 'key.pem');
    const cert = join(dir, 'cert.pem');
    await promisify(execFile)('openssl', [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
      '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=not-the-pod',
    ]);
    const server = createServer({ key: await readFile(key), cert: await readFile(cert) }, (req, res) => {
      res.statusCode = req.url === '/healthz' ? 204 : 503;
      res.end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    try {
      const base = { scheme: 'HTTPS' as const, host: '127.0.0.1', port, headers: [], timeoutMs: 2_000 };
      assert.deepEqual(await probeHttp({ ...base, path: '/healthz' }), { result: 'Success', output: '' });
      assert.deepEqual(await probeHttp({ ...base, path: '/other' }), { result: 'Failure', output: 'HTTP probe failed with statuscode: 503' });
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
