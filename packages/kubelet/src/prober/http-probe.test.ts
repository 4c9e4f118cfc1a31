/** httpGet probes against a local HTTP server on 127.0.0.1: codes, redirects, headers, body limit, timeout, named port. */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { HTTP_PROBE_MAX_BODY_BYTES, probeHttp, PROBE_USER_AGENT } from './http-probe.js';
import { newProbeRunner } from './probe-runner.js';

let server: Server;
let port = 0;
const seen: Array<{ url: string; headers: IncomingHttpHeaders }> = [];
const hanging = new Set<import('node:http').ServerResponse>();

before(async () => {
  server = createServer((req, res) => {
    seen.push({ url: req.url ?? '', headers: req.headers });
    const path = req.url ?? '/';
    if (path === '/ok') res.end('fine');
    else if (path === '/fail') {
      res.statusCode = 500;
      res.end('boom');
    } else if (path.startsWith('/hop/')) {
      const n = Number(path.slice(5));
      res.writeHead(302, { location: n > 0 ? `/hop/${n - 1}` : '/ok' }).end();
    } else if (path === '/loop') res.writeHead(302, { location: '/loop' }).end();
    else if (path === '/elsewhere') res.writeHead(301, { location: `http://localhost:${port}/ok` }).end('moved');
    else if (path === '/big') res.end('x'.repeat(HTTP_PROBE_MAX_BODY_BYTES * 5));
    else if (path === '/slow') hanging.add(res);
    else if (path === '/slow-body') {
      res.writeHead(200).write('partial');
      hanging.add(res);
    }
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

after(async () => {
  for (const res of hanging) res.destroy();
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const get = (path: string, extra: Partial<Parameters<typeof probeHttp>[0]> = {}) =>
  probeHttp({ scheme: 'HTTP', host: '127.0.0.1', port, path, headers: [], timeoutMs: 2_000, ...extra });

test('200 is Success with the body; the kubelet User-Agent and Accept are sent', async () => {
  assert.deepEqual(await get('/ok'), { result: 'Success', output: 'fine' });
  const h = seen.at(-1)!.headers;
  assert.equal(h['user-agent'], PROBE_USER_AGENT);
  assert.equal(h['accept'], '*/*');
});

test('httpHeaders are sent and override the defaults', async () => {
  await get('/ok', { headers: [{ name: 'X-Custom', value: 'a' }, { name: 'User-Agent', value: 'mine' }, { name: 'Host', value: 'example.test' }] });
  const h = seen.at(-1)!.headers;
  assert.equal(h['x-custom'], 'a');
  assert.equal(h['user-agent'], 'mine');
  assert.equal(h['host'], 'example.test');
});

test('500 is a Failure with the kubelet message', async () => {
  assert.deepEqual(await get('/fail'), { result: 'Failure', output: 'HTTP probe failed with statuscode: 500' });
  assert.equal((await get('/nothing')).output, 'HTTP probe failed with statuscode: 404');
});

test('same-host redirects are followed; too many fail; another host gives a Warning', async () => {
  const before = seen.length;
  assert.deepEqual(await get('/hop/2'), { result: 'Success', output: 'fine' });
  assert.deepEqual(seen.slice(before).map((s) => s.url), ['/hop/2', '/hop/1', '/hop/0', '/ok']);
  assert.deepEqual(await get('/loop'), { result: 'Failure', output: `Get "http://127.0.0.1:${port}/loop": stopped after 10 redirects` });
  assert.deepEqual(await get('/elsewhere'), { result: 'Warning', output: 'Probe terminated redirects, Response body: moved' });
  assert.equal(seen.at(-1)!.url, '/elsewhere', 'the other host was not asked');
});

test('the body is cut at 10 KiB', async () => {
  const r = await get('/big');
  assert.equal(r.result, 'Success');
  assert.equal(r.output.length, HTTP_PROBE_MAX_BODY_BYTES);
});

test('no answer within the timeout is a Failure', async () => {
  const r = await get('/slow', { timeoutMs: 200 });
  assert.equal(r.result, 'Failure');
  assert.equal(r.output, `Get "http://127.0.0.1:${port}/slow": context deadline exceeded (Client.Timeout exceeded while awaiting headers)`);
});

test('a body that does not finish within the timeout is a Failure too', async () => {
  const r = await get('/slow-body', { timeoutMs: 200 });
  assert.equal(r.result, 'Failure');
  assert.equal(r.output, `Get "http://127.0.0.1:${port}/slow-body": context deadline exceeded (Client.Timeout exceeded while reading body)`);
});

test('a refused connection is a Failure worded as Go does', async () => {
  const closed = createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  const p = (closed.address() as AddressInfo).port;
  await new Promise<void>((resolve) => closed.close(() => resolve()));
  const r = await get('/', { port: p });
  assert.deepEqual(r, { result: 'Failure', output: `Get "http://127.0.0.1:${p}/": dial tcp 127.0.0.1:${p}: connect: connection refused` });
});

test('the runner resolves a named port from the container and uses the pod IP as host', async () => {
  const runner = newProbeRunner({ execSync: () => Promise.reject(new Error('unused')) });
  const container = { name: 'web', ports: [{ name: 'http', containerPort: port }] };
  const pod: Pod = { metadata: { name: 'p', namespace: 'default', uid: 'u' }, spec: { containers: [container] } };
  const target = { pod, container, containerId: 'cid', podIP: '127.0.0.1' };
  assert.deepEqual(await runner('readiness', { httpGet: { port: 'http', path: '/ok' } }, target), { result: 'Success', output: 'fine' });
  assert.equal((await runner('readiness', { httpGet: { port: 'http', path: '/fail' } }, target)).output, 'HTTP probe failed with statuscode: 500');
  await assert.rejects(runner('readiness', { httpGet: { port: 'metrics' } }, target), /couldn't find port: metrics in web/);
});
