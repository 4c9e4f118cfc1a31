/** apps/v1 workload validation: Deployment, ReplicaSet, DaemonSet and StatefulSet (selector, template, strategy, replicas). */
import type { FieldCause } from '../errors/status-error.js';
import { child, FIELD_IMMUTABLE, forbiddenCause, invalidCause, nonNegative, notSupportedCause, requiredCause } from './field-errors.js';
import { isEmptySelectorSpec, selectorOrUndefined, validateLabelSelectorSpec } from './label-selector-spec.js';
import { isValidPercent } from './name-format.js';
import { validateObjectMeta, validateObjectMetaUpdate } from './object-meta.js';
import { templateLabels, templateRestartPolicy, validatePodTemplateSpec } from './pod-spec.js';
import { asRecord, isRecord, semanticEqual, type JsonRecord } from './values.js';

/** The apps/v1 kinds with a selector and a pod template. */
export type WorkloadKind = 'Deployment' | 'ReplicaSet' | 'DaemonSet' | 'StatefulSet';

/** How each kind names itself in "empty selector" and "activeDeadlineSeconds" messages (Kubernetes' own wording). */
const WORDING: Record<WorkloadKind, { emptySelector: string; deadline: string }> = {
  Deployment: { emptySelector: 'deployment', deadline: 'ReplicaSet' },
  ReplicaSet: { emptySelector: 'deployment', deadline: 'ReplicaSet' },
  DaemonSet: { emptySelector: 'daemonset', deadline: 'DaemonSet' },
  StatefulSet: { emptySelector: 'statefulset', deadline: 'StatefulSet' },
};

/** An int-or-percent (`maxSurge`, `maxUnavailable`): a non-negative integer or `N%`. */
function intOrPercent(value: unknown, path: string): FieldCause[] {
  if (value === undefined || value === null) return [];
  if (typeof value === 'number') return nonNegative(path, value);
  if (typeof value === 'string') return isValidPercent(value).map((m) => invalidCause(path, value, m));
  return [invalidCause(path, value, "must be an integer or percentage (e.g '5%')")];
}

/** The number an int-or-percent carries, or undefined when unset or malformed. */
function intOrPercentValue(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && isValidPercent(value).length === 0) return Number(value.slice(0, -1));
  return undefined;
}

function notOver100Percent(value: unknown, path: string): FieldCause[] {
  return typeof value === 'string' && (intOrPercentValue(value) ?? 0) > 100 ? [invalidCause(path, value, 'must not be greater than 100%')] : [];
}

function rollingUpdate(ru: JsonRecord, path: string): FieldCause[] {
  const causes = [...intOrPercent(ru['maxUnavailable'], child(path, 'maxUnavailable')), ...intOrPercent(ru['maxSurge'], child(path, 'maxSurge'))];
  if (intOrPercentValue(ru['maxUnavailable']) === 0 && intOrPercentValue(ru['maxSurge']) === 0) {
    causes.push(invalidCause(child(path, 'maxUnavailable'), ru['maxUnavailable'], 'may not be 0 when `maxSurge` is 0'));
  }
  causes.push(...notOver100Percent(ru['maxUnavailable'], child(path, 'maxUnavailable')));
  return causes;
}

function deploymentStrategy(value: unknown): FieldCause[] {
  if (!isRecord(value)) return [];
  const type = value['type'];
  const ru = value['rollingUpdate'];
  if (type === 'Recreate') {
    return isRecord(ru) ? [forbiddenCause('spec.strategy.rollingUpdate', "may not be specified when strategy `type` is 'Recreate'")] : [];
  }
  if (type === undefined || type === 'RollingUpdate') return isRecord(ru) ? rollingUpdate(ru, 'spec.strategy.rollingUpdate') : [];
  return [notSupportedCause('spec.strategy', value, ['Recreate', 'RollingUpdate'])];
}

function daemonSetStrategy(value: unknown): FieldCause[] {
  if (!isRecord(value)) return [];
  const type = value['type'];
  const ru = value['rollingUpdate'];
  if (type === 'OnDelete') return [];
  if (type === undefined || type === 'RollingUpdate') return isRecord(ru) ? rollingUpdate(ru, 'spec.updateStrategy.rollingUpdate') : [];
  return [notSupportedCause('spec.updateStrategy', value, ['RollingUpdate', 'OnDelete'])];
}

function statefulSetStrategy(spec: JsonRecord): FieldCause[] {
  const causes: FieldCause[] = [];
  const policy = spec['podManagementPolicy'];
  if (policy !== undefined && policy !== 'OrderedReady' && policy !== 'Parallel') {
    causes.push(invalidCause('spec.podManagementPolicy', policy, "must be 'OrderedReady' or 'Parallel'"));
  }
  const strategy = spec['updateStrategy'];
  if (!isRecord(strategy)) return causes;
  const type = strategy['type'];
  const ru = asRecord(strategy['rollingUpdate']);
  if (type === 'OnDelete') {
    if (isRecord(strategy['rollingUpdate'])) causes.push(invalidCause('spec.updateStrategy.rollingUpdate', ru, "only allowed for updateStrategy 'RollingUpdate'"));
  } else if (type === undefined || type === 'RollingUpdate') {
    causes.push(...nonNegative('spec.updateStrategy.rollingUpdate.partition', ru['partition']));
  } else {
    causes.push(invalidCause('spec.updateStrategy', strategy, "must be 'RollingUpdate' or 'OnDelete'"));
  }
  return causes;
}

