/** batch/v1 validation: Job (counts, template restartPolicy, immutable fields) and CronJob (schedule, policy, job template). */
import type { FieldCause } from '../errors/status-error.js';
import { cronScheduleError } from './cron-schedule.js';
import { child, FIELD_IMMUTABLE, invalidCause, nonNegative, notSupportedCause, requiredCause } from './field-errors.js';
import { selectorOrUndefined, validateLabelSelectorSpec } from './label-selector-spec.js';
import { validateObjectMeta, validateObjectMetaUpdate } from './object-meta.js';
import { templateLabels, templateRestartPolicy, validatePodTemplateSpec } from './pod-spec.js';
import { asRecord, asString, isRecord, semanticEqual } from './values.js';

const JOB_RESTART_POLICIES = ['OnFailure', 'Never'];
const COMPLETION_MODES = ['NonIndexed', 'Indexed'];
const CONCURRENCY_POLICIES = ['Allow', 'Forbid', 'Replace'];
/** A CronJob's name plus the 11-character suffix of its Jobs must fit a 63-character label. */
const CRONJOB_NAME_MAX_LENGTH = 52;

/** Counts, completion mode and the pod template of a JobSpec at `path`. */
function validateJobSpecCommon(specValue: unknown, path: string): FieldCause[] {
  const spec = asRecord(specValue);
  const causes: FieldCause[] = [];
  for (const field of ['parallelism', 'completions', 'activeDeadlineSeconds', 'backoffLimit', 'ttlSecondsAfterFinished']) {
    causes.push(...nonNegative(child(path, field), spec[field]));
  }
  const mode = spec['completionMode'];
  if (mode !== undefined && !COMPLETION_MODES.includes(asString(mode))) causes.push(notSupportedCause(child(path, 'completionMode'), mode, COMPLETION_MODES));
  if (mode === 'Indexed' && typeof spec['completions'] !== 'number') causes.push(requiredCause(child(path, 'completions'), 'when completion mode is Indexed'));
  const templatePath = child(path, 'template');
  causes.push(...validatePodTemplateSpec(spec['template'], templatePath));
  const restartPolicy = templateRestartPolicy(spec['template']);
  if (!JOB_RESTART_POLICIES.includes(restartPolicy)) {
    causes.push(notSupportedCause(child(templatePath, 'spec.restartPolicy'), restartPolicy, JOB_RESTART_POLICIES));
  }
  return causes;
}

/**
 * A Job's spec. The selector is optional here: the server generates it (and the matching template labels)
 * unless `manualSelector` is set; when present it must be valid and match the template.
 */
function validateJobSpec(specValue: unknown): FieldCause[] {
  const spec = asRecord(specValue);
  const causes = validateJobSpecCommon(spec, 'spec');
  const selector = spec['selector'];
  if (spec['manualSelector'] === true && !isRecord(selector)) causes.push(requiredCause('spec.selector'));
  if (isRecord(selector)) {
    causes.push(...validateLabelSelectorSpec(selector, 'spec.selector'));
    const parsed = selectorOrUndefined(selector);
    if (parsed && !parsed.matches(templateLabels(spec['template']))) {
      causes.push(invalidCause('spec.template.metadata.labels', templateLabels(spec['template']), '`selector` does not match template `labels`'));
    }
  }
  return causes;
}

export function validateJobCreate(obj: unknown): FieldCause[] {
  const o = asRecord(obj);
  return [...validateObjectMeta(o['metadata'], { namespaced: true }), ...validateJobSpec(o['spec'])];
}

/** completions, selector and template may not change once set. */
export function validateJobUpdate(obj: unknown, oldObj: unknown): FieldCause[] {
  const o = asRecord(obj);
  const old = asRecord(oldObj);
  const spec = asRecord(o['spec']);
  const oldSpec = asRecord(old['spec']);
  const causes = [...validateObjectMetaUpdate(o['metadata'], old['metadata']), ...validateJobSpec(spec)];
  for (const field of ['completions', 'selector', 'template']) {
    if (!semanticEqual(spec[field], oldSpec[field])) causes.push(invalidCause(`spec.${field}`, spec[field] ?? null, FIELD_IMMUTABLE));
  }
  return causes;
}

export function validateJobStatusUpdate(obj: unknown, oldObj: unknown): FieldCause[] {
  const o = asRecord(obj);
  const status = asRecord(o['status']);
  const causes = validateObjectMetaUpdate(o['metadata'], asRecord(oldObj)['metadata']);
  for (const field of ['active', 'succeeded', 'failed', 'ready']) causes.push(...nonNegative(`status.${field}`, status[field]));
  return causes;
}

function validateCronJobSpec(specValue: unknown): FieldCause[] {
  const spec = asRecord(specValue);
  const causes: FieldCause[] = [];
  const schedule = asString(spec['schedule']);
  if (!schedule) {
    causes.push(requiredCause('spec.schedule'));
  } else {
    const err = cronScheduleError(schedule);
    if (err) causes.push(invalidCause('spec.schedule', schedule, err));
    if (schedule.includes('TZ')) causes.push(invalidCause('spec.schedule', schedule, 'cannot use TZ or CRON_TZ in schedule, use timeZone field instead'));
  }
  causes.push(...nonNegative('spec.startingDeadlineSeconds', spec['startingDeadlineSeconds']));
  const policy = spec['concurrencyPolicy'];
  if (policy !== undefined && !CONCURRENCY_POLICIES.includes(asString(policy))) {
    causes.push(notSupportedCause('spec.concurrencyPolicy', policy, CONCURRENCY_POLICIES));
  }
  causes.push(...nonNegative('spec.successfulJobsHistoryLimit', spec['successfulJobsHistoryLimit']));
  causes.push(...nonNegative('spec.failedJobsHistoryLimit', spec['failedJobsHistoryLimit']));
  const jobSpec = asRecord(asRecord(spec['jobTemplate'])['spec']);
  causes.push(...validateJobSpecCommon(jobSpec, 'spec.jobTemplate.spec'));
  if (isRecord(jobSpec['selector'])) causes.push(invalidCause('spec.jobTemplate.spec.selector', jobSpec['selector'], '`selector` will be auto-generated'));
  if (jobSpec['manualSelector'] === true) causes.push(notSupportedCause('spec.jobTemplate.spec.manualSelector', true, ['nil', 'false']));
  return causes;
}

export function validateCronJobCreate(obj: unknown): FieldCause[] {
  const o = asRecord(obj);
  const causes = [...validateObjectMeta(o['metadata'], { namespaced: true }), ...validateCronJobSpec(o['spec'])];
  const name = asString(asRecord(o['metadata'])['name']);
  if (name.length > CRONJOB_NAME_MAX_LENGTH) causes.push(invalidCause('metadata.name', name, `must be no more than ${CRONJOB_NAME_MAX_LENGTH} characters`));
  return causes;
}

/** The 52-character name limit is not applied on update, as in Kubernetes. */
export function validateCronJobUpdate(obj: unknown, oldObj: unknown): FieldCause[] {
  const o = asRecord(obj);
  return [...validateObjectMetaUpdate(o['metadata'], asRecord(oldObj)['metadata']), ...validateCronJobSpec(o['spec'])];
}
