/** Pod validation: create, update (spec mostly immutable) and status update. */
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { FieldCause } from '../errors/status-error.js';
import { child, forbiddenCause, index, invalidCause, invalidEach, requiredCause, FIELD_IMMUTABLE } from './field-errors.js';
import { isValidIP } from './ip-format.js';
import { isDNS1123Subdomain } from './name-format.js';
import { validateObjectMeta, validateObjectMetaUpdate } from './object-meta.js';
import { inclusiveRangeError } from './name-format.js';
import { MAX_INT32, validatePodSpec } from './pod-spec.js';
import { asArray, asRecord, asString, differingPaths, semanticEqual, type JsonRecord } from './values.js';

/** The fields a pod update may change, in the words of Kubernetes' error message. */
const UPDATABLE_POD_SPEC_FIELDS = [
  '`spec.containers[*].image`',
  '`spec.initContainers[*].image`',
  '`spec.activeDeadlineSeconds`',
  '`spec.tolerations` (only additions to existing tolerations)',
  '`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)',
];

export function validatePodCreate(obj: unknown): FieldCause[] {
  const pod = asRecord(obj) as Pod;
  const spec = asRecord(pod.spec);
  const causes = validateObjectMeta(pod.metadata, { namespaced: true });
  causes.push(...validatePodSpec(pod.spec, 'spec'));
  if (asArray(spec['ephemeralContainers']).length > 0) causes.push(forbiddenCause('spec.ephemeralContainers', 'cannot be set on create'));
  if (asString(spec['nodeName']) && asArray(spec['schedulingGates']).length > 0) {
    causes.push(forbiddenCause('spec.nodeName', 'cannot be set until all schedulingGates have been cleared'));
  }
  return causes;
}

function containerUpdates(next: unknown, prev: unknown, path: string): { causes: FieldCause[]; stop: boolean } {
  const a = asArray<unknown>(next);
  const b = asArray<unknown>(prev);
  if (a.length !== b.length) return { causes: [forbiddenCause(path, 'pod updates may not add or remove containers')], stop: true };
  const causes: FieldCause[] = [];
  a.forEach((raw, i) => {
    const image = asString(asRecord(raw)['image']);
    if (!image) causes.push(requiredCause(child(index(path, i), 'image')));
    if (image.trim() !== image) causes.push(invalidCause(child(index(path, i), 'image'), image, 'must not have leading or trailing whitespace'));
  });
  return { causes, stop: false };
}

/** Tolerations may be added; existing ones may change only their tolerationSeconds. */
function onlyAddedTolerations(next: unknown, prev: unknown, path: string): FieldCause[] {
  const strip = (t: unknown): JsonRecord => ({ ...asRecord(t), tolerationSeconds: undefined });
  const current = asArray<unknown>(next).map(strip);
  for (const old of asArray<unknown>(prev).map(strip)) {
    if (!current.some((t) => semanticEqual(t, old))) {
      return [forbiddenCause(path, 'existing toleration can not be modified except its tolerationSeconds')];
    }
  }
  return [];
}

/**
 * A pod update: metadata rules, a valid new spec, and a spec equal to the old one except for container and
 * init container images, activeDeadlineSeconds (lowered, or set when unset), added tolerations, removed
 * scheduling gates and terminationGracePeriodSeconds going from negative to 1.
 */
