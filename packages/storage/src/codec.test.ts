/** Unit tests of the object codec. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeValue, encodeObject, withResourceVersion } from './codec.js';

test('encodeObject drops metadata.resourceVersion and keeps the rest in order', () => {
  const obj = { kind: 'Pod', metadata: { name: 'web', resourceVersion: '42', uid: 'u' }, spec: { a: 1 } };
  assert.equal(encodeObject(obj), '{"kind":"Pod","metadata":{"name":"web","uid":"u"},"spec":{"a":1}}');
  assert.equal(obj.metadata.resourceVersion, '42', 'the input is not modified');
  assert.equal(encodeObject({ a: 1 }), '{"a":1}');
});

test('decodeValue sets resourceVersion from the mod revision', () => {
  assert.deepEqual(decodeValue(Buffer.from('{"metadata":{"name":"x"}}'), '7'), { metadata: { name: 'x', resourceVersion: '7' } });
  assert.deepEqual(decodeValue(Buffer.from('{"a":1}'), '8'), { a: 1, metadata: { resourceVersion: '8' } });
});

test('withResourceVersion copies shallowly without touching the original', () => {
  const spec = { x: 1 };
  const obj = { metadata: { name: 'a', resourceVersion: '1' }, spec };
  const copy = withResourceVersion(obj, '9');
  assert.equal(copy.metadata.resourceVersion, '9');
  assert.equal(obj.metadata.resourceVersion, '1');
  assert.equal(copy.spec, spec);
});
