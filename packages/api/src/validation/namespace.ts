/** Namespace validation: a DNS-1123 label name, valid finalizers, and the phase rules of namespaces/status. */
import type { FieldCause } from '../errors/status-error.js';
import { index, invalidCause } from './field-errors.js';
import { nameIsDNSLabel, validateFinalizerName, validateObjectMeta, validateObjectMetaUpdate } from './object-meta.js';
import { asArray, asRecord, asString } from './values.js';

function specFinalizers(o: Record<string, unknown>): FieldCause[] {
  const path = 'spec.finalizers';
  return asArray<unknown>(asRecord(o['spec'])['finalizers']).flatMap((f, i) => validateFinalizerName(asString(f), path, index(path, i)));
}

export function validateNamespaceCreate(obj: unknown): FieldCause[] {
  const o = asRecord(obj);
  return [...validateObjectMeta(o['metadata'], { namespaced: false, nameFn: nameIsDNSLabel }), ...specFinalizers(o)];
}

/** A plain update may change only metadata (Kubernetes ignores spec and status there). */
export function validateNamespaceUpdate(obj: unknown, oldObj: unknown): FieldCause[] {
  return validateObjectMetaUpdate(asRecord(obj)['metadata'], asRecord(oldObj)['metadata']);
}

/** The phase, when given, is Active until deletion starts and Terminating after. */
export function validateNamespaceStatusUpdate(obj: unknown, oldObj: unknown): FieldCause[] {
  const o = asRecord(obj);
  const causes = validateObjectMetaUpdate(o['metadata'], asRecord(oldObj)['metadata']);
  const phase = asString(asRecord(o['status'])['phase']);
  const deleting = Boolean(asRecord(o['metadata'])['deletionTimestamp']);
  // An absent phase is left as it was (the server sets it); a present one must fit the deletion state.
  if (!phase) return causes;
  if (!deleting && phase !== 'Active') {
    causes.push(invalidCause('status.Phase', phase, "may only be 'Active' if `deletionTimestamp` is empty"));
  } else if (deleting && phase !== 'Terminating') {
    causes.push(invalidCause('status.Phase', phase, "may only be 'Terminating' if `deletionTimestamp` is not empty"));
  }
  return causes;
}
