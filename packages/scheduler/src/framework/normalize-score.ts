/** defaultNormalizeScore: rescales raw scores so the best is MAX_NODE_SCORE (optionally reversed), as kube-scheduler's helper does. */
import { MAX_NODE_SCORE, type NodeScore } from './interface.js';

/**
 * score = maxPriority * score / maxScore (integer division); reversed: maxPriority - that.
 * When every score is 0 they stay 0, or all become maxPriority when reversed.
 */
export function defaultNormalizeScore(scores: NodeScore[], reverse: boolean, maxPriority = MAX_NODE_SCORE): void {
  let max = 0;
  for (const s of scores) if (s.score > max) max = s.score;
  if (max === 0) {
    if (reverse) for (const s of scores) s.score = maxPriority;
    return;
  }
  for (const s of scores) {
    const scaled = Math.trunc((maxPriority * s.score) / max);
    s.score = reverse ? maxPriority - scaled : scaled;
  }
}
