/** PodSpec and PodTemplateSpec validation: volumes, containers, policies, scheduling fields and tolerations. */
import type { PodSpec, PodTemplateSpec, Toleration } from 'kubernetes-types/core/v1.js';
import type { FieldCause } from '../errors/status-error.js';
import { validateContainers, validateInitContainers } from './containers.js';
import { child, duplicateCause, forbiddenCause, index, invalidCause, invalidEach, notSupportedCause, requiredCause } from './field-errors.js';
import { inclusiveRangeError, isDNS1123Label, isDNS1123Subdomain, isQualifiedName, isValidLabelValue } from './name-format.js';
import { validateAnnotations, validateLabels } from './object-meta.js';
import { asArray, asRecord, asString } from './values.js';

export const RESTART_POLICIES = ['Always', 'OnFailure', 'Never'];
const DNS_POLICIES = ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'];
const TOLERATION_OPERATORS = ['Equal', 'Exists'];
const TAINT_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];
/** Largest activeDeadlineSeconds (Go's MaxInt32). */
export const MAX_INT32 = 2147483647;

/** Volumes: names DNS labels and unique, exactly one source each. Returns the valid names too. */
export function validateVolumes(volumes: unknown, path: string): { names: Set<string>; causes: FieldCause[] } {
  const names = new Set<string>();
  const causes: FieldCause[] = [];
  asArray<unknown>(volumes).forEach((raw, i) => {
    const vol = asRecord(raw);
    const p = index(path, i);
    const errs: FieldCause[] = [];
    const sources = Object.keys(vol).filter((k) => k !== 'name' && vol[k] !== undefined && vol[k] !== null);
    if (sources.length === 0) errs.push(requiredCause(p, 'must specify a volume type'));
    for (const extra of sources.slice(1)) errs.push(forbiddenCause(child(p, extra), 'may not specify more than 1 volume type'));
    const name = asString(vol['name']);
    if (!name) errs.push(requiredCause(child(p, 'name')));
    else errs.push(...invalidEach(child(p, 'name'), name, isDNS1123Label(name)));
    if (names.has(name)) errs.push(duplicateCause(child(p, 'name'), name));
    if (errs.length === 0) names.add(name);
    causes.push(...errs);
  });
  return { names, causes };
}

/** Tolerations: operator, effect and key combinations as Kubernetes allows them. */
export function validateTolerations(tolerations: unknown, path: string): FieldCause[] {
  const causes: FieldCause[] = [];
  asArray<unknown>(tolerations).forEach((raw, i) => {
    const t = asRecord(raw) as Toleration;
    const p = index(path, i);
    const key = asString(t.key);
    if (key) causes.push(...invalidEach(child(p, 'key'), key, isQualifiedName(key)));
    if (!key && t.operator !== 'Exists') {
      causes.push(invalidCause(child(p, 'operator'), asString(t.operator), 'operator must be Exists when `key` is empty, which means "match all values and all keys"'));
    }
    if (t.tolerationSeconds !== undefined && t.tolerationSeconds !== null && t.effect !== 'NoExecute') {
      causes.push(invalidCause(child(p, 'effect'), asString(t.effect), "effect must be 'NoExecute' when `tolerationSeconds` is set"));
    }
    switch (t.operator ?? '') {
      case '':
      case 'Equal':
        causes.push(...invalidEach(child(p, 'value'), asString(t.value), isValidLabelValue(asString(t.value))));
        break;
      case 'Exists':
        if (t.value) causes.push(invalidCause(child(p, 'value'), t.value, "value must be empty when `operator` is 'Exists'"));
        break;
      default:
        causes.push(notSupportedCause(child(p, 'operator'), t.operator, TOLERATION_OPERATORS));
    }
    if (t.effect && !TAINT_EFFECTS.includes(t.effect)) causes.push(notSupportedCause(child(p, 'effect'), t.effect, TAINT_EFFECTS));
  });
  return causes;
}

/** A PodSpec, wherever it is embedded (`spec`, `spec.template.spec`, ...). Fields Kubernetes defaults are checked only when set. */
export function validatePodSpec(specValue: unknown, path: string): FieldCause[] {
  const spec = asRecord(specValue) as Partial<PodSpec>;
  const { names: volumes, causes } = validateVolumes(spec.volumes, child(path, 'volumes'));
  causes.push(...validateContainers(spec.containers, volumes, child(path, 'containers')));
  causes.push(...validateInitContainers(spec.initContainers, spec.containers, volumes, child(path, 'initContainers')));
  if (spec.restartPolicy && !RESTART_POLICIES.includes(spec.restartPolicy)) {
    causes.push(notSupportedCause(child(path, 'restartPolicy'), spec.restartPolicy, RESTART_POLICIES));
  }
  if (spec.dnsPolicy && !DNS_POLICIES.includes(spec.dnsPolicy)) {
    causes.push(notSupportedCause(child(path, 'dnsPolicy'), spec.dnsPolicy, DNS_POLICIES));
  }
  if (spec.dnsPolicy === 'None' && asArray(asRecord(spec.dnsConfig)['nameservers']).length === 0) {
    causes.push(requiredCause(child(child(path, 'dnsConfig'), 'nameservers'), 'must provide at least one DNS nameserver when `dnsPolicy` is None'));
  }
  causes.push(...validateLabels(spec.nodeSelector, child(path, 'nodeSelector')));
  for (const field of ['serviceAccountName', 'nodeName', 'priorityClassName'] as const) {
    const value = asString(spec[field]);
    if (value) causes.push(...invalidEach(child(path, field), value, isDNS1123Subdomain(value)));
  }
  for (const field of ['hostname', 'subdomain'] as const) {
    const value = asString(spec[field]);
    if (value) causes.push(...invalidEach(child(path, field), value, isDNS1123Label(value)));
  }
  const deadline = spec.activeDeadlineSeconds;
  if (typeof deadline === 'number' && (deadline < 1 || deadline > MAX_INT32)) {
    causes.push(invalidCause(child(path, 'activeDeadlineSeconds'), deadline, inclusiveRangeError(1, MAX_INT32)));
  }
  causes.push(...validateTolerations(spec.tolerations, child(path, 'tolerations')));
  return causes;
}

/** A pod template: its labels and annotations (reported as `<path>.labels`, as Kubernetes does) and its PodSpec. */
export function validatePodTemplateSpec(template: unknown, path: string): FieldCause[] {
  const t = asRecord(template) as PodTemplateSpec;
  const meta = asRecord(t.metadata);
  return [
    ...validateLabels(meta['labels'], child(path, 'labels')),
    ...validateAnnotations(meta['annotations'], child(path, 'annotations')),
    ...validatePodSpec(t.spec, child(path, 'spec')),
  ];
}

/** The template's restartPolicy with Kubernetes' default (`Always`) applied. */
export function templateRestartPolicy(template: unknown): string {
  return asString(asRecord(asRecord(template)['spec'])['restartPolicy']) || 'Always';
}

/** The template's labels. */
export function templateLabels(template: unknown): Record<string, string> {
  const labels = asRecord(asRecord(asRecord(template)['metadata'])['labels']);
  return Object.fromEntries(Object.entries(labels).map(([k, v]) => [k, asString(v)]));
}
