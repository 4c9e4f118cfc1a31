/** Integration test: skiff-scheduler's --scheduler-config: a profile from the file schedules its pods; a bad file stops the start with a clear error. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import { startTestApiServer } from '@skiff/apiserver/testing';
import { RestResourceClient, type ApiObject } from '@skiff/client';
import { runComponent, type RunningComponent } from '@skiff/runtime';
import { pino } from 'pino';
import { schedulerComponent } from './component.js';
import { NODES, PODS } from './scheduler.js';

const MAX_POLLS = 600;
const POLL_MS = 50;
/** Only stops a hung binary from hanging the suite; a bad file fails the start at once. */
const BINARY_TIMEOUT_MS = 60_000;
const mainPath = fileURLToPath(new URL('../main.js', import.meta.url));

const HEADER = 'apiVersion: kubescheduler.config.k8s.io/v1\nkind: KubeSchedulerConfiguration\n';

function kubeconfigFor(server: string): string {
  return [
    'apiVersion: v1',
    'kind: Config',
    `clusters: [{ name: c, cluster: { server: "${server}" } }]`,
    'users: [{ name: u, user: {} }]',
    'contexts: [{ name: x, context: { cluster: c, user: u } }]',
    'current-context: x',
    '',
  ].join('\n');
}

async function withDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'skiff-scheduler-config-'));
  try {
    await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function pod(name: string, schedulerName: string): Pod & ApiObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { schedulerName, containers: [{ name: 'c', image: 'pause' }] } };
}

test('--scheduler-config: a pod naming the file\'s profile is bound; a pod of a profile the file replaced is left alone', () =>
  withDir(async (dir) => {
    const server = await startTestApiServer({ grpcPort: 0 });
    const rest = new RestResourceClient({ server: server.url });
    let component: RunningComponent | undefined;
    try {
      const kubeconfig = join(dir, 'kubeconfig');
      await writeFile(kubeconfig, kubeconfigFor(server.url));
      const config = join(dir, 'scheduler.yaml');
      await writeFile(config, `${HEADER}leaderElection:\n  leaderElect: false\npercentageOfNodesToScore: 50\nprofiles:\n- schedulerName: my-scheduler\n`);
      component = await runComponent(
        schedulerComponent,
        ['--kubeconfig', kubeconfig, '--grpc-address', server.grpcAddress!, '--scheduler-config', config, '--health-port', '0'],
        { logger: pino({ level: 'silent' }) },
      );
      const allocatable = { cpu: '2', memory: '4Gi', pods: '10' };
      await rest.create<Node & ApiObject>(NODES, undefined, { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1' }, status: { allocatable, capacity: allocatable } });
      // Created first: were the default profile still there, this pod would be bound before the other.
      await rest.create<Pod & ApiObject>(PODS, 'default', pod('for-default', 'default-scheduler'));
      await rest.create<Pod & ApiObject>(PODS, 'default', pod('for-mine', 'my-scheduler'));
      let nodeName: string | undefined;
      for (let i = 0; i < MAX_POLLS && !nodeName; i++) {
        nodeName = (await rest.get<Pod & ApiObject>(PODS, 'default', 'for-mine')).spec?.nodeName;
        if (!nodeName) await new Promise((r) => setTimeout(r, POLL_MS));
      }
      assert.equal(nodeName, 'n1');
      assert.equal((await rest.get<Pod & ApiObject>(PODS, 'default', 'for-default')).spec?.nodeName, undefined);
    } finally {
      await component?.stop();
      await rest.close();
      await server.stop();
    }
  }));

test('--scheduler-config with an invalid file fails the start, naming the file and the field', () =>
  withDir(async (dir) => {
    const config = join(dir, 'bad.yaml');
    await writeFile(config, `${HEADER}profiles:\n- schedulerName: my-scheduler\n  plugins:\n    score:\n      enabled:\n      - name: NoSuchPlugin\n`);
    await assert.rejects(
      runComponent(schedulerComponent, ['--scheduler-config', config, '--health-port', '0'], { logger: pino({ level: 'silent' }) }),
      (err: Error) => {
        assert.equal(err.message, `invalid scheduler configuration ${config}: profiles[0].plugins.score.enabled[0]: unknown plugin "NoSuchPlugin"`);
        return true;
      },
    );
  }));

test('the skiff-scheduler binary exits 1 with a clear message on malformed YAML and on a missing file', () =>
  withDir(async (dir) => {
    const malformed = join(dir, 'malformed.yaml');
    await writeFile(malformed, `${HEADER}profiles: [ { schedulerName: x\n`);
    const run = (args: string[]) =>
      new Promise<{ code: number | null; stderr: string }>((resolve) => {
        execFile(process.execPath, [mainPath, ...args, '--health-port', '0', '--log-level', 'silent'], { timeout: BINARY_TIMEOUT_MS }, (err, _stdout, stderr) => {
          resolve({ code: err ? (typeof err.code === 'number' ? err.code : null) : 0, stderr });
        });
      });
    const bad = await run(['--scheduler-config', malformed]);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, new RegExp(`^skiff-scheduler: invalid scheduler configuration ${malformed}: invalid YAML: `));
    const missing = join(dir, 'missing.yaml');
    const gone = await run(['--scheduler-config', missing]);
    assert.equal(gone.code, 1);
    assert.match(gone.stderr, new RegExp(`^skiff-scheduler: cannot read scheduler configuration ${missing}: ENOENT`));
  }));
