/**
 * End-to-end: `skiff up --nodes 2` runs pods for real (containerd, runc, CNI in each node's network namespace) and the
 * real kubectl drives them: a Deployment spread over both nodes, pod-to-pod traffic across nodes, logs and exec,
 * probes, crash loops, image pull failures, OOM kills, graceful deletion, a kubelet killed and restarted; and
 * `skiff down` leaves nothing behind.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { runCommand, upCluster, type CommandResult, type TestCluster } from './cluster.js';
import { leftoversOf, type ClusterFootprint } from './leftovers.js';

const NS = 'nodes-e2e';
const HTTPD_IMAGE = 'docker.io/library/httpd:local';
const BUSYBOX_IMAGE = 'docker.io/library/busybox:local';
const HTTPD_PORT = 8080;
/** Bounded polling: a hang fails the test instead of blocking it. */
const POLL_MS = 500;
const POLLS = 240;

let cluster: TestCluster;
let footprint: ClusterFootprint;
let downDone = false;

function kubectl(args: string[], opts: { input?: string; timeoutMs?: number } = {}): Promise<CommandResult> {
  return runCommand('kubectl', [`--kubeconfig=${cluster.kubeconfig}`, ...args], { ...opts, timeoutMs: opts.timeoutMs ?? 60_000 });
}

/** kubectl that must succeed; its stdout. */
async function ok(args: string[], opts: { input?: string; timeoutMs?: number } = {}): Promise<string> {
  const r = await kubectl(args, opts);
  assert.equal(r.code, 0, `kubectl ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout;
}

async function getJson(args: string[]): Promise<any> {
  return JSON.parse(await ok(['get', '-o', 'json', ...args]));
}

/** Polls `probe` until it returns a value (not undefined); fails with `what` when it never does. */
async function until<T>(what: string, probe: () => Promise<T | undefined>, polls = POLLS): Promise<T> {
  let last: unknown;
  for (let i = 0; i < polls; i++) {
    try {
      const v = await probe();
      if (v !== undefined) return v;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
  assert.fail(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
}

function podReady(pod: any): boolean {
  return (pod.status?.conditions ?? []).some((c: any) => c.type === 'Ready' && c.status === 'True');
}

function containerStatus(pod: any, name?: string): any {
  const all = pod.status?.containerStatuses ?? [];
  return name ? all.find((c: any) => c.name === name) : all[0];
}

async function httpGet(url: string): Promise<string> {
  const res = await fetch(url, { signal: AbortSignal.timeout(5_000) });
  assert.equal(res.status, 200, `GET ${url}`);
  return res.text();
}

function podManifest(name: string, spec: Record<string, unknown>): string {
  return JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: NS }, spec });
}

async function createPod(name: string, spec: Record<string, unknown>): Promise<void> {
  await ok(['apply', '-f', '-'], { input: podManifest(name, spec) });
}

async function webPods(): Promise<any[]> {
  return (await getJson(['-n', NS, 'pods', '-l', 'app=web'])).items;
}

/** Two Ready web pods on different nodes. */
async function podsOnTwoNodes(): Promise<[any, any]> {
  const pods = await webPods();
  const a = pods.find((p) => podReady(p));
  const b = pods.find((p) => podReady(p) && p.spec.nodeName !== a?.spec.nodeName);
  assert.ok(a && b, 'web pods on both nodes');
  return [a, b];
}

before(async () => {
  cluster = await upCluster({ nodes: 2 });
  footprint = await footprintOf(cluster.stateDir);
  await ok(['create', 'namespace', NS]);
  // Started early: the crash loop needs a while to show its growing back-off.
  await createPod('crash', { restartPolicy: 'Always', containers: [{ name: 'crash', image: BUSYBOX_IMAGE, command: ['sh', '-c', 'echo crashing; exit 1'] }] });
});

after(async () => {
  if (!downDone) await cluster?.down();
});

/** What the cluster made on the machine, from its state file, so the last test can check that all of it is gone. */
async function footprintOf(stateDir: string): Promise<ClusterFootprint> {
  const state = JSON.parse(await readFile(join(stateDir, 'state.json'), 'utf8'));
  const nodes = state.localNodes?.nodes ?? [];
  assert.equal(nodes.length, 2, 'two local nodes');
  return {
    stateDir,
    processes: [...state.processes, state.localNodes.forwarder, ...nodes.map((n: any) => n.kubelet)].map((p: any) => ({ pid: p.pid, cmdline: p.cmdline })),
    netns: state.localNodes.plan.nodes.map((n: any) => n.netns),
    links: [state.localNodes.plan.bridge, ...state.localNodes.plan.nodes.map((n: any) => n.hostVeth)],
    cgroupRoots: nodes.map((n: any) => n.cgroupRoot),
    cniNetworks: nodes.map((n: any) => `skiff-${n.name}`),
  };
}

test('a Deployment of 4 httpd replicas spreads over both nodes and becomes Ready', async () => {
  await ok(['-n', NS, 'create', 'deployment', 'web', `--image=${HTTPD_IMAGE}`, '--replicas=4', `--port=${HTTPD_PORT}`]);
  await ok(['-n', NS, 'rollout', 'status', 'deployment/web', '--timeout=180s'], { timeoutMs: 200_000 });
  const pods = await webPods();
  assert.equal(pods.length, 4);
  for (const p of pods) {
    assert.ok(podReady(p), `${p.metadata.name} is Ready`);
    assert.equal(p.status.phase, 'Running');
    assert.match(p.status.podIP, /^10\.244\.\d+\.\d+$/);
    assert.equal(containerStatus(p).ready, true);
    assert.match(containerStatus(p).containerID, /^containerd:\/\/[0-9a-f]{64}$/);
  }
  assert.equal(new Set(pods.map((p) => p.spec.nodeName)).size, 2, 'the replicas run on both nodes');
  const table = await ok(['-n', NS, 'get', 'pods', '-l', 'app=web', '-o', 'wide']);
  assert.match(table, /^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\s+IP\s+NODE/m);
  assert.equal(table.match(/\s1\/1\s+Running\s+0\s/g)?.length, 4, table);
});

test('each pod answers HTTP on its pod IP from the host and from a pod on the other node', async () => {
  for (const p of await webPods()) assert.equal(await httpGet(`http://${p.status.podIP}:${HTTPD_PORT}/`), 'hello from httpd\n');
  const [a, b] = await podsOnTwoNodes();
  for (const [from, to] of [
    [a, b],
    [b, a],
  ]) {
    const out = await ok(['-n', NS, 'exec', from.metadata.name, '--', 'wget', '-qO-', `http://${to.status.podIP}:${HTTPD_PORT}/cgi-bin/hostname`]);
    assert.equal(out.trim(), to.metadata.name, `${from.spec.nodeName} -> ${to.spec.nodeName}`);
  }
});

