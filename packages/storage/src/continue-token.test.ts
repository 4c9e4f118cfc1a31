/** Unit tests of list continue tokens. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeContinue, encodeContinue } from './continue-token.js';
import { InvalidContinueError } from './errors.js';

test('a token round-trips revision and next key, relative to the prefix', () => {
  const token = encodeContinue(12, '/registry/core/pods/', '/registry/core/pods/ns/b\u0000');
  assert.deepEqual(decodeContinue(token, '/registry/core/pods/'), { revision: 12, startKey: '/registry/core/pods/ns/b\u0000' });
  // Used against another prefix, it cannot read outside that prefix.
  assert.equal(decodeContinue(token, '/registry/core/secrets/').startKey, '/registry/core/secrets/ns/b\u0000');
});

test('malformed tokens are InvalidContinueError', () => {
  const bad = [
    'not base64!',
    Buffer.from('not json').toString('base64'),
    Buffer.from(JSON.stringify({ v: 'other', rv: 1, start: 'a' })).toString('base64'),
    Buffer.from(JSON.stringify({ v: 'meta.k8s.io/v1', rv: -1, start: 'a' })).toString('base64'),
    Buffer.from(JSON.stringify({ v: 'meta.k8s.io/v1', rv: 3, start: '' })).toString('base64'),
  ];
  for (const token of bad) assert.throws(() => decodeContinue(token, '/p/'), InvalidContinueError, token);
});
