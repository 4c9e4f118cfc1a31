/** When a pod must leave a node with NoExecute taints: at once, after its tolerationSeconds, or never. */
import type { Taint, Toleration } from 'kubernetes-types/core/v1.js';

/** Whether `toleration` tolerates `taint` (Kubernetes' matching: empty key with Exists matches every key, empty effect every effect). */
export function tolerates(toleration: Toleration, taint: Taint): boolean {
  if (toleration.effect && toleration.effect !== taint.effect) return false;
  if (toleration.key) {
    if (toleration.key !== taint.key) return false;
  } else if (toleration.operator !== 'Exists') {
    return false;
  }
  if (toleration.operator === 'Exists') return true;
  return (toleration.value ?? '') === (taint.value ?? '');
}

/** The eviction verdict for a pod: `now` (some taint is not tolerated), `never`, or the time (ms) it is due. */
export type EvictionVerdict = { kind: 'now' } | { kind: 'never' } | { kind: 'at'; due: number };

/**
 * Decides for a pod on a node with `taints` (NoExecute ones only count). Every taint must be tolerated or the pod goes
 * at once. The shortest tolerationSeconds among the tolerations used (the first matching one per taint) bounds its stay, counted from when the taint it
 * tolerates was added (`fallbackStart` when the taint carries no timeAdded); no tolerationSeconds means forever.
 */
export function evictionVerdict(taints: readonly Taint[], tolerations: readonly Toleration[], fallbackStart: number): EvictionVerdict {
  let due: number | undefined;
  for (const taint of taints) {
    if (taint.effect !== 'NoExecute') continue;
    // As upstream: the first toleration that matches a taint is the one used for it.
    const used = tolerations.find((t) => tolerates(t, taint));
    if (!used) return { kind: 'now' };
    // Without tolerationSeconds the taint is tolerated forever; a negative value counts as zero.
    if (typeof used.tolerationSeconds !== 'number') continue;
    const seconds = Math.max(0, used.tolerationSeconds);
    const added = Date.parse(taint.timeAdded ?? '');
    const start = Number.isNaN(added) ? fallbackStart : added;
    const at = start + seconds * 1000;
    due = due === undefined ? at : Math.min(due, at);
  }
  return due === undefined ? { kind: 'never' } : { kind: 'at', due };
}