test('kubectl logs shows the container output and logs -f streams new lines as they come', async () => {
  const [a] = await podsOnTwoNodes();
  await httpGet(`http://${a.status.podIP}:${HTTPD_PORT}/`);
  const logs = await ok(['-n', NS, 'logs', a.metadata.name]);
  assert.match(logs, /response:200/);
  const stamped = await ok(['-n', NS, 'logs', a.metadata.name, '--timestamps', '--tail=1']);
  assert.match(stamped, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z .*response:200\n$/);

  const follower = spawn('kubectl', [`--kubeconfig=${cluster.kubeconfig}`, '-n', NS, 'logs', '-f', '--tail=0', a.metadata.name], { stdio: ['ignore', 'pipe', 'pipe'] });
  let seen = '';
  follower.stdout.on('data', (d: Buffer) => (seen += d.toString()));
  try {
    // Requests made after the follow started must show up in it (tail=0: nothing earlier is printed).
    await until('a followed log line', async () => {
      await httpGet(`http://${a.status.podIP}:${HTTPD_PORT}/index.html?follow`);
      return seen.includes('/index.html?follow') || seen.includes('response:200') ? seen : undefined;
    });
  } finally {
    follower.kill('SIGTERM');
  }
  assert.match(seen, /response:200/);
});

test('kubectl exec runs a command in the container: output, exit code and stdin', async () => {
  const [a] = await podsOnTwoNodes();
  const r = await kubectl(['-n', NS, 'exec', a.metadata.name, '--', 'sh', '-c', 'echo out; echo err >&2; exit 3']);
  assert.equal(r.code, 3, r.stderr);
  assert.equal(r.stdout, 'out\n');
  assert.match(r.stderr, /err/);
  assert.equal(await ok(['-n', NS, 'exec', a.metadata.name, '--', 'hostname']), `${a.metadata.name}\n`);
  const piped = await kubectl(['-n', NS, 'exec', '-i', a.metadata.name, '--', 'sh', '-c', 'cat; echo done'], { input: 'hello\nworld\n' });
  assert.equal(piped.code, 0, piped.stderr);
  assert.equal(piped.stdout, 'hello\nworld\ndone\n');
});

