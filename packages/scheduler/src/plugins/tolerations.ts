/** Toleration matching: whether a pod's tolerations cover a node's taints, as v1helper does. */
import type { Taint, Toleration } from 'kubernetes-types/core/v1.js';

/** True when the toleration matches the taint (effect, key, and value for Equal; any value for Exists). */
export function toleratesTaint(t: Toleration, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.key && t.key !== taint.key) return false;
  switch (t.operator ?? 'Equal') {
    case '':
    case 'Equal':
      return (t.value ?? '') === (taint.value ?? '');
    case 'Exists':
      return true;
    default:
      return false;
  }
}

/** True when any toleration matches the taint. */
export function tolerationsTolerateTaint(tolerations: readonly Toleration[] | undefined, taint: Taint): boolean {
  return (tolerations ?? []).some((t) => toleratesTaint(t, taint));
}

/** The first taint (among those `include` selects) that no toleration matches. */
export function findUntoleratedTaint(
  taints: readonly Taint[] | undefined,
  tolerations: readonly Toleration[] | undefined,
  include: (taint: Taint) => boolean,
): Taint | undefined {
  return (taints ?? []).find((taint) => include(taint) && !tolerationsTolerateTaint(tolerations, taint));
}
