/** Unit tests of key helpers. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { prefixEnd, resourceLabel } from './keys.js';

test('prefixEnd increments the last byte', () => {
  assert.equal(prefixEnd('/registry/core/pods/').toString(), '/registry/core/pods0');
  assert.deepEqual([...prefixEnd(Buffer.from([0x61, 0xff]))], [0x62]);
  assert.deepEqual([...prefixEnd(Buffer.from([0xff, 0xff]))], [0]);
});

test('resourceLabel names the resource prefix of a key', () => {
  assert.equal(resourceLabel('/registry/core/pods/default/web'), '/registry/core/pods/');
  assert.equal(resourceLabel('/registry/core/nodes/n1'), '/registry/core/nodes/');
  assert.equal(resourceLabel('/registry/apps/deployments/'), '/registry/apps/deployments/');
  assert.equal(resourceLabel('compact_rev_key'), 'compact_rev_key');
});
