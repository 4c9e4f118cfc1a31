/** Tests for PodDisruptionBudget validation, with Kubernetes' messages. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validatePodDisruptionBudgetCreate, validatePodDisruptionBudgetStatusUpdate } from './pod-disruption-budget.js';

const pdb = (spec: Record<string, unknown>, status?: Record<string, unknown>): Record<string, unknown> => ({
  apiVersion: 'policy/v1',
  kind: 'PodDisruptionBudget',
  metadata: { name: 'web', namespace: 'default', resourceVersion: '1' },
  spec: { selector: { matchLabels: { app: 'web' } }, ...spec },
  ...(status ? { status } : {}),
});

test('minAvailable or maxUnavailable as an integer or a percent is valid', () => {
  assert.deepEqual(validatePodDisruptionBudgetCreate(pdb({ minAvailable: 2 })), []);
  assert.deepEqual(validatePodDisruptionBudgetCreate(pdb({ maxUnavailable: '25%' })), []);
});

test('both minAvailable and maxUnavailable is refused', () => {
  const causes = validatePodDisruptionBudgetCreate(pdb({ minAvailable: 1, maxUnavailable: 1 }));
  assert.equal(causes.length, 1);
  assert.equal(causes[0]!.field, 'spec');
  assert.match(causes[0]!.message, /minAvailable and maxUnavailable cannot be both set/);
});

test('negative numbers, bad percents and percents over 100 are invalid', () => {
  assert.deepEqual(validatePodDisruptionBudgetCreate(pdb({ minAvailable: -1 })).map((c) => c.field), ['spec.minAvailable']);
  assert.deepEqual(validatePodDisruptionBudgetCreate(pdb({ maxUnavailable: 'half' })).map((c) => c.field), ['spec.maxUnavailable']);
  const over = validatePodDisruptionBudgetCreate(pdb({ minAvailable: '150%' }));
  assert.match(over[0]!.message, /must not be greater than 100%/);
});

test('unhealthyPodEvictionPolicy must be a known value', () => {
  assert.deepEqual(validatePodDisruptionBudgetCreate(pdb({ unhealthyPodEvictionPolicy: 'AlwaysAllow' })), []);
  const causes = validatePodDisruptionBudgetCreate(pdb({ unhealthyPodEvictionPolicy: 'Sometimes' }));
  assert.deepEqual(causes.map((c) => [c.type, c.field]), [['FieldValueNotSupported', 'spec.unhealthyPodEvictionPolicy']]);
});

test('status counts may not be negative', () => {
  const old = pdb({ minAvailable: 1 });
  assert.deepEqual(validatePodDisruptionBudgetStatusUpdate(pdb({ minAvailable: 1 }, { disruptionsAllowed: 1, currentHealthy: 2 }), old), []);
  const causes = validatePodDisruptionBudgetStatusUpdate(pdb({ minAvailable: 1 }, { disruptionsAllowed: -1 }), old);
  assert.deepEqual(causes.map((c) => c.field), ['status.disruptionsAllowed']);
});