export function validatePodUpdate(obj: unknown, oldObj: unknown): FieldCause[] {
  const pod = asRecord(obj) as Pod;
  const old = asRecord(oldObj) as Pod;
  const spec = asRecord(pod.spec);
  const oldSpec = asRecord(old.spec);
  const causes = validateObjectMetaUpdate(pod.metadata, old.metadata);
  causes.push(...validatePodSpec(pod.spec, 'spec'));
  for (const field of ['containers', 'initContainers']) {
    const result = containerUpdates(spec[field], oldSpec[field], `spec.${field}`);
    causes.push(...result.causes);
    if (result.stop) return causes;
  }
  const deadline = spec['activeDeadlineSeconds'];
  const oldDeadline = oldSpec['activeDeadlineSeconds'];
  if (typeof deadline === 'number') {
    if (deadline < 0 || deadline > MAX_INT32) {
      causes.push(invalidCause('spec.activeDeadlineSeconds', deadline, inclusiveRangeError(0, MAX_INT32)));
      return causes;
    }
    if (typeof oldDeadline === 'number' && oldDeadline < deadline) {
      causes.push(invalidCause('spec.activeDeadlineSeconds', deadline, 'must be less than or equal to previous value'));
      return causes;
    }
  } else if (typeof oldDeadline === 'number') {
    causes.push(invalidCause('spec.activeDeadlineSeconds', null, 'must not update from a positive integer to nil value'));
  }
  causes.push(...onlyAddedTolerations(spec['tolerations'], oldSpec['tolerations'], 'spec.tolerations'));
  if (semanticEqual(spec, oldSpec)) return causes;

  const munged: JsonRecord = { ...spec };
  for (const field of ['containers', 'initContainers']) {
    const olds = asArray<unknown>(oldSpec[field]);
    if (Array.isArray(spec[field])) {
      munged[field] = asArray<unknown>(spec[field]).map((c, i) => ({ ...asRecord(c), image: asRecord(olds[i])['image'] }));
    }
  }
  munged['activeDeadlineSeconds'] = oldSpec['activeDeadlineSeconds'];
  munged['tolerations'] = oldSpec['tolerations'];
  const gates = asArray<unknown>(spec['schedulingGates']);
  if (gates.every((g) => asArray<unknown>(oldSpec['schedulingGates']).some((o) => semanticEqual(o, g)))) {
    munged['schedulingGates'] = oldSpec['schedulingGates'];
  }
  const oldGrace = oldSpec['terminationGracePeriodSeconds'];
  if (typeof oldGrace === 'number' && oldGrace < 0 && munged['terminationGracePeriodSeconds'] === 1) {
    munged['terminationGracePeriodSeconds'] = oldGrace;
  }
  if (!semanticEqual(munged, oldSpec)) {
    const changed = differingPaths(munged, oldSpec, 'spec').map((p) => `  ${p}: changed`);
    causes.push(forbiddenCause('spec', `pod updates may not change fields other than ${UPDATABLE_POD_SPEC_FIELDS.join(',')}\n${changed.join('\n')}`));
  }
  return causes;
}

/** Containers that terminated may not be reported running again unless the restart policy allows it. */
function stateTransitions(next: unknown, prev: unknown, path: string, restartPolicy: string): FieldCause[] {
  if (restartPolicy === 'Always') return [];
  const causes: FieldCause[] = [];
  asArray<unknown>(prev).forEach((raw, i) => {
    const old = asRecord(raw);
    const terminated = asRecord(asRecord(old['state'])['terminated']);
    if (Object.keys(terminated).length === 0) return;
    if (terminated['exitCode'] !== 0 && restartPolicy === 'OnFailure') return;
    for (const now of asArray<unknown>(next).map(asRecord)) {
      if (now['name'] === old['name'] && !asRecord(now['state'])['terminated']) {
        causes.push(forbiddenCause(child(index(path, i), 'state'), 'may not be transitioned to non-terminated state'));
      }
    }
  });
  return causes;
}

/** A pods/status update: spec.nodeName untouched, IPs valid, terminated containers stay terminated, QoS class fixed. */
export function validatePodStatusUpdate(obj: unknown, oldObj: unknown): FieldCause[] {
  const pod = asRecord(obj) as Pod;
  const old = asRecord(oldObj) as Pod;
  const status = asRecord(pod.status);
  const oldStatus = asRecord(old.status);
  const causes = validateObjectMetaUpdate(pod.metadata, old.metadata);
  if (asString(asRecord(pod.spec)['nodeName']) !== asString(asRecord(old.spec)['nodeName'])) {
    causes.push(forbiddenCause('status.nodeName', 'may not be changed directly'));
  }
  const nominated = asString(status['nominatedNodeName']);
  if (nominated && nominated !== asString(oldStatus['nominatedNodeName'])) {
    causes.push(...invalidEach('status.nominatedNodeName', nominated, isDNS1123Subdomain(nominated)));
  }
  if (oldStatus['qosClass'] && status['qosClass'] && status['qosClass'] !== oldStatus['qosClass']) {
    causes.push(invalidCause('status.qosClass', status['qosClass'], FIELD_IMMUTABLE));
  }
  const restartPolicy = asString(asRecord(old.spec)['restartPolicy']) || 'Always';
  causes.push(...stateTransitions(status['containerStatuses'], oldStatus['containerStatuses'], 'status.containerStatuses', restartPolicy));
  causes.push(...stateTransitions(status['initContainerStatuses'], oldStatus['initContainerStatuses'], 'status.initContainerStatuses', restartPolicy));
  asArray<unknown>(status['podIPs']).forEach((raw, i) => {
    const ip = asString(asRecord(raw)['ip']);
    causes.push(...invalidEach(child(index('status.podIPs', i), 'ip'), ip, isValidIP(ip)));
  });
  for (const field of ['podIP', 'hostIP']) {
    const ip = asString(status[field]);
    if (ip) causes.push(...invalidEach(`status.${field}`, ip, isValidIP(ip)));
  }
  return causes;
}
