/** Tests of merging configured profiles onto the default profile: enabling, re-weighting, disabling, multiPoint, pluginConfig. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Framework, type Plugin, type ProfilePlugins, type Registry } from '../framework/index.js';
import { NodeResourcesFit, defaultProfile, inTreeRegistry } from '../plugins/index.js';
import { loadSchedulerConfiguration } from './load.js';

const HEADER = 'apiVersion: kubescheduler.config.k8s.io/v1\nkind: KubeSchedulerConfiguration\n';

/** A score-only plugin (Score + PreScore) and a filter-only plugin, to see multiPoint expand by implemented methods. */
class ScoreOnly implements Plugin {
  readonly name = 'ScoreOnly';
  preScore() {
    return undefined;
  }
  score() {
    return 0;
  }
}
class FilterOnly implements Plugin {
  readonly name = 'FilterOnly';
  filter() {
    return undefined;
  }
}

function testRegistry(): Registry {
  return { ...inTreeRegistry(), ScoreOnly: () => new ScoreOnly(), FilterOnly: () => new FilterOnly() };
}

function names(plugins: ProfilePlugins, point: keyof ProfilePlugins): string[] {
  return (plugins[point] ?? []).map((r) => r.name);
}

function scoreWeights(plugins: ProfilePlugins): [string, number | undefined][] {
  return (plugins.score ?? []).map((r) => [r.name, r.weight]);
}

test('a profile that only names itself gets the default plugins', () => {
  const config = loadSchedulerConfiguration(`${HEADER}profiles:\n- schedulerName: my-scheduler\n`);
  assert.equal(config.profiles.length, 1);
  assert.equal(config.profiles[0]!.schedulerName, 'my-scheduler');
  assert.deepEqual(config.profiles[0]!.plugins, defaultProfile('my-scheduler').plugins);
});

test('enabling a plugin appends it; enabling a present one re-weights it in place', () => {
  const config = loadSchedulerConfiguration(
    `${HEADER}profiles:
- plugins:
    score:
      enabled:
      - name: NodeAffinity
        weight: 7
      - name: ScoreOnly
        weight: 4
    filter:
      enabled:
      - name: FilterOnly
`,
    { registry: testRegistry() },
  );
  const p = config.profiles[0]!;
  assert.equal(p.schedulerName, 'default-scheduler');
  const expected = scoreWeights(defaultProfile().plugins).map(([n, w]): [string, number | undefined] => [n, n === 'NodeAffinity' ? 7 : w]);
  assert.deepEqual(scoreWeights(p.plugins), [...expected, ['ScoreOnly', 4]]);
  assert.deepEqual(names(p.plugins, 'filter'), [...names(defaultProfile().plugins, 'filter'), 'FilterOnly']);
  // Other points are untouched.
  assert.deepEqual(p.plugins.preFilter, defaultProfile().plugins.preFilter);
});

test('enabling a present plugin without a weight keeps its weight', () => {
  const config = loadSchedulerConfiguration(`${HEADER}profiles:\n- plugins:\n    score:\n      enabled: [{name: TaintToleration}]\n`);
  assert.deepEqual(scoreWeights(config.profiles[0]!.plugins)[0], ['TaintToleration', 3]);
  assert.equal(config.profiles[0]!.plugins.score!.length, defaultProfile().plugins.score!.length);
});

test('disabling a plugin removes it from that extension point only', () => {
  const config = loadSchedulerConfiguration(`${HEADER}profiles:\n- plugins:\n    score:\n      disabled: [{name: NodeResourcesBalancedAllocation}, {name: TaintToleration}]\n`);
  const p = config.profiles[0]!.plugins;
  const expected = scoreWeights(defaultProfile().plugins).filter(([n]) => n !== 'NodeResourcesBalancedAllocation' && n !== 'TaintToleration');
  assert.deepEqual(scoreWeights(p), expected);
  assert.ok(expected.some(([n]) => n === 'NodeAffinity'));
  assert.ok(names(p, 'preScore').includes('TaintToleration'));
  assert.ok(names(p, 'filter').includes('TaintToleration'));
});

test('disabled "*" clears the defaults of the point, then the enabled list is all that runs', () => {
  const config = loadSchedulerConfiguration(
    `${HEADER}profiles:
- plugins:
    score:
      disabled: [{name: "*"}]
      enabled: [{name: NodeResourcesFit, weight: 5}]
    preScore:
      disabled: [{name: "*"}]
`,
  );
  const p = config.profiles[0]!.plugins;
  assert.deepEqual(scoreWeights(p), [['NodeResourcesFit', 5]]);
  assert.deepEqual(p.preScore, []);
  assert.deepEqual(p.filter, defaultProfile().plugins.filter);
});

test('multiPoint enables a plugin at every extension point it implements', () => {
  const config = loadSchedulerConfiguration(
    `${HEADER}profiles:
- plugins:
    multiPoint:
      enabled: [{name: ScoreOnly, weight: 6}, {name: FilterOnly}]
`,
    { registry: testRegistry() },
  );
  const p = config.profiles[0]!.plugins;
  assert.deepEqual(names(p, 'preScore').at(-1), 'ScoreOnly');
  assert.deepEqual(scoreWeights(p).at(-1), ['ScoreOnly', 6]);
  assert.deepEqual(names(p, 'filter').at(-1), 'FilterOnly');
  assert.ok(!names(p, 'filter').includes('ScoreOnly'));
  assert.ok(!names(p, 'preFilter').includes('ScoreOnly') && !names(p, 'preFilter').includes('FilterOnly'));
  assert.ok(!names(p, 'score').includes('FilterOnly'));
  assert.deepEqual(p.preScore!.find((r) => r.name === 'ScoreOnly'), { name: 'ScoreOnly' }, 'weight only at score');
});

