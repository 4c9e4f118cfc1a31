/** Whether a newly assigned pod matches a pending pod's required pod-affinity terms (so it may now fit). */
import type { Pod } from 'kubernetes-types/core/v1.js';
import { affinityTermMatches, podAffinityTermsOf } from '../plugins/inter-pod-affinity-terms.js';

/**
 * True when `assigned` satisfies the namespace and label selector of any required affinity term of
 * `pending` (anti-affinity is resolved by deletions, not additions). A namespaceSelector matches any
 * namespace here: namespace labels are not known, and a needless retry is cheap while a missed one
 * strands the pod until the periodic flush.
 */
export function matchesRequiredAffinity(pending: Pod, assigned: Pod): boolean {
  try {
    return podAffinityTermsOf(pending).requiredAffinity.some((term) => affinityTermMatches(term, assigned));
  } catch {
    // A malformed selector matches nothing.
    return false;
  }
}
