/** selectHost: the highest-scoring node, ties broken uniformly at random (reservoir sampling), as kube-scheduler does. */
import type { NodePluginScores } from './framework.js';

/** Returns the chosen node's name, or undefined for an empty list. `random` is injectable for tests. */
export function selectHost(scores: readonly NodePluginScores[], random: () => number = Math.random): string | undefined {
  let best: NodePluginScores | undefined;
  let ties = 0;
  for (const s of scores) {
    if (!best || s.totalScore > best.totalScore) {
      best = s;
      ties = 1;
    } else if (s.totalScore === best.totalScore) {
      ties++;
      if (Math.floor(random() * ties) === 0) best = s;
    }
  }
  return best?.name;
}
