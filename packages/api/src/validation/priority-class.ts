/** PriorityClass (scheduling.k8s.io) validation and the priority constants and system classes Kubernetes defines. */
import type { FieldCause } from '../errors/status-error.js';
import { FIELD_IMMUTABLE, forbiddenCause, invalidCause, notSupportedCause } from './field-errors.js';
import { validateObjectMeta, validateObjectMetaUpdate } from './object-meta.js';
import { asRecord, asString } from './values.js';

/** The highest value a user's PriorityClass may have; larger values are reserved for the system classes. */
export const HIGHEST_USER_DEFINABLE_PRIORITY = 1_000_000_000;
/** Where the system-critical range starts (Kubernetes: twice the highest user-definable priority). */
export const SYSTEM_CRITICAL_PRIORITY = 2 * HIGHEST_USER_DEFINABLE_PRIORITY;
/** The priority of a pod without a class when no class is the global default. */
export const DEFAULT_PRIORITY_WHEN_NO_DEFAULT_CLASS_EXISTS = 0;
/** Names with this prefix belong to the system classes only. */
export const SYSTEM_PRIORITY_CLASS_PREFIX = 'system-';
/** A class's preemptionPolicy when the request leaves it out. */
export const DEFAULT_PREEMPTION_POLICY = 'PreemptLowerPriority';
export const PREEMPTION_POLICIES = ['Never', 'PreemptLowerPriority'] as const;

/** One built-in class, as the API server creates it at start. */
export interface SystemPriorityClass {
  name: string;
  value: number;
  description: string;
}

/** The built-in classes every cluster has. */
export const SYSTEM_PRIORITY_CLASSES: readonly SystemPriorityClass[] = [
  {
    name: 'system-node-critical',
    value: SYSTEM_CRITICAL_PRIORITY + 1000,
    description: 'Used for system critical pods that must not be moved from their current node.',
  },
  {
    name: 'system-cluster-critical',
    value: SYSTEM_CRITICAL_PRIORITY,
    description: 'Used for system critical pods that must run in the cluster, but can be moved to another node if necessary.',
  },
];

/** Fills in what Kubernetes' decoding and defaulting give a PriorityClass: value 0 when absent, PreemptLowerPriority. */
export function defaultPriorityClass(obj: unknown): void {
  const pc = asRecord(obj);
  if (pc !== obj) return;
  // `value` is a plain int32 in the Go type: an absent value decodes as 0.
  if (pc['value'] === undefined || pc['value'] === null) pc['value'] = 0;
  if (pc['preemptionPolicy'] === undefined || pc['preemptionPolicy'] === null) pc['preemptionPolicy'] = DEFAULT_PREEMPTION_POLICY;
}

/** Why a `system-` name is not one of the built-in classes (or has not their value), or undefined when it is. */
function systemClassMismatch(name: string, value: unknown, globalDefault: boolean): string | undefined {
  const known = SYSTEM_PRIORITY_CLASSES.find((c) => c.name === name);
  if (!known) return `${name} is not a known system priority class`;
  if (known.value !== value) return `value of ${name} PriorityClass must be ${known.value}`;
  if (globalDefault) return `globalDefault of ${name} PriorityClass must be false`;
  return undefined;
}

function preemptionPolicyCauses(policy: unknown): FieldCause[] {
  if (policy === undefined || policy === null) return [];
  if ((PREEMPTION_POLICIES as readonly unknown[]).includes(policy)) return [];
  return [notSupportedCause('preemptionPolicy', policy, PREEMPTION_POLICIES)];
}

/** A new PriorityClass: metadata, the reserved `system-` prefix, the user range and the preemption policy. */
export function validatePriorityClassCreate(obj: unknown): FieldCause[] {
  const pc = asRecord(obj);
  const causes = validateObjectMeta(pc['metadata'], { namespaced: false });
  const name = asString(asRecord(pc['metadata'])['name']);
  const value = pc['value'] ?? 0;
  if (name.startsWith(SYSTEM_PRIORITY_CLASS_PREFIX)) {
    const mismatch = systemClassMismatch(name, value, pc['globalDefault'] === true);
    if (mismatch) {
      causes.push(forbiddenCause('metadata.name', `priority class names with '${SYSTEM_PRIORITY_CLASS_PREFIX}' prefix are reserved for system use only. error: ${mismatch}`));
    }
  } else if (typeof value === 'number' && value > HIGHEST_USER_DEFINABLE_PRIORITY) {
    causes.push(forbiddenCause('value', `maximum allowed value of a user defined priority is ${HIGHEST_USER_DEFINABLE_PRIORITY}`));
  }
  causes.push(...preemptionPolicyCauses(pc['preemptionPolicy']));
  return causes;
}

/** An update: metadata rules, and value and preemptionPolicy may not change (as Kubernetes, the rest is not re-checked). */
export function validatePriorityClassUpdate(obj: unknown, oldObj: unknown): FieldCause[] {
  const pc = asRecord(obj);
  const old = asRecord(oldObj);
  const causes = validateObjectMetaUpdate(pc['metadata'], old['metadata']);
  if ((pc['value'] ?? 0) !== (old['value'] ?? 0)) causes.push(forbiddenCause('value', 'may not be changed in an update.'));
  const policy = pc['preemptionPolicy'] ?? null;
  if (policy !== (old['preemptionPolicy'] ?? null)) causes.push(invalidCause('preemptionPolicy', policy, FIELD_IMMUTABLE));
  return causes;
}
