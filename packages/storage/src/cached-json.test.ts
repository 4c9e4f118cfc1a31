/** Unit tests of the shared JSON text cache. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cachedJson } from './cached-json.js';

test('cachedJson serializes an object once', () => {
  const obj = { metadata: { resourceVersion: '3' }, spec: { a: 1 } };
  const first = cachedJson(obj);
  assert.equal(first, JSON.stringify(obj));
  obj.spec.a = 2; // not allowed for shared objects: shows the text is not recomputed
  assert.equal(cachedJson(obj), first);
  assert.equal(cachedJson({ ...obj }), JSON.stringify(obj));
});
