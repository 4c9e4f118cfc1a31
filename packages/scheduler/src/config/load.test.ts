/** Tests of loading a scheduler configuration: defaults, top-level fields, leader election, files and every error case. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Plugin, Registry } from '../framework/index.js';
import { defaultProfile, inTreeRegistry } from '../plugins/index.js';
import { parseGoDuration } from '@skiff/api';
import { defaultSchedulerConfiguration, loadSchedulerConfiguration, readSchedulerConfiguration } from './load.js';
import { SchedulerConfigError } from './types.js';

const HEADER = 'apiVersion: kubescheduler.config.k8s.io/v1\nkind: KubeSchedulerConfiguration\n';

test('a file that says nothing yields one default-scheduler profile and upstream defaults', () => {
  for (const text of [HEADER, '', '# just a comment\n']) {
    const config = loadSchedulerConfiguration(text);
    assert.deepEqual(config, defaultSchedulerConfiguration());
    assert.deepEqual(config.profiles.map((p) => p.schedulerName), ['default-scheduler']);
    assert.deepEqual(config.profiles[0]!.plugins, defaultProfile().plugins);
    assert.equal(config.percentageOfNodesToScore, 0);
    assert.equal(config.podInitialBackoffSeconds, 1);
    assert.equal(config.podMaxBackoffSeconds, 10);
    assert.deepEqual(config.leaderElection, {
      leaderElect: true,
      leaseDurationMs: 15_000,
      renewDeadlineMs: 10_000,
      retryPeriodMs: 2_000,
      resourceNamespace: 'kube-system',
      resourceName: 'kube-scheduler',
    });
  }
});

test('top-level tunables and leader election are read, Go durations converted to ms', () => {
  const config = loadSchedulerConfiguration(`${HEADER}percentageOfNodesToScore: 40
podInitialBackoffSeconds: 2
podMaxBackoffSeconds: 30
parallelism: 16
leaderElection:
  leaderElect: true
  leaseDuration: 1m30s
  renewDeadline: 20s
  retryPeriod: 500ms
  resourceLock: leases
  resourceNamespace: skiff-system
  resourceName: skiff-scheduler
`);
  assert.equal(config.percentageOfNodesToScore, 40);
  assert.equal(config.podInitialBackoffSeconds, 2);
  assert.equal(config.podMaxBackoffSeconds, 30);
  assert.deepEqual(config.leaderElection, {
    leaderElect: true,
    leaseDurationMs: 90_000,
    renewDeadlineMs: 20_000,
    retryPeriodMs: 500,
    resourceNamespace: 'skiff-system',
    resourceName: 'skiff-scheduler',
  });
});

test('with leaderElect false the durations are not validated', () => {
  const config = loadSchedulerConfiguration(`${HEADER}leaderElection:\n  leaderElect: false\n  leaseDuration: 1s\n  renewDeadline: 5s\n`);
  assert.equal(config.leaderElection.leaderElect, false);
  assert.equal(config.leaderElection.leaseDurationMs, 1_000);
});

test('Go durations', () => {
  assert.equal(parseGoDuration('15s'), 15_000);
  assert.equal(parseGoDuration('1h2m3s'), 3_723_000);
  assert.equal(parseGoDuration('1.5s'), 1_500);
  assert.equal(parseGoDuration('0'), 0);
  assert.equal(parseGoDuration('-2m'), -120_000);
  for (const bad of ['', '15', 's', '1x', '1s2', '1 s']) assert.equal(parseGoDuration(bad), undefined, bad);
});

test('readSchedulerConfiguration reads a file and prefixes errors with its path', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'skiff-sched-config-'));
  try {
    const good = join(dir, 'good.yaml');
    await writeFile(good, `${HEADER}profiles:\n- schedulerName: from-file\n`);
    const config = await readSchedulerConfiguration(good);
    assert.equal(config.profiles[0]!.schedulerName, 'from-file');

    const bad = join(dir, 'bad.yaml');
    await writeFile(bad, `${HEADER}profiles:\n- plugins:\n    score:\n      enabled: [{name: Foo}]\n`);
    await assert.rejects(readSchedulerConfiguration(bad), (err: unknown) => {
      assert.ok(err instanceof SchedulerConfigError);
      assert.equal(err.message, `${bad}: profiles[0].plugins.score.enabled[0]: unknown plugin "Foo"`);
      assert.equal(err.field, 'profiles[0].plugins.score.enabled[0]');
      return true;
    });
    await assert.rejects(readSchedulerConfiguration(join(dir, 'missing.yaml')), /ENOENT/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

/** Every error case: the YAML (after the header unless it starts with "!raw\n") and the exact message. */
const ERROR_CASES: [string, string, string][] = [
  ['bad apiVersion', '!raw\napiVersion: kubescheduler.config.k8s.io/v1beta3\nkind: KubeSchedulerConfiguration\n', 'apiVersion: must be "kubescheduler.config.k8s.io/v1", got "kubescheduler.config.k8s.io/v1beta3"'],
  ['missing apiVersion', '!raw\nkind: KubeSchedulerConfiguration\n', 'apiVersion: must be "kubescheduler.config.k8s.io/v1", got ""'],
  ['bad kind', '!raw\napiVersion: kubescheduler.config.k8s.io/v1\nkind: Scheduler\n', 'kind: must be "KubeSchedulerConfiguration", got "Scheduler"'],
  ['not a mapping', '!raw\n- a\n- b\n', '(document): must be an object, got a list'],
  ['invalid YAML', '!raw\nprofiles: [\n', 'invalid YAML: '],
  ['unknown top-level field', 'percentageOfNodes: 3\n', 'percentageOfNodes: unknown field'],
  ['extenders', 'extenders: [{urlPrefix: "http://127.0.0.1:1"}]\n', 'extenders: scheduler extenders are not supported'],
  ['percentage out of range', 'percentageOfNodesToScore: 101\n', 'percentageOfNodesToScore: must be in the range [0, 100], got 101'],
  ['percentage not an integer', 'percentageOfNodesToScore: "50%"\n', 'percentageOfNodesToScore: must be an integer, got string "50%"'],
  ['zero initial backoff', 'podInitialBackoffSeconds: 0\n', 'podInitialBackoffSeconds: must be >= 1, got 0'],
  ['max below initial backoff', 'podInitialBackoffSeconds: 5\npodMaxBackoffSeconds: 2\n', 'podMaxBackoffSeconds: must be greater than or equal to podInitialBackoffSeconds (5)'],
  ['bad duration', 'leaderElection:\n  leaseDuration: 15\n', 'leaderElection.leaseDuration: must be a string, got number 15'],
  ['unparsable duration', 'leaderElection:\n  retryPeriod: soon\n', 'leaderElection.retryPeriod: invalid duration "soon" (use e.g. "15s", "1m30s")'],
  ['lease not above renew deadline', 'leaderElection:\n  leaseDuration: 10s\n  renewDeadline: 10s\n', 'leaderElection.leaseDuration: LeaseDuration must be greater than RenewDeadline'],
  ['zero retry period', 'leaderElection:\n  retryPeriod: 0s\n', 'leaderElection.retryPeriod: must be greater than zero'],
  ['other lock', 'leaderElection:\n  resourceLock: endpoints\n', 'leaderElection.resourceLock: unsupported lock "endpoints" (only "leases")'],
  ['empty lease name', 'leaderElection:\n  resourceName: ""\n', 'leaderElection.resourceName: required value'],
  ['profiles not a list', 'profiles: {schedulerName: x}\n', 'profiles: must be a list, got an object'],
  ['duplicate schedulerName', 'profiles:\n- schedulerName: a\n- schedulerName: b\n- schedulerName: a\n', 'profiles[2].schedulerName: duplicate value "a"'],
  ['missing schedulerName among several', 'profiles:\n- schedulerName: a\n- plugins: {}\n', 'profiles[1].schedulerName: required value'],
  ['unknown profile field', 'profiles:\n- name: a\n', 'profiles[0].name: unknown field'],
  ['unknown plugin', 'profiles:\n- plugins:\n    score:\n      enabled:\n      - name: NodeAffinity\n      - name: Foo\n', 'profiles[0].plugins.score.enabled[1]: unknown plugin "Foo"'],
  ['unknown disabled plugin', 'profiles:\n- plugins:\n    filter:\n      disabled: [{name: Bar}]\n', 'profiles[0].plugins.filter.disabled[0]: unknown plugin "Bar"'],
  ['unknown multiPoint plugin', 'profiles:\n- plugins:\n    multiPoint:\n      enabled: [{name: Baz}]\n', 'profiles[0].plugins.multiPoint.enabled[0]: unknown plugin "Baz"'],
  ['negative weight', 'profiles:\n- plugins:\n    score:\n      enabled: [{name: NodeAffinity, weight: -1}]\n', 'profiles[0].plugins.score.enabled[0].weight: must be >= 0, got -1'],
  ['negative multiPoint weight', 'profiles:\n- plugins:\n    multiPoint:\n      enabled: [{name: NodeAffinity, weight: -3}]\n', 'profiles[0].plugins.multiPoint.enabled[0].weight: must be >= 0, got -3'],
  ['fractional weight', 'profiles:\n- plugins:\n    score:\n      enabled: [{name: NodeAffinity, weight: 1.5}]\n', 'profiles[0].plugins.score.enabled[0].weight: must be an integer, got number 1.5'],
  ['missing plugin name', 'profiles:\n- plugins:\n    score:\n      enabled: [{weight: 2}]\n', 'profiles[0].plugins.score.enabled[0].name: required value'],
  ['duplicate enabled plugin', 'profiles:\n- plugins:\n    score:\n      enabled: [{name: NodeAffinity}, {name: NodeAffinity, weight: 2}]\n', 'profiles[0].plugins.score.enabled[1]: duplicate plugin "NodeAffinity"'],
  ['plugin at a point it does not implement', 'profiles:\n- plugins:\n    score:\n      enabled: [{name: NodeName}]\n', 'profiles[0].plugins.score.enabled[0]: plugin "NodeName" does not implement the score extension point'],
  ['unsupported extension point', 'profiles:\n- plugins:\n    permit:\n      enabled: [{name: NodeName}]\n', 'profiles[0].plugins.permit: unsupported extension point (supported: multiPoint, preFilter, filter, postFilter, preScore, score, reserve, bind)'],
  ['unknown plugin set field', 'profiles:\n- plugins:\n    score:\n      enable: [{name: NodeName}]\n', 'profiles[0].plugins.score.enable: unknown field'],
  ['unknown pluginConfig plugin', 'profiles:\n- pluginConfig:\n  - name: Foo\n    args: {}\n', 'profiles[0].pluginConfig[0]: unknown plugin "Foo"'],
  ['duplicate pluginConfig', 'profiles:\n- pluginConfig:\n  - name: NodeResourcesFit\n  - name: NodeResourcesFit\n', 'profiles[0].pluginConfig[1]: duplicate pluginConfig for plugin "NodeResourcesFit"'],
  ['pluginConfig args not an object', 'profiles:\n- pluginConfig:\n  - name: NodeResourcesFit\n    args: [1]\n', 'profiles[0].pluginConfig[0].args: must be an object, got a list'],
  ['profile percentage out of range', 'profiles:\n- percentageOfNodesToScore: -1\n', 'profiles[0].percentageOfNodesToScore: must be in the range [0, 100], got -1'],
];

