/** Lease (coordination.k8s.io) validation: positive duration, non-negative transitions. */
import type { FieldCause } from '../errors/status-error.js';
import { invalidCause, IS_NEGATIVE } from './field-errors.js';
import { validateObjectMeta, validateObjectMetaUpdate } from './object-meta.js';
import { asRecord } from './values.js';

function leaseSpec(specValue: unknown): FieldCause[] {
  const spec = asRecord(specValue);
  const causes: FieldCause[] = [];
  const duration = spec['leaseDurationSeconds'];
  if (typeof duration === 'number' && duration <= 0) causes.push(invalidCause('spec.leaseDurationSeconds', duration, 'must be greater than 0'));
  const transitions = spec['leaseTransitions'];
  if (typeof transitions === 'number' && transitions < 0) causes.push(invalidCause('spec.leaseTransitions', transitions, IS_NEGATIVE));
  return causes;
}

export function validateLeaseCreate(obj: unknown): FieldCause[] {
  const o = asRecord(obj);
  return [...validateObjectMeta(o['metadata'], { namespaced: true }), ...leaseSpec(o['spec'])];
}

export function validateLeaseUpdate(obj: unknown, oldObj: unknown): FieldCause[] {
  const o = asRecord(obj);
  return [...validateObjectMetaUpdate(o['metadata'], asRecord(oldObj)['metadata']), ...leaseSpec(o['spec'])];
}
