/** Unit tests for system-owned metadata handling. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bumpGenerationOnSpecChange, generateName, initObjectMeta, preserveObjectMeta, resetMetaForStatus } from './object-meta.js';

test('generateName appends five safe characters', () => {
  const name = generateName('web-');
  assert.match(name, /^web-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
  assert.equal(generateName('x'.repeat(80)).length, 63);
});

test('create fills uid, timestamp and generation; drops client-set system fields', () => {
  const obj = { metadata: { name: 'a', resourceVersion: '5', deletionTimestamp: 'x', uid: 'mine' } };
  initObjectMeta(obj, new Date('2026-01-02T03:04:05.678Z'), true);
  assert.match(obj.metadata.uid, /^[0-9a-f-]{36}$/);
  assert.notEqual(obj.metadata.uid, 'mine');
  assert.equal((obj.metadata as Record<string, unknown>).creationTimestamp, '2026-01-02T03:04:05Z');
  assert.equal(obj.metadata.resourceVersion, undefined);
  assert.equal(obj.metadata.deletionTimestamp, undefined);
  assert.equal((obj.metadata as Record<string, unknown>).generation, 1);
});

test('update keeps system fields and bumps generation only on spec change', () => {
  const old = { metadata: { name: 'a', uid: 'u1', creationTimestamp: 't', generation: 3, resourceVersion: '9' }, spec: { replicas: 1 }, status: { x: 1 } };
  const same = { metadata: { name: 'a', uid: 'other', generation: 99 }, spec: { replicas: 1 }, status: { x: 2 } };
  preserveObjectMeta(same, old);
  bumpGenerationOnSpecChange(same, old);
  assert.equal(same.metadata.uid, 'u1');
  assert.equal(same.metadata.generation, 3);
  const changed = { metadata: { name: 'a' }, spec: { replicas: 2 } };
  preserveObjectMeta(changed, old);
  bumpGenerationOnSpecChange(changed, old);
  assert.equal((changed.metadata as Record<string, unknown>).generation, 4);
});

test('status writes keep the stored metadata but not its resourceVersion precondition', () => {
  const old = { metadata: { name: 'a', labels: { a: '1' }, resourceVersion: '7' } };
  const incoming = { metadata: { name: 'a', labels: { hacked: '1' }, resourceVersion: '6' } };
  resetMetaForStatus(incoming, old);
  assert.deepEqual(incoming.metadata, { name: 'a', labels: { a: '1' }, resourceVersion: '6' });
});
