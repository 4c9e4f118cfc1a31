/** Tests of RFC 7386 JSON merge patch. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { StatusError } from '../errors/status-error.js';
import { applyMergePatch } from './merge-patch.js';

const deployment = () => ({
  metadata: { name: 'web', labels: { app: 'web', tier: 'front' } },
  spec: { replicas: 1, template: { spec: { containers: [{ name: 'a' }, { name: 'b' }] } } },
});

test('null deletes a key, objects merge recursively, scalars replace', () => {
  const out = applyMergePatch(deployment(), { metadata: { labels: { tier: null, env: 'prod' } }, spec: { replicas: 3 } });
  assert.deepEqual(out, {
    metadata: { name: 'web', labels: { app: 'web', env: 'prod' } },
    spec: { replicas: 3, template: { spec: { containers: [{ name: 'a' }, { name: 'b' }] } } },
  });
});

test('arrays are replaced whole, never merged', () => {
  const out = applyMergePatch(deployment(), { spec: { template: { spec: { containers: [{ name: 'c' }] } } } }) as ReturnType<typeof deployment>;
  assert.deepEqual(out.spec.template.spec.containers, [{ name: 'c' }]);
});

test('nulls inside a new object are dropped; deleting a missing key is a no-op', () => {
  const out = applyMergePatch({ a: 1 }, { b: { c: null, d: 2 }, missing: null });
  assert.deepEqual(out, { a: 1, b: { d: 2 } });
});

test('an object replaces a scalar and a scalar replaces an object', () => {
  assert.deepEqual(applyMergePatch({ a: 1, b: { c: 1 } }, { a: { x: 1 }, b: 'flat' }), { a: { x: 1 }, b: 'flat' });
});

test('the inputs are not modified', () => {
  const doc = deployment();
  const patch = { metadata: { labels: { tier: null } } };
  applyMergePatch(doc, patch);
  assert.deepEqual(doc, deployment());
  assert.deepEqual(patch, { metadata: { labels: { tier: null } } });
});

test('a patch that is not an object is 400 BadRequest', () => {
  for (const [patch, message] of [
    [null, 'Invalid JSON Patch'],
    [[{ a: 1 }], 'error decoding patch: json: cannot unmarshal array into Go value of type map[string]interface {}'],
    ['x', 'error decoding patch: json: cannot unmarshal string into Go value of type map[string]interface {}'],
  ] as const) {
    assert.throws(
      () => applyMergePatch(deployment(), patch),
      (err: unknown) => err instanceof StatusError && err.code === 400 && err.reason === 'BadRequest' && err.message === message,
    );
  }
});
