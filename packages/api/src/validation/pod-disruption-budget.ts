/** policy/v1 PodDisruptionBudget validation: minAvailable or maxUnavailable (int or percent, not both), selector, eviction policy, status counts. */
import type { FieldCause } from '../errors/status-error.js';
import { child, invalidCause, nonNegative, notSupportedCause } from './field-errors.js';
import { validateLabelSelectorSpec } from './label-selector-spec.js';
import { isValidPercent } from './name-format.js';
import { validateObjectMeta, validateObjectMetaUpdate } from './object-meta.js';
import { asRecord, isRecord } from './values.js';

/** The values of spec.unhealthyPodEvictionPolicy Kubernetes accepts. */
export const UNHEALTHY_POD_EVICTION_POLICIES = ['AlwaysAllow', 'IfHealthyBudget'] as const;

/** A non-negative integer or a percentage of at most 100%. */
function positiveIntOrPercent(value: unknown, path: string): FieldCause[] {
  if (value === undefined || value === null) return [];
  if (typeof value === 'number') return nonNegative(path, value);
  if (typeof value === 'string') {
    const errors = isValidPercent(value);
    if (errors.length > 0) return errors.map((m) => invalidCause(path, value, m));
    return Number(value.slice(0, -1)) > 100 ? [invalidCause(path, value, 'must not be greater than 100%')] : [];
  }
  return [invalidCause(path, value, "must be an integer or percentage (e.g '5%')")];
}

function validateSpec(specValue: unknown): FieldCause[] {
  const spec = asRecord(specValue);
  const causes: FieldCause[] = [];
  const min = spec['minAvailable'];
  const max = spec['maxUnavailable'];
  if (min !== undefined && min !== null && max !== undefined && max !== null) {
    causes.push(invalidCause('spec', specValue, 'minAvailable and maxUnavailable cannot be both set'));
  }
  causes.push(...positiveIntOrPercent(min, 'spec.minAvailable'), ...positiveIntOrPercent(max, 'spec.maxUnavailable'));
  causes.push(...validateLabelSelectorSpec(spec['selector'], 'spec.selector'));
  const policy = spec['unhealthyPodEvictionPolicy'];
  if (policy !== undefined && policy !== null && !(UNHEALTHY_POD_EVICTION_POLICIES as readonly unknown[]).includes(policy)) {
    causes.push(notSupportedCause('spec.unhealthyPodEvictionPolicy', policy, UNHEALTHY_POD_EVICTION_POLICIES));
  }
  return causes;
}

export function validatePodDisruptionBudgetCreate(obj: unknown): FieldCause[] {
  const o = asRecord(obj);
  return [...validateObjectMeta(o['metadata'], { namespaced: true }), ...validateSpec(o['spec'])];
}

/** In policy/v1 the whole spec may change. */
export function validatePodDisruptionBudgetUpdate(obj: unknown, oldObj: unknown): FieldCause[] {
  const o = asRecord(obj);
  return [...validateObjectMetaUpdate(o['metadata'], asRecord(oldObj)['metadata']), ...validateSpec(o['spec'])];
}

/** Status counts are non-negative. */
export function validatePodDisruptionBudgetStatusUpdate(obj: unknown, oldObj: unknown): FieldCause[] {
  const o = asRecord(obj);
  const causes = validateObjectMetaUpdate(o['metadata'], asRecord(oldObj)['metadata']);
  const status = o['status'];
  if (!isRecord(status)) return causes;
  for (const field of ['disruptionsAllowed', 'currentHealthy', 'desiredHealthy', 'expectedPods']) {
    causes.push(...nonNegative(child('status', field), status[field]));
  }
  return causes;
}
