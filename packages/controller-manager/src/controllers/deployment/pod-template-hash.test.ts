/** Unit tests of the pod-template-hash and template equality. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { PodTemplateSpec } from 'kubernetes-types/core/v1.js';
import { computePodTemplateHash, POD_TEMPLATE_HASH_LABEL, safeEncode, templatesEqualIgnoringHash } from './pod-template-hash.js';

const template = (image = 'nginx:1.25'): PodTemplateSpec => ({ metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image }] } });

test('the hash is a short string from the safe alphabet', () => {
  const h = computePodTemplateHash(template());
  assert.match(h, /^[bcdfghjklmnpqrstvwxz2456789]{1,10}$/);
});

test('the hash is stable: same template (any key order) gives the same hash', () => {
  const a = template();
  const b: PodTemplateSpec = { spec: { containers: [{ image: 'nginx:1.25', name: 'c' }] }, metadata: { labels: { app: 'web' } } };
  assert.equal(computePodTemplateHash(a), computePodTemplateHash(b));
  assert.equal(computePodTemplateHash(a), computePodTemplateHash(structuredClone(a)));
});

test('any template change, a restartedAt annotation, or a collision count changes the hash', () => {
  const base = computePodTemplateHash(template());
  assert.notEqual(computePodTemplateHash(template('nginx:1.26')), base);
  const restarted = template();
  restarted.metadata!.annotations = { 'kubectl.kubernetes.io/restartedAt': '2026-01-01T00:00:00Z' };
  assert.notEqual(computePodTemplateHash(restarted), base);
  assert.notEqual(computePodTemplateHash(template(), 1), base);
  assert.notEqual(computePodTemplateHash(template(), 1), computePodTemplateHash(template(), 2));
  assert.equal(computePodTemplateHash(template(), 1), computePodTemplateHash(template(), 1));
});

test('safeEncode maps every character into the alphabet', () => {
  assert.equal(safeEncode('0123456789').length, 10);
  assert.match(safeEncode('0123456789'), /^[bcdfghjklmnpqrstvwxz2456789]+$/);
});

test('templates are equal ignoring the pod-template-hash label, and not otherwise', () => {
  const withHash = template();
  withHash.metadata!.labels![POD_TEMPLATE_HASH_LABEL] = 'abc123';
  assert.ok(templatesEqualIgnoringHash(withHash, template()));
  assert.ok(!templatesEqualIgnoringHash(withHash, template('nginx:1.26')));
  const onlyHash: PodTemplateSpec = { metadata: { labels: { [POD_TEMPLATE_HASH_LABEL]: 'x' } }, spec: { containers: [] } };
  assert.ok(templatesEqualIgnoringHash(onlyHash, { metadata: {}, spec: { containers: [] } }), 'empty labels equal absent ones');
});