test('a failing liveness probe restarts the container and kubectl get pods shows RESTARTS', async () => {
  await createPod('liveness', {
    // sleep as PID 1 ignores SIGTERM: the kill after the failed probe takes the whole grace period.
    terminationGracePeriodSeconds: 2,
    containers: [
      {
        name: 'app',
        image: BUSYBOX_IMAGE,
        command: ['sleep', '3600'],
        livenessProbe: { exec: { command: ['cat', '/tmp/healthy'] }, periodSeconds: 1, failureThreshold: 1 },
      },
    ],
  });
  await until('a restart by the liveness probe', async () => ((containerStatus(await getJson(['-n', NS, 'pod', 'liveness']))?.restartCount ?? 0) >= 1 ? true : undefined));
  const table = await ok(['-n', NS, 'get', 'pod', 'liveness']);
  assert.match(table, /^liveness\s+\S+\s+\S+\s+[1-9]\d*( \(.+ ago\))?\s+\S+$/m, table);
  const events = await ok(['-n', NS, 'get', 'events', '--field-selector', 'involvedObject.name=liveness', '-o', 'json']);
  const reasons = JSON.parse(events).items.map((e: any) => `${e.reason}: ${e.message}`);
  assert.ok(reasons.some((r: string) => r.startsWith('Unhealthy: Liveness probe failed')), reasons.join('\n'));
  assert.ok(reasons.includes('Killing: Container app failed liveness probe, will be restarted'), reasons.join('\n'));
});

/** A Go duration as the back-off message prints it (`10s`, `1m20s`, `5m0s`) in seconds. */
function goSeconds(text: string): number {
  const m = /^(?:(\d+)m)?(\d+)s$/.exec(text);
  assert.ok(m, `a duration: ${text}`);
  return Number(m[1] ?? 0) * 60 + Number(m[2]);
}

