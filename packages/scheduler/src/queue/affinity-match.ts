/** Whether a newly assigned pod matches a pending pod's required pod-affinity terms (so it may now fit). */
import type { Pod, PodAffinityTerm } from 'kubernetes-types/core/v1.js';
import { labelSelectorFromSpec } from '@skiff/api';

/** The pending pod's required pod-affinity terms (anti-affinity is resolved by deletions, not additions). */
function requiredAffinityTerms(pod: Pod): readonly PodAffinityTerm[] {
  return pod.spec?.affinity?.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? [];
}

function termMatches(term: PodAffinityTerm, owner: Pod, candidate: Pod): boolean {
  // With a namespaceSelector any namespace may match: namespace labels are not known here, and a needless
  // retry is cheap while a missed one strands the pod until the periodic flush. Only the label selector decides.
  if (!term.namespaceSelector) {
    const namespaces = term.namespaces?.length ? term.namespaces : [owner.metadata?.namespace || 'default'];
    if (!namespaces.includes(candidate.metadata?.namespace || 'default')) return false;
  }
  try {
    return labelSelectorFromSpec(term.labelSelector).matches(candidate.metadata?.labels);
  } catch {
    return false;
  }
}

/** True when `assigned` satisfies the namespace and label selector of any required affinity term of `pending`. */
export function matchesRequiredAffinity(pending: Pod, assigned: Pod): boolean {
  return requiredAffinityTerms(pending).some((term) => termMatches(term, pending, assigned));
}
