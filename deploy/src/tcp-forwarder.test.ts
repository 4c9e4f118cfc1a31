/** The TCP forwarder: rule parsing, and bytes both ways through a real loopback connection. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createConnection, createServer } from 'node:net';
import { freePort } from '@skiff/storage';
import { formatForwardRule, parseForwardRule, startForwarder } from './tcp-forwarder.js';

test('parseForwardRule reads LISTEN=TARGET and formatForwardRule writes it back', () => {
  const rule = parseForwardRule('10.250.0.1:6443=127.0.0.1:6443');
  assert.deepEqual(rule, { listenHost: '10.250.0.1', listenPort: 6443, targetHost: '127.0.0.1', targetPort: 6443 });
  assert.equal(formatForwardRule(rule), '10.250.0.1:6443=127.0.0.1:6443');
  assert.throws(() => parseForwardRule('0.0.0.0:1'), /invalid forward rule/);
});

test('startForwarder pipes a connection to the target and its answer back', async () => {
  const echo = createServer((s) => s.on('data', (d: Buffer) => s.end(`echo:${d.toString()}`)));
  const targetPort = await freePort();
  await new Promise<void>((r) => echo.listen(targetPort, '127.0.0.1', () => r()));
  const listenPort = await freePort();
  const forwarder = await startForwarder([{ listenHost: '127.0.0.1', listenPort, targetHost: '127.0.0.1', targetPort }]);
  try {
    const answer = await new Promise<string>((resolve, reject) => {
      let text = '';
      const c = createConnection({ host: '127.0.0.1', port: listenPort }, () => c.write('hi'));
      c.on('data', (d: Buffer) => (text += d.toString()));
      c.on('end', () => resolve(text));
      c.on('error', reject);
    });
    assert.equal(answer, 'echo:hi');
  } finally {
    await forwarder.close();
    await new Promise<void>((r) => echo.close(() => r()));
  }
});
