/** TaintToleration: NoSchedule/NoExecute taints the pod does not tolerate filter a node; untolerated PreferNoSchedule taints lower its score. */
import type { Pod, Taint, Toleration } from 'kubernetes-types/core/v1.js';
import {
  Status,
  defaultNormalizeScore,
  type CycleState,
  type FilterPlugin,
  type NodeInfo,
  type NodeScore,
  type PreScorePlugin,
  type ScorePlugin,
  type StateData,
} from '../framework/index.js';
import { TAINT_TOLERATION } from './names.js';
import { findUntoleratedTaint, tolerationsTolerateTaint } from './tolerations.js';

/** Upstream's reason, naming the first untolerated taint. */
export function untoleratedTaintReason(taint: Taint): string {
  return `node(s) had untolerated taint {${taint.key}: ${taint.value ?? ''}}`;
}

const PRE_SCORE_KEY = `PreScore${TAINT_TOLERATION}`;

class TolerationsState implements StateData {
  constructor(readonly tolerations: readonly Toleration[]) {}
  clone(): StateData {
    return this;
  }
}

/** The tolerations that count for scoring: effect PreferNoSchedule or empty. */
function preferNoScheduleTolerations(pod: Pod): Toleration[] {
  return (pod.spec?.tolerations ?? []).filter((t) => !t.effect || t.effect === 'PreferNoSchedule');
}

const hardEffect = (t: Taint): boolean => t.effect === 'NoSchedule' || t.effect === 'NoExecute';

/** The TaintToleration plugin. */
export class TaintToleration implements FilterPlugin, PreScorePlugin, ScorePlugin {
  readonly name = TAINT_TOLERATION;

  filter(_state: CycleState, pod: Pod, nodeInfo: NodeInfo): Status | undefined {
    const taint = findUntoleratedTaint(nodeInfo.node.spec?.taints, pod.spec?.tolerations, hardEffect);
    return taint ? Status.unresolvable(untoleratedTaintReason(taint)) : undefined;
  }

  preScore(state: CycleState, pod: Pod): Status | undefined {
    state.write(PRE_SCORE_KEY, new TolerationsState(preferNoScheduleTolerations(pod)));
    return undefined;
  }

  /** Number of PreferNoSchedule taints not tolerated by the pod's tolerations with effect PreferNoSchedule or empty. */
  score(state: CycleState, pod: Pod, nodeInfo: NodeInfo): number {
    const tolerations = state.read<TolerationsState>(PRE_SCORE_KEY)?.tolerations ?? preferNoScheduleTolerations(pod);
    let count = 0;
    for (const taint of nodeInfo.node.spec?.taints ?? []) {
      if (taint.effect === 'PreferNoSchedule' && !tolerationsTolerateTaint(tolerations, taint)) count++;
    }
    return count;
  }

  /** Fewer intolerable taints score higher: normalize reversed. */
  normalizeScore(_state: CycleState, _pod: Pod, scores: NodeScore[]): Status | undefined {
    defaultNormalizeScore(scores, true);
    return undefined;
  }
}
