/** Tests of keyOf / splitKey and the TerminalError check. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TerminalError, isTerminalError, keyOf, keyOfRequest, splitKey } from './index.js';

test('keyOf is namespace/name, or name for cluster-scoped objects', () => {
  assert.equal(keyOf({ metadata: { namespace: 'default', name: 'web' } }), 'default/web');
  assert.equal(keyOf({ metadata: { name: 'node-1' } }), 'node-1');
  assert.equal(keyOf({ metadata: { namespace: '', name: 'node-1' } }), 'node-1');
  assert.throws(() => keyOf({ metadata: {} }), /no metadata.name/);
});

test('splitKey inverts keyOf and rejects keys with more than one slash', () => {
  assert.deepEqual(splitKey('default/web'), { namespace: 'default', name: 'web' });
  assert.deepEqual(splitKey('node-1'), { name: 'node-1' });
  assert.deepEqual(splitKey('/node-1'), { name: 'node-1' });
  assert.throws(() => splitKey('a/b/c'), /unexpected key format: "a\/b\/c"/);
  assert.equal(keyOfRequest(splitKey('default/web')), 'default/web');
  assert.equal(keyOfRequest({ name: 'n' }), 'n');
});

test('isTerminalError looks through the cause chain', () => {
  assert.equal(isTerminalError(new TerminalError('x')), true);
  assert.equal(isTerminalError(new Error('y', { cause: new TerminalError('x') })), true);
  assert.equal(isTerminalError(new Error('y')), false);
  assert.equal(isTerminalError('nope'), false);
  const loop = new Error('loop');
  (loop as { cause?: unknown }).cause = loop;
  assert.equal(isTerminalError(loop), false);
});
