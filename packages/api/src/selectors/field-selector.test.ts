/** Tests for field selector parsing, escaping, matching and errors. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isStatusError } from '../errors/status-error.js';
import { escapeFieldValue, parseFieldSelector, unescapeFieldValue } from './field-selector.js';

function parseError(selector: string): string {
  try {
    parseFieldSelector(selector);
  } catch (err) {
    assert.ok(isStatusError(err));
    assert.equal(err.code, 400);
    return err.message;
  }
  assert.fail(`expected ${JSON.stringify(selector)} to be rejected`);
}

test('=, == and != terms parse; == is recorded as =', () => {
  const sel = parseFieldSelector('metadata.name=web,status.phase!=Running,spec.nodeName==node-1');
  assert.deepEqual(
    sel.requirements.map((r) => ({ ...r })),
    [
      { field: 'metadata.name', operator: '=', value: 'web' },
      { field: 'spec.nodeName', operator: '=', value: 'node-1' },
      { field: 'status.phase', operator: '!=', value: 'Running' },
    ],
  );
});

test('terms are sorted, so order does not matter (kubectl 1.33 reorders event terms)', () => {
  const a = parseFieldSelector('involvedObject.name=web-1,involvedObject.namespace=default,involvedObject.uid=u1');
  const b = parseFieldSelector('involvedObject.uid=u1,involvedObject.name=web-1,involvedObject.namespace=default');
  assert.equal(a.toString(), b.toString());
});

test('the empty selector matches everything', () => {
  const sel = parseFieldSelector('');
  assert.ok(sel.isEmpty());
  assert.ok(sel.matches({}));
  assert.ok(parseFieldSelector('=').isEmpty(), 'a term with empty field and value is dropped');
});

test('matching treats missing fields as empty', () => {
  const fields = { 'metadata.name': 'web', 'status.phase': 'Running' };
  assert.ok(parseFieldSelector('metadata.name=web').matches(fields));
  assert.ok(!parseFieldSelector('metadata.name=db').matches(fields));
  assert.ok(parseFieldSelector('status.phase!=Pending').matches(fields));
  assert.ok(!parseFieldSelector('status.phase!=Running').matches(fields));
  assert.ok(parseFieldSelector('spec.nodeName=').matches(fields));
  assert.ok(parseFieldSelector('metadata.name=web,status.phase=Running').matches(fields));
  assert.ok(!parseFieldSelector('metadata.name=web,status.phase=Failed').matches(fields));
});

test('exactMatch reports = terms only', () => {
  const sel = parseFieldSelector('metadata.name=web,status.phase!=Running');
  assert.equal(sel.exactMatch('metadata.name'), 'web');
  assert.equal(sel.exactMatch('status.phase'), undefined);
  assert.equal(sel.exactMatch('metadata.namespace'), undefined);
});

test('backslash escapes \\, , and = in values', () => {
  const sel = parseFieldSelector('a=x\\,y\\=z\\\\w,b=c');
  assert.equal(sel.exactMatch('a'), 'x,y=z\\w');
  assert.equal(sel.exactMatch('b'), 'c');
  assert.equal(sel.toString(), 'a=x\\,y\\=z\\\\w,b=c');
  assert.equal(escapeFieldValue('a,b=c\\d'), 'a\\,b\\=c\\\\d');
  assert.equal(unescapeFieldValue(escapeFieldValue('a,b=c\\d')), 'a,b=c\\d');
});

test('errors carry Kubernetes messages', () => {
  assert.equal(parseError('metadata.name'), "invalid selector: 'metadata.name'; can't understand 'metadata.name'");
  assert.equal(parseError('a=b,c'), "invalid selector: 'a=b,c'; can't understand 'c'");
  assert.equal(parseError('a=b\\c'), 'invalid field selector: invalid escape sequence: \\c');
  assert.equal(parseError('a=b\\'), 'invalid field selector: invalid escape sequence: \\');
  assert.equal(parseError('a=b=c'), 'invalid field selector: unescaped character in value: 61');
});

test('the field part is split at the first operator and not unescaped', () => {
  const sel = parseFieldSelector('a!=b=c'.replace('b=c', 'b\\=c'));
  assert.deepEqual({ ...sel.requirements[0]! }, { field: 'a', operator: '!=', value: 'b=c' });
});
