/** Node validation (light): name, pod CIDRs, taints, capacity quantities; podCIDR and providerID fixed once set. */
import type { FieldCause } from '../errors/status-error.js';
import { child, forbiddenCause, index, invalidCause, invalidEach, notSupportedCause, requiredCause, IS_NEGATIVE } from './field-errors.js';
import { isValidCIDR } from './ip-format.js';
import { isQualifiedName, isValidLabelValue } from './name-format.js';
import { validateObjectMeta, validateObjectMetaUpdate } from './object-meta.js';
import { formatQuantity, quantityOf } from './quantity.js';
import { asArray, asRecord, asString, type JsonRecord } from './values.js';

const TAINT_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];

function validateSpec(spec: JsonRecord): FieldCause[] {
  const causes: FieldCause[] = [];
  const podCIDR = asString(spec['podCIDR']);
  if (podCIDR && isValidCIDR(podCIDR).length) causes.push(invalidCause('spec.podCIDR', podCIDR, 'not a valid CIDR'));
  asArray<unknown>(spec['podCIDRs']).forEach((raw, i) => {
    const cidr = asString(raw);
    causes.push(...invalidEach(index('spec.podCIDRs', i), cidr, isValidCIDR(cidr)));
  });
  asArray<unknown>(spec['taints']).forEach((raw, i) => {
    const taint = asRecord(raw);
    const p = index('spec.taints', i);
    const key = asString(taint['key']);
    causes.push(...invalidEach(child(p, 'key'), key, isQualifiedName(key)));
    const value = asString(taint['value']);
    if (value) causes.push(...invalidEach(child(p, 'value'), value, isValidLabelValue(value)));
    const effect = asString(taint['effect']);
    if (!effect) causes.push(requiredCause(child(p, 'effect')));
    else if (!TAINT_EFFECTS.includes(effect)) causes.push(notSupportedCause(child(p, 'effect'), effect, TAINT_EFFECTS));
  });
  return causes;
}

function validateResources(status: JsonRecord): FieldCause[] {
  const causes: FieldCause[] = [];
  for (const list of ['capacity', 'allocatable']) {
    for (const [name, raw] of Object.entries(asRecord(status[list]))) {
      const q = quantityOf(raw);
      const p = `status.${list}.${name}`;
      if (typeof q === 'string') causes.push(invalidCause(p, raw, q));
      else if (q.nanos < 0n) causes.push(invalidCause(p, formatQuantity(q), IS_NEGATIVE));
    }
  }
  return causes;
}

export function validateNodeCreate(obj: unknown): FieldCause[] {
  const o = asRecord(obj);
  return [...validateObjectMeta(o['metadata'], { namespaced: false }), ...validateSpec(asRecord(o['spec'])), ...validateResources(asRecord(o['status']))];
}

/** podCIDR and providerID may go from empty to a value, never change after. Used for nodes and nodes/status. */
export function validateNodeUpdate(obj: unknown, oldObj: unknown): FieldCause[] {
  const o = asRecord(obj);
  const old = asRecord(oldObj);
  const spec = asRecord(o['spec']);
  const oldSpec = asRecord(old['spec']);
  const causes = [...validateObjectMetaUpdate(o['metadata'], old['metadata']), ...validateSpec(spec), ...validateResources(asRecord(o['status']))];
  for (const field of ['podCIDR', 'providerID']) {
    const before = asString(oldSpec[field]);
    if (before && before !== asString(spec[field])) {
      causes.push(forbiddenCause(`spec.${field}`, `node updates may not change ${field} except from "" to valid`));
    }
  }
  return causes;
}
