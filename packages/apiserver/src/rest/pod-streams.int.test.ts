/** Integration: `kubectl logs` and `kubectl exec` (the real kubectl 1.31) through the apiserver to a stand-in kubelet over gRPC. */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Metadata, Server, ServerCredentials, type ServerDuplexStream, type ServerWritableStream } from '@grpc/grpc-js';
import { badRequest, GRPC_STATUS_TRAILER, grpcFailureOf } from '@skiff/api';
import { WebSocket } from 'ws';
import { kubeletServiceDefinition, type ContainerLogsRequest, type ExecInput, type ExecOutput, type ExecStart } from '../kubelet/index.js';
import { startTestApiServer, type TestApiServer } from '../testing/test-server.js';

const KUBECTL = '/usr/lib/google-cloud-sdk/bin/kubectl.1.31';

/** A stand-in kubelet: records what it is asked and answers as the tests below expect. */
class FakeKubelet {
  readonly logRequests: ContainerLogsRequest[] = [];
  readonly execStarts: ExecStart[] = [];
  readonly stdinSeen: Buffer[] = [];
  stdinClosed = false;
  /** Resolved by a test to let a followed log go on. */
  releaseFollow!: () => void;
  private readonly followGate = new Promise<void>((resolve) => (this.releaseFollow = resolve));
  readonly server = new Server();
  port = 0;

  async start(): Promise<void> {
    this.server.addService(kubeletServiceDefinition(), {
      containerLogs: (call: ServerWritableStream<ContainerLogsRequest, { data: Buffer }>) => void this.logs(call),
      exec: (call: ServerDuplexStream<ExecInput, ExecOutput>) => this.exec(call),
    });
    this.port = await new Promise<number>((resolve, reject) =>
      this.server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (err, port) => (err ? reject(err) : resolve(port))),
    );
  }

  stop(): void {
    this.server.forceShutdown();
  }

  private fail(call: { emit(event: 'error', err: unknown): unknown }, err: unknown): void {
    const failure = grpcFailureOf(err);
    const metadata = new Metadata();
    metadata.set(GRPC_STATUS_TRAILER, failure.statusJson);
    call.emit('error', { code: failure.code, details: failure.details, metadata });
  }

  private async logs(call: ServerWritableStream<ContainerLogsRequest, { data: Buffer }>): Promise<void> {
    const req = call.request;
    this.logRequests.push(req);
    if (req.target?.container === 'waiting') {
      this.fail(call, badRequest(`container "waiting" in pod "${req.target?.pod}" is waiting to start: ContainerCreating`));
      return;
    }
    if (req.follow) {
      call.sendMetadata(new Metadata());
      call.write({ data: Buffer.from('first\n') });
      await this.followGate;
      call.write({ data: Buffer.from('second\n') });
      call.end();
      return;
    }
    call.write({ data: Buffer.from(`log of ${req.target?.pod}/${req.target?.container}\n`) });
    call.write({ data: Buffer.from('line 2\n') });
    call.end();
  }

  private exec(call: ServerDuplexStream<ExecInput, ExecOutput>): void {
    const finish = (status: object) => {
      call.write({ status: Buffer.from(JSON.stringify(status)) });
      call.end();
    };
    call.on('data', (input: ExecInput) => {
      if ('start' in input && input.start) {
        this.execStarts.push(input.start);
        const argv = input.start.command ?? [];
        if (argv[0] === 'fail') {
          call.write({ stdout: Buffer.from('to stdout\n') });
          call.write({ stderr: Buffer.from('to stderr\n') });
          finish({ metadata: {}, status: 'Failure', message: 'command terminated with non-zero exit code: exit status 3', reason: 'NonZeroExitCode', details: { causes: [{ reason: 'ExitCode', message: '3' }] } });
        } else if (argv[0] !== 'cat') {
          call.write({ stdout: Buffer.from(`ran ${argv.join(' ')}\n`) });
          finish({ metadata: {}, status: 'Success' });
        }
      } else if ('stdin' in input && input.stdin) {
        this.stdinSeen.push(input.stdin);
        call.write({ stdout: input.stdin });
      } else if ('stdinClose' in input && input.stdinClose) {
        this.stdinClosed = true;
        finish({ metadata: {}, status: 'Success' });
      }
    });
    call.on('error', () => undefined);
  }
}

let api: TestApiServer;
let kubelet: FakeKubelet;
let dir: string;
let kubeconfig: string;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs kubectl 1.31 against the test server; `onStdout` sees output as it arrives. */
function kubectl(args: string[], opts: { stdin?: string; onStdout?: (text: string) => void } = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(KUBECTL, [`--kubeconfig=${kubeconfig}`, `--cache-dir=${join(dir, 'cache')}`, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      opts.onStdout?.(stdout);
    });
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    if (opts.stdin !== undefined) child.stdin.end(opts.stdin);
    else child.stdin.end();
  });
}