test('multiPoint disabled removes a plugin everywhere; a point\'s own enabled entry wins over multiPoint', () => {
  const config = loadSchedulerConfiguration(
    `${HEADER}profiles:
- plugins:
    multiPoint:
      disabled: [{name: TaintToleration}]
      enabled: [{name: ScoreOnly, weight: 6}]
    score:
      enabled: [{name: ScoreOnly, weight: 9}]
    preScore:
      disabled: [{name: ScoreOnly}]
`,
    { registry: testRegistry() },
  );
  const p = config.profiles[0]!.plugins;
  for (const point of ['filter', 'preScore', 'score'] as const) assert.ok(!names(p, point).includes('TaintToleration'), point);
  assert.deepEqual(scoreWeights(p).at(-1), ['ScoreOnly', 9]);
  assert.ok(!names(p, 'preScore').includes('ScoreOnly'));
});

test('multiPoint disabled "*" drops every default; a point\'s "*" also drops multiPoint expansions there', () => {
  const config = loadSchedulerConfiguration(
    `${HEADER}profiles:
- plugins:
    multiPoint:
      disabled: [{name: "*"}]
      enabled: [{name: NodeName}, {name: NodeResourcesFit}]
    preFilter:
      disabled: [{name: "*"}]
`,
  );
  const p = config.profiles[0]!.plugins;
  assert.deepEqual(names(p, 'filter'), ['NodeName', 'NodeResourcesFit']);
  assert.deepEqual(names(p, 'preScore'), ['NodeResourcesFit']);
  assert.deepEqual(names(p, 'score'), ['NodeResourcesFit']);
  assert.deepEqual(p.preFilter, []);
  // The merged profile builds a working framework.
  const fw = new Framework(config.profiles[0]!, inTreeRegistry());
  assert.deepEqual(fw.filterPlugins.map((x) => x.name), ['NodeName', 'NodeResourcesFit']);
});

test('two profiles with different schedulerNames are merged independently', () => {
  const config = loadSchedulerConfiguration(
    `${HEADER}profiles:
- schedulerName: default-scheduler
- schedulerName: no-scoring-scheduler
  plugins:
    preScore:
      disabled: [{name: "*"}]
    score:
      disabled: [{name: "*"}]
`,
  );
  assert.deepEqual(config.profiles.map((p) => p.schedulerName), ['default-scheduler', 'no-scoring-scheduler']);
  assert.deepEqual(config.profiles[0]!.plugins, defaultProfile().plugins);
  assert.deepEqual(config.profiles[1]!.plugins.score, []);
  assert.deepEqual(config.profiles[1]!.plugins.preScore, []);
  assert.deepEqual(config.profiles[1]!.plugins.filter, defaultProfile().plugins.filter);
});

test('pluginConfig args reach the plugin factory, both when probing multiPoint and in the Framework', () => {
  const seen: unknown[] = [];
  const registry: Registry = { ...inTreeRegistry(), ScoreOnly: (args) => (seen.push(args), new ScoreOnly()) };
  const config = loadSchedulerConfiguration(
    `${HEADER}profiles:
- plugins:
    multiPoint:
      enabled: [{name: ScoreOnly}]
  pluginConfig:
  - name: ScoreOnly
    args: {level: 3}
  - name: NodeResourcesFit
    args:
      scoringStrategy:
        type: MostAllocated
`,
    { registry },
  );
  const profile = config.profiles[0]!;
  assert.deepEqual(seen, [{ level: 3 }]);
  const configured = (name: string) => profile.pluginConfig!.find((c) => c.name === name)?.args;
  assert.deepEqual(configured('ScoreOnly'), { level: 3 });
  assert.deepEqual(configured('NodeResourcesFit'), { scoringStrategy: { type: 'MostAllocated' } });
  const fw = new Framework(profile, registry);
  assert.deepEqual(seen, [{ level: 3 }, { level: 3 }]);
  const fit = fw.filterPlugins.find((x) => x.name === 'NodeResourcesFit');
  assert.ok(fit instanceof NodeResourcesFit);
  assert.equal(fit.strategy, 'MostAllocated');
});

test('profile-level percentageOfNodesToScore is kept', () => {
  const config = loadSchedulerConfiguration(`${HEADER}profiles:\n- percentageOfNodesToScore: 30\n`);
  assert.equal(config.profiles[0]!.percentageOfNodesToScore, 30);
});

test('the default profile\'s pluginConfig is kept, and configured args are laid over the default args', () => {
  const defaults = defaultProfile().pluginConfig ?? [];
  assert.ok(defaults.length > 0, 'the default profile has default args');
  const first = defaults[0]!;
  const config = loadSchedulerConfiguration(`${HEADER}profiles:\n- pluginConfig:\n  - name: ${first.name}\n    args: {extra: 1}\n`);
  const merged = config.profiles[0]!.pluginConfig!;
  assert.deepEqual(merged.map((c) => c.name), defaults.map((c) => c.name));
  assert.deepEqual(merged[0]!.args, { ...(first.args as object), extra: 1 });
  assert.deepEqual(merged.slice(1), defaults.slice(1));
  assert.deepEqual(loadSchedulerConfiguration(HEADER).profiles[0]!.pluginConfig, defaults);
});
