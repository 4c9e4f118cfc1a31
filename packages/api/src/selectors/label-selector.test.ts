/** Tests for label selector matching, meta/v1 selector conversion and canonical printing. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isStatusError } from '../errors/status-error.js';
import { parseLabelSelector } from './label-parser.js';
import { labelSelectorFromSpec, labelSelectorToString } from './label-spec.js';
import { everythingSelector, nothingSelector, selectorFromSet } from './label-selector.js';

test('equality, inequality and set operators match as Kubernetes does', () => {
  const labels = { app: 'web', tier: 'front' };
  const cases: [string, boolean][] = [
    ['app=web', true],
    ['app==web', true],
    ['app=db', false],
    ['app!=db', true],
    ['app!=web', false],
    ['missing!=x', true],
    ['tier in (front,back)', true],
    ['tier in (back)', false],
    ['missing in (x)', false],
    ['tier notin (back)', true],
    ['tier notin (front)', false],
    ['missing notin (x)', true],
    ['app', true],
    ['missing', false],
    ['!missing', true],
    ['!app', false],
    ['app=web,tier=front', true],
    ['app=web,tier=back', false],
  ];
  for (const [text, expected] of cases) assert.equal(parseLabelSelector(text).matches(labels), expected, text);
});

test('undefined labels behave as no labels', () => {
  assert.ok(parseLabelSelector('!a').matches(undefined));
  assert.ok(!parseLabelSelector('a').matches(undefined));
  assert.ok(parseLabelSelector('').matches(undefined));
});

test('gt and lt compare integers and never match non-integers', () => {
  assert.ok(parseLabelSelector('n>5').matches({ n: '6' }));
  assert.ok(!parseLabelSelector('n>5').matches({ n: '5' }));
  assert.ok(parseLabelSelector('n<5').matches({ n: '-1' }));
  assert.ok(!parseLabelSelector('n<5').matches({ n: 'four' }));
  assert.ok(!parseLabelSelector('n<5').matches({}));
});

test('exactMatch reports pinned values only', () => {
  const sel = parseLabelSelector('a=1,b in (2),c in (3,4),d!=5,e==6');
  assert.equal(sel.exactMatch('a'), '1');
  assert.equal(sel.exactMatch('b'), '2');
  assert.equal(sel.exactMatch('c'), undefined);
  assert.equal(sel.exactMatch('d'), undefined);
  assert.equal(sel.exactMatch('e'), '6');
  assert.equal(sel.exactMatch('z'), undefined);
});

test('a null spec selects nothing and an empty spec selects everything', () => {
  const none = labelSelectorFromSpec(null);
  assert.ok(none.matchesNothing());
  assert.ok(!none.isEmpty());
  assert.ok(!none.matches({}));
  assert.ok(!labelSelectorFromSpec(undefined).matches({ a: 'b' }));
  const all = labelSelectorFromSpec({});
  assert.ok(all.isEmpty());
  assert.ok(all.matches({ a: 'b' }));
  assert.ok(labelSelectorFromSpec({ matchLabels: {}, matchExpressions: [] }).isEmpty());
  const optionalFilter = (spec?: { matchLabels?: Record<string, string> }) => labelSelectorFromSpec(spec ?? {});
  assert.ok(optionalFilter(undefined).matches({}), 'callers opt into "absent means everything" with ?? {}');
});

test('matchLabels and matchExpressions combine', () => {
  const sel = labelSelectorFromSpec({
    matchLabels: { app: 'web' },
    matchExpressions: [
      { key: 'tier', operator: 'In', values: ['front', 'edge'] },
      { key: 'env', operator: 'NotIn', values: ['dev'] },
      { key: 'release', operator: 'Exists' },
      { key: 'canary', operator: 'DoesNotExist' },
    ],
  });
  assert.equal(sel.toString(), 'app=web,!canary,env notin (dev),release,tier in (edge,front)');
  assert.ok(sel.matches({ app: 'web', tier: 'edge', release: '1' }));
  assert.ok(!sel.matches({ app: 'web', tier: 'edge', release: '1', canary: 'y' }));
  assert.ok(!sel.matches({ app: 'web', tier: 'edge', release: '1', env: 'dev' }));
  assert.ok(!sel.matches({ app: 'web', tier: 'back', release: '1' }));
});

test('an invalid spec selector is a 400', () => {
  const cases = [
    { matchExpressions: [{ key: 'a', operator: 'Equals', values: ['b'] }] },
    { matchExpressions: [{ key: 'a', operator: 'In', values: [] }] },
    { matchLabels: { 'bad key': 'x' } },
  ];
  for (const spec of cases) {
    assert.throws(() => labelSelectorFromSpec(spec), (err: unknown) => isStatusError(err) && err.code === 400, JSON.stringify(spec));
  }
  assert.throws(
    () => labelSelectorFromSpec({ matchExpressions: [{ key: 'a', operator: 'Equals' }] }),
    { message: '"Equals" is not a valid label selector operator' },
  );
});

test('labelSelectorToString gives the Scale status.selector text', () => {
  assert.equal(labelSelectorToString({ matchLabels: { app: 'web' } }), 'app=web');
  assert.equal(labelSelectorToString({ matchLabels: { tier: 'a', app: 'web' } }), 'app=web,tier=a');
  assert.equal(labelSelectorToString({}), '');
  assert.equal(labelSelectorToString(undefined), '');
  assert.equal(labelSelectorToString(parseLabelSelector('b, a')), 'a,b');
});

test('helpers for everything, nothing and label sets', () => {
  assert.ok(everythingSelector().matches({}));
  assert.ok(!nothingSelector().matches({}));
  const set = selectorFromSet({ b: '2', a: '1' });
  assert.equal(set.toString(), 'a=1,b=2');
  assert.ok(set.matches({ a: '1', b: '2', c: '3' }));
  assert.ok(!set.matches({ a: '1' }));
});
