/** Tests of deep equality and cloning of JSON values. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { deepClone, deepEqual, isPlainObject } from './deep.js';

test('deepEqual ignores key order but not array order', () => {
  assert.equal(deepEqual({ a: 1, b: [1, { c: 2 }] }, { b: [1, { c: 2 }], a: 1 }), true);
  assert.equal(deepEqual([1, 2], [2, 1]), false);
  assert.equal(deepEqual({ a: 1 }, { a: 1, b: undefined }), false);
  assert.equal(deepEqual({ a: null }, { a: 0 }), false);
  assert.equal(deepEqual([], {}), false);
});

test('deepClone shares nothing with its input', () => {
  const input = { a: [{ b: 1 }], c: { d: 'x' } };
  const copy = deepClone(input);
  assert.deepEqual(copy, input);
  copy.a[0]!.b = 2;
  copy.c.d = 'y';
  assert.deepEqual(input, { a: [{ b: 1 }], c: { d: 'x' } });
});

test('isPlainObject accepts only plain objects', () => {
  assert.equal(isPlainObject({}), true);
  assert.equal(isPlainObject(Object.create(null)), true);
  assert.equal(isPlainObject([]), false);
  assert.equal(isPlainObject(null), false);
  assert.equal(isPlainObject(new Date()), false);
});
