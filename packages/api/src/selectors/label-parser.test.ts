/** Tests for the label-selector string parser: every operator, whitespace, canonical text and error messages. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isStatusError } from '../errors/status-error.js';
import { parseLabelSelector } from './label-parser.js';

function parseError(selector: string): string {
  try {
    parseLabelSelector(selector);
  } catch (err) {
    assert.ok(isStatusError(err), 'a StatusError');
    assert.equal(err.code, 400);
    assert.equal(err.reason, 'BadRequest');
    return err.message;
  }
  assert.fail(`expected ${JSON.stringify(selector)} to be rejected`);
}

test('every operator parses into a requirement', () => {
  const cases: [string, string, string[]][] = [
    ['a=b', '=', ['b']],
    ['a==b', '==', ['b']],
    ['a!=b', '!=', ['b']],
    ['a in (y,x)', 'in', ['x', 'y']],
    ['a notin (x)', 'notin', ['x']],
    ['a', 'exists', []],
    ['!a', '!', []],
    ['a>5', 'gt', ['5']],
    ['a<5', 'lt', ['5']],
  ];
  for (const [text, operator, values] of cases) {
    const [r, ...rest] = parseLabelSelector(text).requirements;
    assert.equal(rest.length, 0, text);
    assert.deepEqual({ key: r!.key, operator: r!.operator, values: [...r!.values] }, { key: 'a', operator, values }, text);
  }
});

test('the empty string and blanks select everything', () => {
  assert.ok(parseLabelSelector('').isEmpty());
  assert.ok(parseLabelSelector('   ').isEmpty());
  assert.ok(parseLabelSelector('').matches({ any: 'thing' }));
});

test('comma-separated requirements are sorted by key and whitespace is tolerated', () => {
  const sel = parseLabelSelector('  tier notin ( db ) ,  app  =  web , !canary,env in (prod, staging)');
  assert.deepEqual(
    sel.requirements.map((r) => r.key),
    ['app', 'canary', 'env', 'tier'],
  );
  assert.equal(sel.toString(), 'app=web,!canary,env in (prod,staging),tier notin (db)');
});

test('set values are deduplicated, sorted, and may be empty', () => {
  const sel = parseLabelSelector('x in (foo,,baz),y,z notin ()');
  assert.equal(sel.toString(), 'x in (,baz,foo),y,z notin ()');
  assert.ok(sel.matches({ x: '', y: '1' }));
  assert.ok(!sel.matches({ x: 'foo', y: '1', z: '' }));
});

test('exact values may be empty', () => {
  const sel = parseLabelSelector('a=,b!=');
  assert.ok(sel.matches({ a: '', b: 'x' }));
  assert.ok(!sel.matches({ a: '', b: '' }));
});

test('in and notin are plain identifiers in key and value positions', () => {
  const sel = parseLabelSelector('in in (in,notin)');
  assert.equal(sel.toString(), 'in in (in,notin)');
  assert.ok(sel.matches({ in: 'notin' }));
});

test('prefixed keys are accepted', () => {
  assert.equal(parseLabelSelector('kubernetes.io/cluster-service=true').toString(), 'kubernetes.io/cluster-service=true');
});

test('syntax errors carry Kubernetes messages', () => {
  assert.equal(parseError('a b'), 'unable to parse requirement: found \'b\', expected: in, notin, =, ==, !=, gt, lt');
  assert.equal(parseError('='), "found '=', expected: !, identifier, or 'end of string'");
  assert.equal(parseError('a,'), "found '', expected: identifier after ','");
  assert.equal(parseError('a=b c'), "found 'c', expected: ',' or 'end of string'");
  assert.equal(parseError('a=b=c'), "found '=', expected: ',' or 'end of string'");
  assert.equal(parseError('!a=b'), "found '=', expected: ',' or 'end of string'");
  assert.equal(parseError('a in x'), "unable to parse requirement: found 'x' expected: '('");
  assert.equal(parseError('a in (x'), "unable to parse requirement: found '', expected: ',' or ')'");
  assert.equal(parseError('a in (b c)'), "unable to parse requirement: found 'c', expected: ',' or ')'");
  assert.equal(parseError('a in (=)'), "unable to parse requirement: found '=', expected: ',', ')' or identifier");
  assert.equal(parseError('a=('), "unable to parse requirement: found '(', expected: identifier");
  assert.equal(parseError('!'), "unable to parse requirement: found '', expected: identifier");
});

test('invalid keys are reported as Kubernetes field errors', () => {
  assert.equal(
    parseError('Foo_=x'),
    "unable to parse requirement: <nil>: Invalid value: \"Foo_\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
  );
  assert.match(parseError('a/b/c'), /^unable to parse requirement: <nil>: Invalid value: "a\/b\/c": a qualified name must consist/);
  assert.match(parseError('Bad_Prefix/x'), /prefix part a lowercase RFC 1123 subdomain/);
  assert.match(parseError(`${'k'.repeat(64)}`), /name part must be no more than 63 characters/);
});

test('invalid values are reported with their path', () => {
  assert.match(parseError('a=-b'), /^unable to parse requirement: values\[0\]\[a\]: Invalid value: "-b": a valid label must be an empty string/);
  assert.match(parseError(`a=${'v'.repeat(64)}`), /values\[0\]\[a\]: Invalid value: "v+": must be no more than 63 characters$/);
  assert.equal(
    parseError('a>x'),
    "unable to parse requirement: values[0]: Invalid value: \"x\": for 'Gt', 'Lt' operators, the value must be an integer",
  );
});