/** A POST with hop-by-hop headers fetch() refuses to send. */
function rawPost(path: string, headers: Record<string, string>): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${api.url}${path}`, { method: 'POST', headers: { ...headers, 'content-length': '0' } }, (res) => {
      let text = '';
      res.on('data', (d: Buffer) => (text += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
    });
    req.on('upgrade', () => reject(new Error('unexpected upgrade')));
    req.on('error', reject);
    req.end();
  });
}

const pod = (name: string, containers: string[], nodeName?: string) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'default' },
  spec: { ...(nodeName ? { nodeName } : {}), containers: containers.map((c) => ({ name: c, image: 'busybox' })) },
});

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'skiff-podstream-'));
  kubelet = new FakeKubelet();
  await kubelet.start();
  api = await startTestApiServer();
  kubeconfig = join(dir, 'kubeconfig');
  await writeFile(
    kubeconfig,
    `apiVersion: v1\nkind: Config\nclusters:\n- name: t\n  cluster:\n    server: ${api.url}\ncontexts:\n- name: t\n  context:\n    cluster: t\n    user: u\ncurrent-context: t\nusers:\n- name: u\n  user: {}\n`,
  );
  const node = { apiVersion: 'v1', kind: 'Node', metadata: { name: 'node-1' } };
  assert.equal((await api.request('POST', '/api/v1/nodes', node)).status, 201);
  const withStatus = (await api.request('GET', '/api/v1/nodes/node-1')).body;
  withStatus.status = { addresses: [{ type: 'InternalIP', address: '127.0.0.1' }], daemonEndpoints: { kubeletEndpoint: { Port: kubelet.port } } };
  assert.equal((await api.request('PUT', '/api/v1/nodes/node-1/status', withStatus)).status, 200);
  assert.equal((await api.request('POST', '/api/v1/nodes', { ...node, metadata: { name: 'no-address' } })).status, 201);
  for (const p of [pod('web', ['web'], 'node-1'), pod('two', ['a', 'waiting'], 'node-1'), pod('unbound', ['web']), pod('lost', ['web'], 'no-address')]) {
    assert.equal((await api.request('POST', '/api/v1/namespaces/default/pods', p)).status, 201);
  }
});

after(async () => {
  kubelet?.releaseFollow();
  await api?.stop();
  kubelet?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('kubectl logs', () => {
  test('prints the log and passes the options to the kubelet as sent', async () => {
    const run = await kubectl(['logs', 'web', '--tail=5', '--timestamps', '--since=10s', '--limit-bytes=100']);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, 'log of web/web\nline 2\n');
    const req = kubelet.logRequests.at(-1)!;
    assert.deepEqual(req.target, { namespace: 'default', pod: 'web', container: 'web', uid: req.target?.uid });
    assert.ok(req.target?.uid, 'the pod uid is sent');
    assert.equal(req.tailLines, 5);
    assert.equal(req.timestamps, true);
    assert.equal(req.sinceSeconds, 10);
    assert.equal(req.limitBytes, 100);
    assert.ok(!req.follow);
  });

  test('-f streams chunks as they come and ends with the kubelet stream', async () => {
    let sawFirst = false;
    const run = await kubectl(['logs', '-f', 'web'], {
      onStdout: (text) => {
        if (!sawFirst && text === 'first\n') {
          sawFirst = true;
          kubelet.releaseFollow();
        }
      },
    });
    assert.ok(sawFirst, 'the first chunk arrived before the second was sent');
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, 'first\nsecond\n');
    assert.equal(kubelet.logRequests.at(-1)!.follow, true);
  });

  test('errors: unknown container, a kubelet error before the first byte, unbound and node without address', async () => {
    const bad = await kubectl(['logs', 'two', '-c', 'nope']);
    assert.notEqual(bad.code, 0);
    assert.match(bad.stderr, /container nope is not valid for pod two/);
    const waiting = await kubectl(['logs', 'two', '-c', 'waiting']);
    assert.match(waiting.stderr, /Error from server \(BadRequest\): container "waiting" in pod "two" is waiting to start: ContainerCreating/);
    const lost = await kubectl(['logs', 'lost']);
    assert.match(lost.stderr, /no preferred addresses found; known addresses: \[\]/);
    const unbound = await api.request('GET', '/api/v1/namespaces/default/pods/unbound/log');
    assert.equal(unbound.status, 200);
    assert.equal(unbound.body, '');
  });

  test('the server checks the choice of container and the options', async () => {
    const none = await api.request('GET', '/api/v1/namespaces/default/pods/two/log');
    assert.equal(none.status, 400);
    assert.equal(none.body.message, 'a container name must be specified for pod two, choose one of: [a waiting]');
    const missing = await api.request('GET', '/api/v1/namespaces/default/pods/nope/log');
    assert.equal(missing.status, 404);
    assert.equal(missing.body.message, 'pods "nope" not found');
    const negative = await api.request('GET', '/api/v1/namespaces/default/pods/web/log?tailLines=-1');
    assert.equal(negative.status, 422);
    assert.equal(negative.body.message, 'PodLogOptions "web" is invalid: tailLines: Invalid value: -1: must be greater than or equal to 0');
    const garbage = await api.request('GET', '/api/v1/namespaces/default/pods/web/log?limitBytes=x');
    assert.equal(garbage.status, 400);
  });
});

describe('kubectl exec', () => {
  test('prints stdout and stderr and exits with the command exit code', async () => {
    const run = await kubectl(['exec', 'web', '--', 'fail', 'now']);
    assert.equal(run.code, 3, run.stderr);
    assert.equal(run.stdout, 'to stdout\n');
    assert.match(run.stderr, /to stderr\n/);
    const start = kubelet.execStarts.at(-1)!;
    assert.deepEqual(start.target, { namespace: 'default', pod: 'web', container: 'web', uid: start.target?.uid });
    assert.deepEqual(start.command, ['fail', 'now']);
    assert.deepEqual([start.stdin, start.stdout, start.stderr, start.tty], [false, true, true, false]);
  });

  test('a successful command exits 0', async () => {
    const run = await kubectl(['exec', 'two', '-c', 'a', '--', 'ls', '/']);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, 'ran ls /\n');
  });

  test('-i forwards piped stdin and its end', async () => {
    const run = await kubectl(['exec', '-i', 'web', '--', 'cat'], { stdin: 'hello\nworld\n' });
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, 'hello\nworld\n');
    assert.equal(Buffer.concat(kubelet.stdinSeen).toString(), 'hello\nworld\n');
    assert.ok(kubelet.stdinClosed, 'stdin close reached the kubelet');
    assert.equal(kubelet.execStarts.at(-1)!.stdin, true);
  });

  test('errors: unknown container and unbound pod', async () => {
    const bad = await kubectl(['exec', 'web', '-c', 'nope', '--', 'ls']);
    assert.notEqual(bad.code, 0);
    assert.match(bad.stderr, /container nope is not valid for pod web/);
    const unbound = await kubectl(['exec', 'unbound', '--', 'ls']);
    assert.notEqual(unbound.code, 0);
    assert.match(unbound.stderr, /pod unbound does not have a host assigned/);
  });

  test('SPDY and plain GET are refused with a Status; v4 is answered as v4', async () => {
    const spdy = await rawPost('/api/v1/namespaces/default/pods/web/exec?command=ls&stdout=true', { connection: 'Upgrade', upgrade: 'SPDY/3.1' });
    assert.equal(spdy.status, 400);
    assert.match(spdy.body.message, /SPDY\/3\.1 is not served/);
    const plain = await api.request('GET', '/api/v1/namespaces/default/pods/web/exec?command=ls&stdout=true');
    assert.equal(plain.status, 400);
    assert.equal(plain.body.message, 'Upgrade request required');

    const ws = new WebSocket(`${api.url.replace('http', 'ws')}/api/v1/namespaces/default/pods/web/exec?command=echo&command=hi&stdout=true`, ['v4.channel.k8s.io']);
    const frames: Buffer[] = [];
    ws.on('message', (d: Buffer) => frames.push(d));
    const closeCode = await new Promise<number>((resolve, reject) => {
      ws.on('close', (code) => resolve(code));
      ws.on('error', reject);
    });
    assert.equal(ws.protocol, 'v4.channel.k8s.io');
    assert.equal(closeCode, 1000);
    assert.deepEqual(frames.map((f) => f[0]), [1, 3]);
    assert.equal(frames[0]!.subarray(1).toString(), 'ran echo hi\n');
    assert.deepEqual(JSON.parse(frames[1]!.subarray(1).toString()), { metadata: {}, status: 'Success' });
  });

  test('a completed pod is refused', async () => {
    const current = (await api.request('GET', '/api/v1/namespaces/default/pods/two')).body;
    current.status = { ...current.status, phase: 'Succeeded' };
    assert.equal((await api.request('PUT', '/api/v1/namespaces/default/pods/two/status', current)).status, 200);
    const res = await api.request('GET', '/api/v1/namespaces/default/pods/two/exec?command=ls&stdout=true&container=a');
    assert.equal(res.status, 400);
    assert.equal(res.body.message, 'cannot exec into a container in a completed pod; current phase is Succeeded');
  });
});
