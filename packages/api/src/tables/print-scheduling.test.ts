/** Tests for the PriorityClass printer: typed cells in kube-apiserver's column order. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findResource } from '../resources/catalog.js';
import { tableColumns, tableRow } from './printers.js';

const NOW = new Date('2025-03-01T12:00:00Z');
const info = findResource('scheduling.k8s.io', 'v1', 'priorityclasses')!;

test('PriorityClass columns: name, value, global-default, age, preemption policy', () => {
  assert.deepEqual(
    tableColumns(info).map((c) => [c.name, c.type, c.priority]),
    [
      ['Name', 'string', 0],
      ['Value', 'integer', 0],
      ['Global-Default', 'boolean', 0],
      ['Age', 'string', 0],
      ['PreemptionPolicy', 'string', 0],
    ],
  );
});

test('PriorityClass rows carry the value as a number and globalDefault as a boolean', () => {
  const created = new Date(NOW.getTime() - 3 * 60_000).toISOString();
  assert.deepEqual(
    tableRow(info, { metadata: { name: 'high', creationTimestamp: created }, value: 1000, globalDefault: true, preemptionPolicy: 'Never' }, NOW),
    ['high', 1000, true, '3m', 'Never'],
  );
  assert.deepEqual(tableRow(info, { metadata: { name: 'bare', creationTimestamp: created }, value: -5 }, NOW), ['bare', -5, false, '3m', '']);
});
