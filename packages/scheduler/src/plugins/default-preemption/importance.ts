/** Which pods matter more when choosing preemption victims: higher priority, then the longer-running. */
import type { Pod } from 'kubernetes-types/core/v1.js';
import { podPriority } from '../../framework/index.js';

/** status.startTime in ms; pods that have not started (assumed, just bound) count as starting now. */
export function podStartTime(pod: Pod, now: number): number {
  const started = pod.status?.startTime;
  const t = started ? Date.parse(started) : NaN;
  return Number.isNaN(t) ? now : t;
}

/** True when `a` is more important than `b` (kube-scheduler's MoreImportantPod): higher priority, else started earlier. */
export function moreImportantPod(a: Pod, b: Pod, now: number): boolean {
  const pa = podPriority(a);
  const pb = podPriority(b);
  if (pa !== pb) return pa > pb;
  return podStartTime(a, now) < podStartTime(b, now);
}

/** Sorts pods from most to least important, in place. */
export function sortByImportance<T extends { pod: Pod }>(items: T[], now: number): T[] {
  return items.sort((x, y) => (moreImportantPod(x.pod, y.pod, now) ? -1 : moreImportantPod(y.pod, x.pod, now) ? 1 : 0));
}