for (const [name, body, message] of ERROR_CASES) {
  test(`error: ${name}`, () => {
    const text = body.startsWith('!raw\n') ? body.slice('!raw\n'.length) : HEADER + body;
    assert.throws(
      () => loadSchedulerConfiguration(text),
      (err: unknown) => {
        assert.ok(err instanceof SchedulerConfigError, `not a SchedulerConfigError: ${String(err)}`);
        if (message.endsWith(': ')) assert.ok(err.message.startsWith(message), err.message);
        else assert.equal(err.message, message);
        return true;
      },
    );
  });
}

test('error: a multiPoint plugin that implements no extension point', () => {
  const registry: Registry = { ...inTreeRegistry(), Nothing: (): Plugin => ({ name: 'Nothing' }) };
  assert.throws(
    () => loadSchedulerConfiguration(`${HEADER}profiles:\n- plugins:\n    multiPoint:\n      enabled: [{name: Nothing}]\n`, { registry }),
    { message: 'profiles[0].plugins.multiPoint.enabled[0]: plugin "Nothing" implements none of the extension points preFilter, filter, postFilter, preScore, score, reserve, bind' },
  );
});

test('error: a plugin factory rejecting its args', () => {
  const registry: Registry = {
    ...inTreeRegistry(),
    Picky: (args): Plugin => {
      if ((args as { ok?: boolean } | undefined)?.ok !== true) throw new Error('args.ok must be true');
      return { name: 'Picky' };
    },
  };
  assert.throws(
    () => loadSchedulerConfiguration(`${HEADER}profiles:\n- plugins:\n    filter:\n      enabled: [{name: Picky}]\n  pluginConfig: [{name: Picky, args: {ok: false}}]\n`, { registry }),
    { message: 'profiles[0].plugins.filter.enabled[0]: plugin "Picky" could not be built: args.ok must be true' },
  );
});
