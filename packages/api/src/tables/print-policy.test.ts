/** Tests for the PodDisruptionBudget printer: kubectl's columns, N/A for the unset bound. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findResource } from '../resources/catalog.js';
import { tableColumns, tableRow } from './printers.js';

const NOW = new Date('2025-03-01T12:00:00Z');
const info = findResource('policy', 'v1', 'poddisruptionbudgets')!;

test('PodDisruptionBudget columns: name, min available, max unavailable, allowed disruptions, age', () => {
  assert.deepEqual(
    tableColumns(info).map((c) => [c.name, c.type]),
    [
      ['Name', 'string'],
      ['Min Available', 'string'],
      ['Max Unavailable', 'string'],
      ['Allowed Disruptions', 'integer'],
      ['Age', 'string'],
    ],
  );
});

test('PodDisruptionBudget rows print the set bound and N/A for the other', () => {
  const created = new Date(NOW.getTime() - 2 * 60_000).toISOString();
  const meta = { name: 'web', namespace: 'default', creationTimestamp: created };
  assert.deepEqual(tableRow(info, { metadata: meta, spec: { minAvailable: 2 }, status: { disruptionsAllowed: 1 } }, NOW), ['web', '2', 'N/A', 1, '2m']);
  assert.deepEqual(tableRow(info, { metadata: meta, spec: { maxUnavailable: '25%' } }, NOW), ['web', 'N/A', '25%', 0, '2m']);
});
