/** NodeAffinity: nodeSelector and required node affinity as a Filter; preferred node affinity terms as a Score. */
import type { Pod, PreferredSchedulingTerm } from 'kubernetes-types/core/v1.js';
import {
  Status,
  defaultNormalizeScore,
  type CycleState,
  type FilterPlugin,
  type NodeInfo,
  type NodeScore,
  type PreFilterPlugin,
  type PreScorePlugin,
  type ScorePlugin,
} from '../framework/index.js';
import { NODE_AFFINITY } from './names.js';
import { nodeSelectorMatches, termMatches, termsMatch } from './node-selector.js';

/** Upstream's reason for a node that fails the pod's nodeSelector or required affinity. */
export const ERR_REASON_NODE_AFFINITY = "node(s) didn't match Pod's node affinity/selector";

function requiredTerms(pod: Pod) {
  return pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
}

function preferredTerms(pod: Pod): PreferredSchedulingTerm[] {
  return pod.spec?.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? [];
}

/** The NodeAffinity plugin. */
export class NodeAffinity implements PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin {
  readonly name = NODE_AFFINITY;

  /** Skip the Filter for pods with neither a nodeSelector nor required affinity. */
  preFilter(_state: CycleState, pod: Pod): Status | undefined {
    const hasSelector = Object.keys(pod.spec?.nodeSelector ?? {}).length > 0;
    return hasSelector || requiredTerms(pod) !== undefined ? undefined : Status.skip();
  }

  filter(_state: CycleState, pod: Pod, nodeInfo: NodeInfo): Status | undefined {
    const node = nodeInfo.node;
    const required = requiredTerms(pod);
    const fits = nodeSelectorMatches(pod.spec?.nodeSelector, node) && (required === undefined || termsMatch(required, node));
    return fits ? undefined : Status.unresolvable(ERR_REASON_NODE_AFFINITY);
  }

  /** Skip the Score for pods without preferred terms. */
  preScore(_state: CycleState, pod: Pod): Status | undefined {
    return preferredTerms(pod).length > 0 ? undefined : Status.skip();
  }

  /** Sum of the weights of the preferred terms the node matches. */
  score(_state: CycleState, pod: Pod, nodeInfo: NodeInfo): number {
    let total = 0;
    for (const term of preferredTerms(pod)) {
      if (term.weight !== 0 && termMatches(term.preference, nodeInfo.node)) total += term.weight;
    }
    return total;
  }

  normalizeScore(_state: CycleState, _pod: Pod, scores: NodeScore[]): Status | undefined {
    defaultNormalizeScore(scores, false);
    return undefined;
  }
}
