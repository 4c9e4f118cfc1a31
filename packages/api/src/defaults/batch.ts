/** Defaults of batch/v1 Job and CronJob. */
import { child, ensureChild, isObj, items, setIfNil, setIfZero, type Obj } from './fields.js';
import { defaultPodTemplateOf } from './pod-spec.js';

/** Pod failures a Job tolerates before it is marked Failed. */
export const DEFAULT_JOB_BACKOFF_LIMIT = 6;
/** With backoffLimitPerIndex the global limit is effectively unlimited (math.MaxInt32). */
const UNLIMITED_BACKOFF = 2147483647;
/** Finished Jobs a CronJob keeps, by outcome. */
const CRONJOB_SUCCESSFUL_HISTORY = 3;
const CRONJOB_FAILED_HISTORY = 1;

/** podFailurePolicy.rules[].onPodConditions[].status defaults to "True" (a type-level default). */
function defaultPodFailurePolicy(jobSpec: Obj): void {
  for (const rule of items(child(jobSpec, 'podFailurePolicy'), 'rules')) {
    for (const pattern of items(rule, 'onPodConditions')) setIfZero(pattern, 'status', 'True');
  }
}

/** Kubernetes' SetDefaults_Job (1.31, with JobPodReplacementPolicy on as it is by default). */
export function defaultJob(obj: Obj): void {
  const spec = ensureChild(obj, 'spec');
  if (!spec) return;
  // Both unset means a non-parallel job: one pod, one completion.
  if (spec['completions'] == null && spec['parallelism'] == null) {
    spec['completions'] = 1;
    spec['parallelism'] = 1;
  }
  setIfNil(spec, 'parallelism', 1);
  setIfNil(spec, 'backoffLimit', spec['backoffLimitPerIndex'] == null ? DEFAULT_JOB_BACKOFF_LIMIT : UNLIMITED_BACKOFF);
  const template = child(spec, 'template');
  const templateMeta = template && child(template, 'metadata');
  const templateLabels = templateMeta && child(templateMeta, 'labels');
  // A Job without labels of its own takes its pod template's labels.
  if (templateLabels && Object.keys(templateLabels).length > 0) {
    const meta = ensureChild(obj, 'metadata');
    const labels = meta?.['labels'];
    if (meta && (!isObj(labels) || Object.keys(labels).length === 0)) meta['labels'] = { ...templateLabels };
  }
  setIfNil(spec, 'completionMode', 'NonIndexed');
  setIfNil(spec, 'suspend', false);
  defaultPodFailurePolicy(spec);
  setIfNil(spec, 'podReplacementPolicy', spec['podFailurePolicy'] == null ? 'TerminatingOrFailed' : 'Failed');
  setIfNil(spec, 'manualSelector', false);
  defaultPodTemplateOf(spec);
}

/** Kubernetes' SetDefaults_CronJob; the job template gets pod template defaults, not Job defaults. */
export function defaultCronJob(obj: Obj): void {
  const spec = ensureChild(obj, 'spec');
  if (!spec) return;
  setIfZero(spec, 'concurrencyPolicy', 'Allow');
  setIfNil(spec, 'suspend', false);
  setIfNil(spec, 'successfulJobsHistoryLimit', CRONJOB_SUCCESSFUL_HISTORY);
  setIfNil(spec, 'failedJobsHistoryLimit', CRONJOB_FAILED_HISTORY);
  const jobTemplate = ensureChild(spec, 'jobTemplate');
  const jobSpec = jobTemplate && ensureChild(jobTemplate, 'spec');
  if (!jobSpec) return;
  defaultPodFailurePolicy(jobSpec);
  defaultPodTemplateOf(jobSpec);
}
