/** Choosing the node to preempt on among the candidates (kube-scheduler's pickOneNodeForPreemption). */
import type { Pod } from 'kubernetes-types/core/v1.js';
import { podPriority } from '../../framework/index.js';
import { podStartTime } from './importance.js';

/** A node where preemption makes the pod fit, and the pods it would evict (most important first). */
export interface Candidate {
  nodeName: string;
  victims: Pod[];
}

/** Offsets priorities so that negative ones still add up as "more" (upstream adds MaxInt32 + 1). */
const PRIORITY_OFFSET = 2 ** 31;

/** Among the victims of the highest priority, the earliest start time. */
function earliestStartOfHighest(victims: readonly Pod[], now: number): number {
  const highest = Math.max(...victims.map(podPriority));
  return Math.min(...victims.filter((v) => podPriority(v) === highest).map((v) => podStartTime(v, now)));
}

/** Each rule in turn keeps the candidates with the best score; the first left wins. */
const RULES: ((c: Candidate, now: number) => number)[] = [
  // The lowest highest-priority victim.
  (c) => -podPriority(c.victims[0]!),
  // The lowest sum of victim priorities.
  (c) => -c.victims.reduce((sum, v) => sum + podPriority(v) + PRIORITY_OFFSET, 0),
  // The fewest victims.
  (c) => -c.victims.length,
  // The victims that started last (disturbing the least work done).
  (c, now) => earliestStartOfHighest(c.victims, now),
];

/**
 * A node that needs no victims at once; else the candidates are narrowed rule by rule: lowest highest victim
 * priority, lowest priority sum, fewest victims, latest start. (PodDisruptionBudgets, upstream's first rule, are not
 * served by Skiff's API yet.)
 */
export function pickOneNodeForPreemption(candidates: readonly Candidate[], now: number): Candidate | undefined {
  const free = candidates.find((c) => c.victims.length === 0);
  if (free) return free;
  let left = [...candidates];
  for (const rule of RULES) {
    if (left.length <= 1) break;
    const scores = left.map((c) => rule(c, now));
    const best = Math.max(...scores);
    left = left.filter((_c, i) => scores[i] === best);
  }
  return left[0];
}
