/** Tests for formatAge / humanDuration (Kubernetes' duration.HumanDuration). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatAge, humanDuration } from './format-age.js';

const S = 1000;
const M = 60 * S;
const H = 60 * M;
const D = 24 * H;

test('humanDuration matches duration.HumanDuration at every band edge', () => {
  const cases: [number, string][] = [
    [0, '0s'],
    [999, '0s'],
    [45 * S, '45s'],
    [119 * S, '119s'],
    [2 * M, '2m'],
    [2 * M + 17 * S, '2m17s'],
    [9 * M, '9m'],
    [9 * M + 59 * S, '9m59s'],
    [10 * M + 30 * S, '10m'],
    [179 * M, '179m'],
    [3 * H, '3h'],
    [3 * H + 5 * M, '3h5m'],
    [7 * H + 59 * M, '7h59m'],
    [8 * H + 30 * M, '8h'],
    [47 * H, '47h'],
    [2 * D, '2d'],
    [2 * D + 3 * H, '2d3h'],
    [7 * D + 23 * H, '7d23h'],
    [8 * D + 5 * H, '8d'],
    [729 * D, '729d'],
    [730 * D, '2y'],
    [(730 + 45) * D, '2y45d'],
    [8 * 365 * D, '8y'],
    [20 * 365 * D + 100 * D, '20y'],
    [-1500, '0s'],
    [-2 * S, '<invalid>'],
  ];
  for (const [ms, want] of cases) assert.equal(humanDuration(ms), want, `${ms}ms`);
});

test('formatAge takes Date or RFC 3339 strings and reports <unknown> without a timestamp', () => {
  const now = new Date('2025-01-10T12:00:00Z');
  assert.equal(formatAge('2025-01-10T11:00:00Z', now), '60m');
  assert.equal(formatAge(new Date('2025-01-10T11:57:43Z'), now), '2m17s');
  assert.equal(formatAge('2025-01-01T12:00:00Z', now), '9d');
  assert.equal(formatAge('', now), '<unknown>');
  assert.equal(formatAge(undefined, now), '<unknown>');
  assert.equal(formatAge('not a time', now), '<unknown>');
});
