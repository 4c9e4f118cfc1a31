/** Tests for PriorityClass defaulting and validation, with Kubernetes' messages. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  defaultPriorityClass,
  HIGHEST_USER_DEFINABLE_PRIORITY,
  SYSTEM_PRIORITY_CLASSES,
  validatePriorityClassCreate,
  validatePriorityClassUpdate,
} from './priority-class.js';

const pc = (name: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  apiVersion: 'scheduling.k8s.io/v1',
  kind: 'PriorityClass',
  metadata: { name },
  ...extra,
});

test('defaulting fills preemptionPolicy and a missing value as Go decoding does, and keeps given ones', () => {
  const bare = pc('bare');
  defaultPriorityClass(bare);
  assert.equal(bare['value'], 0);
  assert.equal(bare['preemptionPolicy'], 'PreemptLowerPriority');
  const given = pc('given', { value: 7, preemptionPolicy: 'Never' });
  defaultPriorityClass(given);
  assert.deepEqual([given['value'], given['preemptionPolicy']], [7, 'Never']);
});

test('a user class may have at most the highest user-definable value', () => {
  assert.deepEqual(validatePriorityClassCreate(pc('ok', { value: HIGHEST_USER_DEFINABLE_PRIORITY })), []);
  assert.deepEqual(validatePriorityClassCreate(pc('negative', { value: -100 })), []);
  assert.deepEqual(validatePriorityClassCreate(pc('too-high', { value: HIGHEST_USER_DEFINABLE_PRIORITY + 1 })), [
    { type: 'FieldValueForbidden', field: 'value', message: 'Forbidden: maximum allowed value of a user defined priority is 1000000000' },
  ]);
});

test('system- names are reserved for the built-in classes with their exact values', () => {
  for (const sys of SYSTEM_PRIORITY_CLASSES) assert.deepEqual(validatePriorityClassCreate(pc(sys.name, { value: sys.value })), [], sys.name);
  const reserved = "Forbidden: priority class names with 'system-' prefix are reserved for system use only. error: ";
  assert.deepEqual(validatePriorityClassCreate(pc('system-mine', { value: 5 })), [
    { type: 'FieldValueForbidden', field: 'metadata.name', message: `${reserved}system-mine is not a known system priority class` },
  ]);
  assert.deepEqual(validatePriorityClassCreate(pc('system-node-critical', { value: 5 })), [
    { type: 'FieldValueForbidden', field: 'metadata.name', message: `${reserved}value of system-node-critical PriorityClass must be 2000001000` },
  ]);
  assert.deepEqual(validatePriorityClassCreate(pc('system-cluster-critical', { value: 2000000000, globalDefault: true })), [
    { type: 'FieldValueForbidden', field: 'metadata.name', message: `${reserved}globalDefault of system-cluster-critical PriorityClass must be false` },
  ]);
});

test('names and preemption policies are checked', () => {
  const causes = validatePriorityClassCreate(pc('Bad_Name', { value: 1, preemptionPolicy: 'Sometimes' }));
  assert.deepEqual(
    causes.map((c) => c.field),
    ['metadata.name', 'preemptionPolicy'],
  );
  assert.equal(causes[1]?.message, 'Unsupported value: "Sometimes": supported values: "Never", "PreemptLowerPriority"');
  assert.deepEqual(validatePriorityClassCreate(pc('ns', { value: 1, metadata: { name: 'ns', namespace: 'default' } })).map((c) => c.field), ['metadata.namespace']);
});

test('value and preemptionPolicy are immutable; description and globalDefault may change', () => {
  const old = pc('c', { value: 10, preemptionPolicy: 'PreemptLowerPriority' });
  assert.deepEqual(validatePriorityClassUpdate(pc('c', { value: 10, preemptionPolicy: 'PreemptLowerPriority', description: 'new', globalDefault: true }), old), []);
  assert.deepEqual(validatePriorityClassUpdate(pc('c', { value: 11, preemptionPolicy: 'Never' }), old), [
    { type: 'FieldValueForbidden', field: 'value', message: 'Forbidden: may not be changed in an update.' },
    { type: 'FieldValueInvalid', field: 'preemptionPolicy', message: 'Invalid value: "Never": field is immutable' },
  ]);
});
