/** A pod's priority as the scheduler uses it. */
import type { Pod } from 'kubernetes-types/core/v1.js';

/** pod.spec.priority, 0 when absent (the apiserver's priority admission fills it in from the PriorityClass). */
export function podPriority(pod: Pod): number {
  return pod.spec?.priority ?? 0;
}
