/** Defaults of a Pod object: its spec plus the Pod-only defaults that templates do not get. */
import { defaultHostPorts, defaultRequestsFromLimits } from './container.js';
import { ensureChild, items, setIfNil, type Obj } from './fields.js';
import { defaultPodSpec } from './pod-spec.js';

/**
 * Kubernetes' SetDefaults_Pod + SetDefaults_PodSpec. Status (phase Pending), priority and the
 * service account are set by the registry and admission, not here.
 */
export function defaultPod(pod: Obj): void {
  const spec = ensureChild(pod, 'spec');
  if (!spec) return;
  for (const container of [...items(spec, 'containers'), ...items(spec, 'initContainers')]) {
    defaultRequestsFromLimits(container);
  }
  // Pod-only: adding it to templates would change every workload's template hash on upgrade.
  setIfNil(spec, 'enableServiceLinks', true);
  if (spec['hostNetwork'] === true) {
    for (const container of [...items(spec, 'containers'), ...items(spec, 'initContainers')]) {
      defaultHostPorts(container);
    }
  }
  defaultPodSpec(spec);
}
