/** Defaults of a PodSpec, as applied to Pods and to every pod template (Deployment, Job, ...). */
import { defaultContainer } from './container.js';
import { ensureChild, items, setIfNil, setIfZero, type Obj } from './fields.js';
import { defaultVolume } from './volumes.js';

/** Seconds a pod gets between SIGTERM and SIGKILL unless it asks otherwise. */
export const DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS = 30;
export const DEFAULT_SCHEDULER_NAME = 'default-scheduler';

/**
 * Template-level PodSpec defaults (Kubernetes' SetDefaults_PodSpec and the nested container and
 * volume defaulters). Pod-only defaults such as enableServiceLinks live in pod.ts.
 */
export function defaultPodSpec(spec: Obj): void {
  setIfZero(spec, 'dnsPolicy', 'ClusterFirst');
  setIfZero(spec, 'restartPolicy', 'Always');
  setIfNil(spec, 'securityContext', {});
  setIfNil(spec, 'terminationGracePeriodSeconds', DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS);
  setIfZero(spec, 'schedulerName', DEFAULT_SCHEDULER_NAME);
  for (const volume of items(spec, 'volumes')) defaultVolume(volume);
  for (const key of ['initContainers', 'containers', 'ephemeralContainers']) {
    for (const container of items(spec, key)) defaultContainer(container);
  }
}

/**
 * Defaults `workloadSpec.template.spec`. Like Kubernetes, whose template and pod spec are
 * non-pointer structs, it creates them when absent (validation then reports what is missing).
 */
export function defaultPodTemplateOf(workloadSpec: Obj | undefined): void {
  const template = workloadSpec && ensureChild(workloadSpec, 'template');
  const spec = template && ensureChild(template, 'spec');
  if (spec) defaultPodSpec(spec);
}