test('a crashing container goes to CrashLoopBackOff with growing back-off delays', async () => {
  // The pod has been crash-looping since the file started; whatever its back-off is now, the next one must double it.
  const delays: number[] = [];
  await until('two back-offs', async () => {
    const pod = await getJson(['-n', NS, 'pod', 'crash']);
    const waiting = containerStatus(pod)?.state?.waiting;
    if (waiting?.reason === 'CrashLoopBackOff') {
      const delay = /^back-off (\S+) restarting failed container=crash pod=crash_nodes-e2e\(/.exec(waiting.message ?? '')?.[1];
      assert.ok(delay, waiting.message);
      if (delays.at(-1) !== goSeconds(delay)) delays.push(goSeconds(delay));
    }
    return delays.length >= 2 ? true : undefined;
  }, 2 * POLLS);
  assert.ok([10, 20, 40, 80, 160].includes(delays[0]!), `a step of the 10 s doubling series: ${delays[0]}`);
  assert.equal(delays[1], delays[0]! * 2, `the back-off doubles: ${delays.join(' s, ')} s`);
  const pod = await getJson(['-n', NS, 'pod', 'crash']);
  assert.ok(containerStatus(pod).restartCount >= 2);
  assert.equal(containerStatus(pod).lastState.terminated.exitCode, 1);
  assert.equal(containerStatus(pod).lastState.terminated.reason, 'Error');
  assert.match(await ok(['-n', NS, 'get', 'pod', 'crash']), /crash\s+0\/1\s+CrashLoopBackOff\s+[2-9]/);
  assert.match(await ok(['-n', NS, 'logs', 'crash']), /^crashing\n$/);
  assert.match(await ok(['-n', NS, 'logs', 'crash', '--previous']), /^crashing\n$/);
});

test('a pod whose image does not exist shows ErrImagePull, then ImagePullBackOff', async () => {
  await createPod('noimage', { containers: [{ name: 'app', image: 'docker.io/library/does-not-exist:1.0' }] });
  const reasons = new Set<string>();
  await until('ImagePullBackOff', async () => {
    const waiting = containerStatus(await getJson(['-n', NS, 'pod', 'noimage']))?.state?.waiting;
    if (waiting?.reason) reasons.add(waiting.reason);
    return reasons.has('ImagePullBackOff') ? true : undefined;
  });
  assert.ok(reasons.has('ErrImagePull') || (await ok(['-n', NS, 'get', 'events', '--field-selector', 'involvedObject.name=noimage'])).includes('ErrImagePull'));
  assert.match(await ok(['-n', NS, 'get', 'pod', 'noimage']), /noimage\s+0\/1\s+(ImagePullBackOff|ErrImagePull)\s/);
});

test('a container over its memory limit is OOMKilled', async () => {
  await createPod('oom', {
    restartPolicy: 'Never',
    containers: [
      {
        name: 'app',
        image: BUSYBOX_IMAGE,
        // Holds 64 MiB in a shell variable, twice the limit.
        command: ['sh', '-c', 'x=$(head -c 67108864 /dev/zero | tr "\\0" a); echo survived'],
        resources: { limits: { memory: '32Mi' } },
      },
    ],
  });
  const terminated = await until('the OOM kill', async () => containerStatus(await getJson(['-n', NS, 'pod', 'oom']))?.state?.terminated);
  assert.equal(terminated.reason, 'OOMKilled');
  assert.equal(terminated.exitCode, 137);
  assert.match(await ok(['-n', NS, 'get', 'pod', 'oom']), /oom\s+0\/1\s+OOMKilled\s/);
});

test('deleting a pod stops its containers within the grace period and removes it', async () => {
  // PID 1 ignores SIGTERM here, so only the SIGKILL at the end of the 3 s grace period stops it.
  await createPod('graceful', { terminationGracePeriodSeconds: 3, containers: [{ name: 'app', image: BUSYBOX_IMAGE, command: ['sleep', '3600'] }] });
  await until('graceful running', async () => (podReady(await getJson(['-n', NS, 'pod', 'graceful'])) ? true : undefined));
  const started = Date.now();
  await ok(['-n', NS, 'delete', 'pod', 'graceful', '--wait=true', '--timeout=60s'], { timeoutMs: 70_000 });
  const elapsed = Date.now() - started;
  assert.equal((await kubectl(['-n', NS, 'get', 'pod', 'graceful'])).code, 1, 'the pod is gone');
  // The deletion waited for the grace period (SIGKILL after 3 s), as a pod that ignores SIGTERM must.
  assert.ok(elapsed >= 3_000, `deleted after ${elapsed} ms`);
});

test('kill -9 of both kubelets and skiff up again: no container restarts, status still correct', async () => {
  const before = await webPods();
  const ids = new Map(before.map((p) => [p.metadata.name, containerStatus(p).containerID]));
  const state = JSON.parse(await readFile(join(cluster.stateDir, 'state.json'), 'utf8'));
  for (const n of state.localNodes.nodes) process.kill(n.kubelet.pid, 'SIGKILL');
  await until('the kubelets to die', async () => (state.localNodes.nodes.every((n: any) => !existsSync(`/proc/${n.kubelet.pid}`)) ? true : undefined));
  const cli = fileURLToPath(new URL('../../deploy/dist/cli.js', import.meta.url));
  const port = new URL(state.apiServer.url).port;
  const again = await runCommand(process.execPath, [cli, 'up', '--nodes', '2', '--state-dir', cluster.stateDir, '--no-kubeconfig-merge', '--port', port], { timeoutMs: 120_000 });
  assert.equal(again.code, 0, again.stderr);
  assert.match(again.stdout, /Started the kubelet of .+ again; the pods kept running/);
  footprint = await footprintOf(cluster.stateDir);
  // The new kubelets sync every pod at once; give them a full resync, then nothing may have been restarted.
  await new Promise((r) => setTimeout(r, 12_000));
  const pods = await webPods();
  assert.equal(pods.length, 4);
  for (const p of pods) {
    assert.equal(containerStatus(p).containerID, ids.get(p.metadata.name), `${p.metadata.name} kept its container`);
    assert.equal(containerStatus(p).restartCount, 0);
    assert.ok(podReady(p));
    assert.equal(await httpGet(`http://${p.status.podIP}:${HTTPD_PORT}/`), 'hello from httpd\n');
  }
  const nodes = (await getJson(['nodes'])).items;
  for (const n of nodes) assert.equal(n.status.conditions.find((c: any) => c.type === 'Ready')?.status, 'True', n.metadata.name);
});

test('skiff down leaves no process, mount, network namespace, cgroup or CNI file behind', async () => {
  await cluster.down();
  downDone = true;
  assert.deepEqual(await leftoversOf(footprint), { processes: [], mounts: [], netns: [], links: [], cgroups: [], cniResults: [], stateDir: [] });
  assert.deepEqual(await readdir('/run/netns').catch(() => [] as string[]).then((names) => names.filter((n) => footprint.netns.includes(n))), []);
});