/** Selector required and non-empty, template labels matching it, template valid with restartPolicy Always. */
function selectorAndTemplate(kind: WorkloadKind, spec: JsonRecord): FieldCause[] {
  const causes: FieldCause[] = [];
  const selector = spec['selector'];
  if (!isRecord(selector)) {
    causes.push(requiredCause('spec.selector'));
  } else {
    causes.push(...validateLabelSelectorSpec(selector, 'spec.selector'));
    if (isEmptySelectorSpec(selector)) causes.push(invalidCause('spec.selector', selector, `empty selector is invalid for ${WORDING[kind].emptySelector}`));
  }
  const template = spec['template'];
  const parsed = isRecord(selector) ? selectorOrUndefined(selector) : undefined;
  if (parsed && !parsed.isEmpty() && !parsed.matches(templateLabels(template))) {
    causes.push(invalidCause('spec.template.metadata.labels', templateLabels(template), '`selector` does not match template `labels`'));
  }
  causes.push(...validatePodTemplateSpec(template, 'spec.template'));
  const restartPolicy = templateRestartPolicy(template);
  if (restartPolicy !== 'Always') causes.push(notSupportedCause('spec.template.spec.restartPolicy', restartPolicy, ['Always']));
  if (asRecord(asRecord(template)['spec'])['activeDeadlineSeconds'] !== undefined) {
    causes.push(forbiddenCause('spec.template.spec.activeDeadlineSeconds', `activeDeadlineSeconds in ${WORDING[kind].deadline} is not Supported`));
  }
  return causes;
}

function validateSpec(kind: WorkloadKind, specValue: unknown): FieldCause[] {
  const spec = asRecord(specValue);
  const causes: FieldCause[] = [];
  if (kind !== 'DaemonSet') causes.push(...nonNegative('spec.replicas', spec['replicas']));
  causes.push(...selectorAndTemplate(kind, spec));
  causes.push(...nonNegative('spec.minReadySeconds', spec['minReadySeconds']));
  causes.push(...nonNegative('spec.revisionHistoryLimit', spec['revisionHistoryLimit']));
  if (kind === 'Deployment') {
    causes.push(...deploymentStrategy(spec['strategy']));
    const deadline = spec['progressDeadlineSeconds'];
    if (typeof deadline === 'number') {
      causes.push(...nonNegative('spec.progressDeadlineSeconds', deadline));
      const minReady = typeof spec['minReadySeconds'] === 'number' ? spec['minReadySeconds'] : 0;
      if (deadline <= minReady) causes.push(invalidCause('spec.progressDeadlineSeconds', deadline, 'must be greater than minReadySeconds'));
    }
  }
  if (kind === 'DaemonSet') causes.push(...daemonSetStrategy(spec['updateStrategy']));
  if (kind === 'StatefulSet') causes.push(...statefulSetStrategy(spec));
  return causes;
}

export function validateWorkloadCreate(kind: WorkloadKind, obj: unknown): FieldCause[] {
  const o = asRecord(obj);
  return [...validateObjectMeta(o['metadata'], { namespaced: true }), ...validateSpec(kind, o['spec'])];
}

/** StatefulSet spec fields an update may change (Kubernetes' list, in its words). */
const STATEFULSET_UPDATABLE = ['replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy', 'minReadySeconds'];

/** An update: a valid new spec and, in apps/v1, an unchanged selector; StatefulSets change only a few fields. */
export function validateWorkloadUpdate(kind: WorkloadKind, obj: unknown, oldObj: unknown): FieldCause[] {
  const o = asRecord(obj);
  const old = asRecord(oldObj);
  const spec = asRecord(o['spec']);
  const oldSpec = asRecord(old['spec']);
  const causes = [...validateObjectMetaUpdate(o['metadata'], old['metadata']), ...validateSpec(kind, spec)];
  if (kind === 'StatefulSet') {
    const strip = (s: JsonRecord): JsonRecord => Object.fromEntries(Object.entries(s).filter(([k]) => !STATEFULSET_UPDATABLE.includes(k)));
    if (!semanticEqual(strip(spec), strip(oldSpec))) {
      causes.push(forbiddenCause('spec', "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden"));
    }
  } else if (!semanticEqual(spec['selector'], oldSpec['selector'])) {
    causes.push(invalidCause('spec.selector', spec['selector'] ?? null, FIELD_IMMUTABLE));
  }
  return causes;
}

/** Status counts are non-negative and no ready/available count exceeds replicas. */
export function validateWorkloadStatusUpdate(kind: WorkloadKind, obj: unknown, oldObj: unknown): FieldCause[] {
  const o = asRecord(obj);
  const causes = validateObjectMetaUpdate(o['metadata'], asRecord(oldObj)['metadata']);
  const status = asRecord(o['status']);
  for (const [field, value] of Object.entries(status)) {
    if (typeof value === 'number') causes.push(...nonNegative(`status.${field}`, value));
  }
  if (kind === 'Deployment' || kind === 'ReplicaSet') {
    const replicas = typeof status['replicas'] === 'number' ? status['replicas'] : 0;
    const counted = kind === 'Deployment' ? ['updatedReplicas', 'readyReplicas', 'availableReplicas'] : ['fullyLabeledReplicas', 'readyReplicas', 'availableReplicas'];
    for (const field of counted) {
      const value = status[field];
      if (typeof value === 'number' && value > replicas) causes.push(invalidCause(`status.${field}`, value, 'cannot be greater than status.replicas'));
    }
    const ready = typeof status['readyReplicas'] === 'number' ? status['readyReplicas'] : 0;
    const available = status['availableReplicas'];
    if (typeof available === 'number' && available > ready) causes.push(invalidCause('status.availableReplicas', available, 'cannot be greater than readyReplicas'));
  }
  return causes;
}
