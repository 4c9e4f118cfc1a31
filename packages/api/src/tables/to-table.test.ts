/** Tests for toTable: envelope, metadata and the includeObject variants. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findResource, type ResourceInfo } from '../resources/catalog.js';
import { toTable } from './to-table.js';

const NOW = new Date('2025-03-01T12:00:00Z');
const pods = findResource('', 'v1', 'pods') as ResourceInfo;
const pod = (name: string, phase = 'Running'): Record<string, unknown> => ({
  kind: 'Pod', apiVersion: 'v1',
  metadata: { name, namespace: 'default', uid: `uid-${name}`, resourceVersion: '7', creationTimestamp: '2025-03-01T11:00:00Z', labels: { app: 'web' } },
  spec: { containers: [{ name: 'c', image: 'nginx' }] },
  status: { phase },
});

test('default includeObject is Metadata: rows carry PartialObjectMetadata', () => {
  const table = toTable(pods, [pod('a'), pod('b')], { resourceVersion: '1008', now: NOW });
  assert.equal(table.kind, 'Table');
  assert.equal(table.apiVersion, 'meta.k8s.io/v1');
  assert.deepEqual(table.metadata, { resourceVersion: '1008' });
  assert.equal(table.columnDefinitions.length, 9);
  assert.deepEqual(table.columnDefinitions.map((c) => [c.name, c.priority]).slice(0, 6), [['Name', 0], ['Ready', 0], ['Status', 0], ['Restarts', 0], ['Age', 0], ['IP', 1]]);
  assert.equal(table.columnDefinitions[0]?.format, 'name');
  assert.deepEqual(table.rows.map((r) => r.cells.slice(0, 5)), [['a', '0/1', 'Running', '0', '60m'], ['b', '0/1', 'Running', '0', '60m']]);
  assert.deepEqual(table.rows[0]?.object, { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: pod('a')['metadata'] });
});

test('includeObject Object embeds the whole object; None leaves it out', () => {
  const full = toTable(pods, [pod('a')], { includeObject: 'Object', resourceVersion: '1', now: NOW });
  assert.deepEqual(full.rows[0]?.object, pod('a'));
  const none = toTable(pods, [pod('a')], { includeObject: 'None', resourceVersion: '1', now: NOW });
  assert.equal('object' in (none.rows[0] ?? {}), false);
});

test('continue, remainingItemCount, noHeaders and empty lists', () => {
  const table = toTable(pods, [], { resourceVersion: '5', continue: 'tok', remainingItemCount: 12, now: NOW, noHeaders: true });
  assert.deepEqual(table.metadata, { resourceVersion: '5', continue: 'tok', remainingItemCount: 12 });
  assert.deepEqual(table.columnDefinitions, []);
  assert.deepEqual(table.rows, []);
});

test('finished pods carry the Completed row condition', () => {
  const table = toTable(pods, [pod('ok', 'Succeeded'), pod('bad', 'Failed'), pod('run')], { resourceVersion: '1', now: NOW });
  assert.deepEqual(table.rows.map((r) => r.conditions?.[0]?.reason), ['Succeeded', 'Failed', undefined]);
  assert.equal(table.rows[0]?.conditions?.[0]?.type, 'Completed');
});

test('the table is plain JSON', () => {
  const table = toTable(pods, [pod('a')], { resourceVersion: '1', now: NOW });
  assert.deepEqual(JSON.parse(JSON.stringify(table)), table);
});
