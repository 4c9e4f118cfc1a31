/** Unit tests: how skiff-scheduler combines --leader-elect and --scheduler-config into leader election and Scheduler options. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SCHEDULER_LEASE_NAME, SCHEDULER_LEASE_NAMESPACE, resolveSchedulerConfig, schedulerComponent, schedulerOptionsFrom } from './component.js';

const HEADER = 'apiVersion: kubescheduler.config.k8s.io/v1\nkind: KubeSchedulerConfiguration\n';

async function withConfig(text: string, fn: (path: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'skiff-scheduler-config-'));
  try {
    const path = join(dir, 'config.yaml');
    await writeFile(path, text);
    await fn(path);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

test('without a file, leader election is off unless --leader-elect=true, on the kube-scheduler Lease', async () => {
  const off = await resolveSchedulerConfig({ grpcAddress: '', leaderElect: undefined, schedulerConfig: '' });
  assert.equal(off.leaderElect, false);
  assert.equal(off.config, undefined);
  assert.deepEqual(off.lease, { namespace: SCHEDULER_LEASE_NAMESPACE, name: SCHEDULER_LEASE_NAME });
  assert.deepEqual(schedulerOptionsFrom(off.config), {});
  assert.equal((await resolveSchedulerConfig({ grpcAddress: '', leaderElect: true, schedulerConfig: '' })).leaderElect, true);
});

test('the file sets the Lease, its timings, profiles, percentageOfNodesToScore and backoff; --leader-elect overrides the file', () =>
  withConfig(
    `${HEADER}percentageOfNodesToScore: 30\npodInitialBackoffSeconds: 2\npodMaxBackoffSeconds: 20\nleaderElection:\n  leaderElect: true\n  leaseDuration: 20s\n  renewDeadline: 12s\n  retryPeriod: 3s\n  resourceNamespace: sched-ns\n  resourceName: sched-lease\nprofiles:\n- schedulerName: a\n- schedulerName: b\n`,
    async (path) => {
      const fromFile = await resolveSchedulerConfig({ grpcAddress: '', leaderElect: undefined, schedulerConfig: path });
      assert.equal(fromFile.leaderElect, true);
      assert.deepEqual(fromFile.lease, { namespace: 'sched-ns', name: 'sched-lease', leaseDurationMs: 20_000, renewDeadlineMs: 12_000, retryPeriodMs: 3_000 });
      const options = schedulerOptionsFrom(fromFile.config);
      assert.deepEqual(options.profiles?.map((p) => p.schedulerName), ['a', 'b']);
      assert.equal(options.percentageOfNodesToScore, 30);
      assert.deepEqual(options.queueOptions, { podInitialBackoffMs: 2_000, podMaxBackoffMs: 20_000 });
      const flagWins = await resolveSchedulerConfig({ grpcAddress: '', leaderElect: false, schedulerConfig: path });
      assert.equal(flagWins.leaderElect, false);
    },
  ));

test('--leader-elect accepts only true or false; absent it is undefined', () => {
  assert.equal(schedulerComponent.settings({ 'leader-elect': 'true' }).leaderElect, true);
  assert.equal(schedulerComponent.settings({ 'leader-elect': 'false' }).leaderElect, false);
  assert.equal(schedulerComponent.settings({ 'leader-elect': '' }).leaderElect, undefined);
  assert.throws(() => schedulerComponent.settings({ 'leader-elect': 'yes' }), /invalid --leader-elect "yes"/);
});
