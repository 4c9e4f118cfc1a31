/** Unit tests of RestResourceClient against an in-process fake HTTP server: wire format, error mapping and watch decoding. */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isStatusError } from '@skiff/api';
import type { ResourceRef, WatchEvent } from '../interface.js';
import { RestResourceClient } from './rest-resource-client.js';

const pods: ResourceRef = { group: '', version: 'v1', resource: 'pods', namespaced: true };

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

type Handler = (req: Seen, res: ServerResponse) => void;

let server: Server;
let base: string;
let handler: Handler = (_req, res) => res.end('{}');
const seen: Seen[] = [];

before(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const s: Seen = { method: req.method!, url: req.url!, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      seen.push(s);
      handler(s, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

function json(res: ServerResponse, code: number, body: unknown): void {
  res.writeHead(code, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

async function statusErrorOf(p: Promise<unknown>) {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  assert.ok(isStatusError(err), `expected a StatusError, got ${String(err)}`);
  return err;
}

test('requests carry the path prefix, query, content types, DeleteOptions body, and no token over plain http', async () => {
  seen.length = 0;
  handler = (_req, res) => json(res, 200, { kind: 'Pod', metadata: { name: 'p' } });
  const client = new RestResourceClient({ server: `${base}/prefix/`, token: 'secret', userAgent: 'test-agent/1' });
  try {
    await client.patch(pods, 'ns', 'p', 'apply', { metadata: { name: 'p' } }, { fieldManager: 'me', force: true, dryRun: true });
    await client.patch(pods, 'ns', 'p', 'strategic', 'metadata: {}');
    await client.delete(pods, 'ns', 'p', { propagationPolicy: 'Background', preconditions: { resourceVersion: '5' } });
    await client.update(pods, undefined, { metadata: { name: 'p', namespace: 'from-object' } }, { subresource: 'status', fieldValidation: 'Strict' });
  } finally {
    await client.close();
  }
  assert.deepEqual(
    seen.map((s) => [s.method, s.url, s.headers['content-type']]),
    [
      ['PATCH', '/prefix/api/v1/namespaces/ns/pods/p?dryRun=All&fieldManager=me&force=true', 'application/apply-patch+yaml'],
      ['PATCH', '/prefix/api/v1/namespaces/ns/pods/p', 'application/strategic-merge-patch+json'],
      ['DELETE', '/prefix/api/v1/namespaces/ns/pods/p', 'application/json'],
      ['PUT', '/prefix/api/v1/namespaces/from-object/pods/p/status?fieldValidation=Strict', 'application/json'],
    ],
  );
  assert.equal(seen[1]!.body, 'metadata: {}');
  assert.deepEqual(JSON.parse(seen[2]!.body), { kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy: 'Background', preconditions: { resourceVersion: '5' } });
  assert.equal(seen[0]!.headers['user-agent'], 'test-agent/1');
  assert.equal(seen[0]!.headers.accept, 'application/json');
  assert.ok(seen.every((s) => s.headers.authorization === undefined));
});

test('bodies that are not Status or not JSON still become StatusErrors', async () => {
  const client = new RestResourceClient({ server: base });
  try {
    handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('hello');
    };
    const notJson = await statusErrorOf(client.get(pods, 'ns', 'p'));
    assert.equal(notJson.reason, 'InternalError');
    assert.match(notJson.message, /not valid JSON.*hello/);

    handler = (_req, res) => {
      res.writeHead(502);
      res.end('<html>bad gateway</html>');
    };
    const gateway = await statusErrorOf(client.list(pods, 'ns'));
    assert.equal(gateway.code, 502);
    assert.match(gateway.message, /bad gateway/);

    handler = (_req, res) => json(res, 429, { kind: 'Status', status: 'Failure', reason: 'TooManyRequests', code: 429, message: 'slow down', details: { retryAfterSeconds: 1 } });
    const busy = await statusErrorOf(client.get(pods, 'ns', 'p'));
    assert.equal(busy.reason, 'TooManyRequests');
    assert.equal(busy.message, 'slow down');
    assert.equal(busy.details?.retryAfterSeconds, 1);

    handler = (_req, res) => json(res, 410, { kind: 'Status', status: 'Failure', reason: 'Expired', code: 410, message: 'too old resource version: 1 (5)' });
    const expired = await statusErrorOf(client.watch(pods, 'ns', { resourceVersion: '1' }));
    assert.equal(expired.reason, 'Expired');
    assert.equal(expired.code, 410);
  } finally {
    await client.close();
  }
});

test('a server that does not answer in time gives Timeout; a closed port gives ServiceUnavailable', async () => {
  handler = () => undefined; // never answers
  const slow = new RestResourceClient({ server: base, requestTimeoutMs: 50 });
  try {
    const err = await statusErrorOf(slow.get(pods, 'ns', 'p'));
    assert.equal(err.reason, 'Timeout');
    assert.equal(err.code, 504);
  } finally {
    await slow.close();
    server.closeAllConnections();
  }

  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const port = (probe.address() as AddressInfo).port;
  await new Promise((resolve) => probe.close(resolve));
  const refused = new RestResourceClient({ server: `http://127.0.0.1:${port}` });
  try {
    const err = await statusErrorOf(refused.get(pods, 'ns', 'p'));
    assert.equal(err.reason, 'ServiceUnavailable');
    assert.match(err.message, /was refused/);
  } finally {
    await refused.close();
  }
  await assert.rejects(refused.get(pods, 'ns', 'p'), /the client has been closed/);
});

test('watch events split across chunks are reassembled; a malformed line ends the watch with an ERROR event', async () => {
  const lines = [JSON.stringify({ type: 'ADDED', object: { metadata: { name: 'ä-1' } } }), JSON.stringify({ type: 'MODIFIED', object: { metadata: { name: 'b' } } })];
  const bytes = Buffer.from(`${lines.join('\n')}\nnot json\n${lines[0]}\n`);
  handler = (req, res) => {
    assert.match(req.url, /watch=true/);
    res.writeHead(200, { 'content-type': 'application/json' });
    // Seven-byte chunks, each sent separately: objects and even characters span chunks.
    let i = 0;
    const next = () => {
      if (i >= bytes.length) return res.end();
      res.write(bytes.subarray(i, (i += 7)), next);
    };
    next();
  };
  const client = new RestResourceClient({ server: base });
  try {
    const stream = await client.watch(pods, 'ns');
    const events: WatchEvent[] = [];
    for await (const e of stream) events.push(e);
    assert.deepEqual(events.slice(0, 2).map((e) => [e.type, e.object.metadata?.name]), [['ADDED', 'ä-1'], ['MODIFIED', 'b']]);
    assert.equal(events.length, 3);
    assert.equal(events[2]!.type, 'ERROR');
    assert.equal((events[2]!.object as unknown as { reason: string }).reason, 'InternalError');
  } finally {
    await client.close();
  }
});

test('stop() of a watch that was never iterated closes it quietly; a watch without headers times out', async () => {
  handler = (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.write(`${JSON.stringify({ type: 'ADDED', object: { metadata: { name: 'a' } } })}\n`);
  };
  const client = new RestResourceClient({ server: base, requestTimeoutMs: 50 });
  try {
    const stream = await client.watch(pods, 'ns');
    stream.stop();
    const events: WatchEvent[] = [];
    for await (const e of stream) events.push(e);
    assert.deepEqual(events, []);

    handler = () => undefined; // never sends headers
    const err = await statusErrorOf(client.watch(pods, 'ns'));
    assert.equal(err.reason, 'Timeout');
  } finally {
    await client.close();
    server.closeAllConnections();
  }
});

test('close() stops open watches', async () => {
  handler = (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.write(`${JSON.stringify({ type: 'ADDED', object: { metadata: { name: 'a' } } })}\n`);
    // and never ends
  };
  const client = new RestResourceClient({ server: base });
  const stream = await client.watch(pods, undefined);
  const iterator = stream[Symbol.asyncIterator]();
  assert.equal((await iterator.next()).value?.object.metadata?.name, 'a');
  const pending = iterator.next();
  await client.close();
  assert.equal((await pending).done, true);
});
