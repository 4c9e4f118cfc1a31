/** InterPodAffinity: required pod affinity/anti-affinity (and existing pods' anti-affinity) as a Filter; preferred terms as a Score. */
import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import {
  Status,
  type CycleState,
  type FilterPlugin,
  type NodeInfo,
  type NodeScore,
  type PodInfo,
  type PreFilterPlugin,
  type PreScorePlugin,
  type ScorePlugin,
  type StateData,
  MAX_NODE_SCORE,
} from '../framework/index.js';
import {
  affinityTermMatches,
  allAffinityTermsMatch,
  hasPodAffinity,
  podAffinityTermsOf,
  type AffinityTerm,
  type NamespaceLabels,
  type PodAffinityTerms,
} from './inter-pod-affinity-terms.js';

/** The plugin's name, as kube-scheduler spells it. */
export const INTER_POD_AFFINITY = 'InterPodAffinity';

/** Upstream's reasons. */
export const ERR_REASON_AFFINITY_RULES_NOT_MATCH = "node(s) didn't match pod affinity rules";
export const ERR_REASON_ANTI_AFFINITY_RULES_NOT_MATCH = "node(s) didn't match pod anti-affinity rules";
export const ERR_REASON_EXISTING_ANTI_AFFINITY_RULES_NOT_MATCH = "node(s) didn't satisfy existing pods anti-affinity rules";

/** InterPodAffinityArgs, with upstream's defaults. */
export interface InterPodAffinityArgs {
  /** Score weight of an existing pod's required affinity term that the incoming pod matches (0..100; upstream default 1). */
  hardPodAffinityWeight?: number;
  /** When true, existing pods' preferred terms are not scored (upstream default false). */
  ignorePreferredTermsOfExistingPods?: boolean;
}

/** Upstream's default hardPodAffinityWeight. */
export const DEFAULT_HARD_POD_AFFINITY_WEIGHT = 1;

/** Options that need cluster data beyond the NodeInfos. */
export interface InterPodAffinityOptions {
  /** Namespace labels for namespaceSelector; without it a non-empty namespaceSelector matches every namespace. */
  namespaceLabels?: NamespaceLabels;
}

const PRE_FILTER_KEY = `PreFilter${INTER_POD_AFFINITY}`;
const PRE_SCORE_KEY = `PreScore${INTER_POD_AFFINITY}`;

/** Counts per topology pair (`key` NUL `value`). */
type TopologyCounts = Map<string, number>;

const pairKey = (key: string, value: string): string => `${key}\u0000${value}`;

/** Adds `by` to the pair of the node's value for the key; a pair that drops to 0 is removed (the Filter relies on it). */
function bump(counts: TopologyCounts, node: Node, topologyKey: string, by: number): void {
  const value = node.metadata?.labels?.[topologyKey];
  if (value === undefined) return;
  const k = pairKey(topologyKey, value);
  const n = (counts.get(k) ?? 0) + by;
  if (n === 0) counts.delete(k);
  else counts.set(k, n);
}

/** What PreFilter computed for the Filter. Filter only reads it. */
class PreFilterState implements StateData {
  constructor(
    readonly terms: PodAffinityTerms,
    /** Pairs where an existing pod's required anti-affinity term matches the incoming pod. */
    readonly existingAntiAffinityCounts: TopologyCounts,
    /** Pairs holding pods that match all the incoming pod's required affinity terms. */
    readonly affinityCounts: TopologyCounts,
    /** Pairs holding pods that match one of the incoming pod's required anti-affinity terms. */
    readonly antiAffinityCounts: TopologyCounts,
    /** Every node PreFilter saw, so PreScore can count pods outside the feasible set, as upstream does. */
    readonly allNodes: readonly NodeInfo[],
  ) {}
  clone(): StateData {
    return new PreFilterState(this.terms, new Map(this.existingAntiAffinityCounts), new Map(this.affinityCounts), new Map(this.antiAffinityCounts), this.allNodes);
  }
}

/** Per topology key, per value: the summed preferred weights. */
class PreScoreState implements StateData {
  constructor(readonly topologyScore: Map<string, Map<string, number>>) {}
  clone(): StateData {
    return this;
  }
}

/** The InterPodAffinity plugin. */
export class InterPodAffinity implements PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin {
  readonly name = INTER_POD_AFFINITY;
  private readonly hardPodAffinityWeight: number;
  private readonly ignorePreferredTermsOfExistingPods: boolean;
  private readonly namespaceLabels: NamespaceLabels | undefined;

  constructor(args: InterPodAffinityArgs = {}, options: InterPodAffinityOptions = {}) {
    this.hardPodAffinityWeight = args.hardPodAffinityWeight ?? DEFAULT_HARD_POD_AFFINITY_WEIGHT;
    this.ignorePreferredTermsOfExistingPods = args.ignorePreferredTermsOfExistingPods ?? false;
    this.namespaceLabels = options.namespaceLabels;
  }

  /** Counts, over every node's pods, the matches of existing anti-affinity and of the pod's own required terms per topology pair. */
  preFilter(state: CycleState, pod: Pod, nodes: readonly NodeInfo[]): Status | undefined {
    const terms = podAffinityTermsOf(pod);
    const existingAnti: TopologyCounts = new Map();
    const affinity: TopologyCounts = new Map();
    const anti: TopologyCounts = new Map();
    const { requiredAffinity, requiredAntiAffinity } = terms;
    const ownTerms = requiredAffinity.length > 0 || requiredAntiAffinity.length > 0;
    for (const nodeInfo of nodes) {
      const node = nodeInfo.node;
      // Only pods with required anti-affinity can keep the pod out; the node keeps them in a list of their own.
      for (const { pod: existing } of nodeInfo.podsWithRequiredAntiAffinity) {
        for (const term of podAffinityTermsOf(existing).requiredAntiAffinity) {
          if (affinityTermMatches(term, pod, this.namespaceLabels)) bump(existingAnti, node, term.topologyKey, 1);
        }
      }
      if (!ownTerms) continue;
      for (const { pod: existing } of nodeInfo.pods) {
        if (allAffinityTermsMatch(requiredAffinity, existing, this.namespaceLabels)) {
          for (const term of requiredAffinity) bump(affinity, node, term.topologyKey, 1);
        }
        for (const term of requiredAntiAffinity) {
          if (affinityTermMatches(term, existing, this.namespaceLabels)) bump(anti, node, term.topologyKey, 1);
        }
      }
    }
    state.write(PRE_FILTER_KEY, new PreFilterState(terms, existingAnti, affinity, anti, nodes));
    return !ownTerms && existingAnti.size === 0 ? Status.skip() : undefined;
  }

  addPod(state: CycleState, podToSchedule: Pod, podInfoToAdd: PodInfo, nodeInfo: NodeInfo): Status | undefined {
    return this.updateWithPod(state, podToSchedule, podInfoToAdd.pod, nodeInfo, 1);
  }

  removePod(state: CycleState, podToSchedule: Pod, podInfoToRemove: PodInfo, nodeInfo: NodeInfo): Status | undefined {
    return this.updateWithPod(state, podToSchedule, podInfoToRemove.pod, nodeInfo, -1);
  }

  /** Keeps the PreFilter counts true when `existing` joins (+1) or leaves (-1) the node in a what-if run. */
  private updateWithPod(state: CycleState, pod: Pod, existing: Pod, nodeInfo: NodeInfo, by: 1 | -1): Status | undefined {
    const s = state.read<PreFilterState>(PRE_FILTER_KEY);
    if (!s) return Status.error(new Error(`reading ${PRE_FILTER_KEY} from cycle state: not found`));
    const node = nodeInfo.node;
    const ns = this.namespaceLabels;
    if (hasPodAffinity(existing)) {
      for (const term of podAffinityTermsOf(existing).requiredAntiAffinity) {
        if (affinityTermMatches(term, pod, ns)) bump(s.existingAntiAffinityCounts, node, term.topologyKey, by);
      }
    }
    const { requiredAffinity, requiredAntiAffinity } = s.terms;
    if (requiredAffinity.length > 0 && allAffinityTermsMatch(requiredAffinity, existing, ns)) {
      for (const term of requiredAffinity) bump(s.affinityCounts, node, term.topologyKey, by);
    }
    for (const term of requiredAntiAffinity) {
      if (affinityTermMatches(term, existing, ns)) bump(s.antiAffinityCounts, node, term.topologyKey, by);
    }
    return undefined;
  }

  filter(state: CycleState, pod: Pod, nodeInfo: NodeInfo): Status | undefined {
    const s = state.read<PreFilterState>(PRE_FILTER_KEY);
    if (!s) return Status.error(new Error(`reading ${PRE_FILTER_KEY} from cycle state: not found`));
    const labels = nodeInfo.node.metadata?.labels ?? {};
    if (!satisfiesPodAffinity(s, pod, labels, this.namespaceLabels)) return Status.unresolvable(ERR_REASON_AFFINITY_RULES_NOT_MATCH);
    if (!satisfiesTermCounts(s.terms.requiredAntiAffinity, s.antiAffinityCounts, labels)) {
      return Status.unschedulable(ERR_REASON_ANTI_AFFINITY_RULES_NOT_MATCH);
    }
    for (const [k, v] of Object.entries(labels)) {
      if ((s.existingAntiAffinityCounts.get(pairKey(k, v)) ?? 0) > 0) return Status.unschedulable(ERR_REASON_EXISTING_ANTI_AFFINITY_RULES_NOT_MATCH);
    }
    return undefined;
  }

  /** Sums the preferred weights per topology pair: the pod's preferred terms against existing pods, and existing pods' terms against the pod. */
  preScore(state: CycleState, pod: Pod, feasible: readonly NodeInfo[]): Status | undefined {
    const terms = podAffinityTermsOf(pod);
    const own = terms.preferredAffinity.length > 0 || terms.preferredAntiAffinity.length > 0;
    const nodes = state.read<PreFilterState>(PRE_FILTER_KEY)?.allNodes ?? feasible;
    const scores = new Map<string, Map<string, number>>();
    const add = (node: Node, term: AffinityTerm, weight: number): void => {
      const value = node.metadata?.labels?.[term.topologyKey];
      if (value === undefined || weight === 0) return;
      let byValue = scores.get(term.topologyKey);
      if (!byValue) scores.set(term.topologyKey, (byValue = new Map()));
      byValue.set(value, (byValue.get(value) ?? 0) + weight);
    };
    const ns = this.namespaceLabels;
    for (const nodeInfo of nodes) {
      const node = nodeInfo.node;
      // Without preferred terms of its own, only existing pods with affinity terms can score the pod.
      for (const { pod: existing } of own ? nodeInfo.pods : nodeInfo.podsWithAffinity) {
        for (const t of terms.preferredAffinity) if (affinityTermMatches(t, existing, ns)) add(node, t, t.weight);
        for (const t of terms.preferredAntiAffinity) if (affinityTermMatches(t, existing, ns)) add(node, t, -t.weight);
        if (!hasPodAffinity(existing)) continue;
        const theirs = podAffinityTermsOf(existing);
        if (this.hardPodAffinityWeight > 0) {
          for (const t of theirs.requiredAffinity) if (affinityTermMatches(t, pod, ns)) add(node, t, this.hardPodAffinityWeight);
        }
        if (this.ignorePreferredTermsOfExistingPods) continue;
        for (const t of theirs.preferredAffinity) if (affinityTermMatches(t, pod, ns)) add(node, t, t.weight);
        for (const t of theirs.preferredAntiAffinity) if (affinityTermMatches(t, pod, ns)) add(node, t, -t.weight);
      }
    }
    if (scores.size === 0 && !own) return Status.skip();
    state.write(PRE_SCORE_KEY, new PreScoreState(scores));
    return undefined;
  }

  /** Sum, over the node's labels, of the weights recorded for its topology pairs. */
  score(state: CycleState, _pod: Pod, nodeInfo: NodeInfo): number {
    const s = state.read<PreScoreState>(PRE_SCORE_KEY);
    if (!s) return 0;
    let total = 0;
    for (const [key, byValue] of s.topologyScore) {
      const value = nodeInfo.node.metadata?.labels?.[key];
      if (value !== undefined) total += byValue.get(value) ?? 0;
    }
    return total;
  }

  /** Min-max scaling to 0..100 (scores may be negative); all equal gives 0. */
  normalizeScore(_state: CycleState, _pod: Pod, scores: NodeScore[]): Status | undefined {
    if (scores.length === 0) return undefined;
    let min = Infinity;
    let max = -Infinity;
    for (const s of scores) {
      min = Math.min(min, s.score);
      max = Math.max(max, s.score);
    }
    const diff = max - min;
    for (const s of scores) s.score = diff > 0 ? Math.trunc((MAX_NODE_SCORE * (s.score - min)) / diff) : 0;
    return undefined;
  }
}

/** Every required affinity term's topology must exist on the node and hold a matching pod, except for the first pod of a group. */
function satisfiesPodAffinity(s: PreFilterState, pod: Pod, labels: Record<string, string>, ns: NamespaceLabels | undefined): boolean {
  const terms = s.terms.requiredAffinity;
  let podsExist = true;
  for (const term of terms) {
    const value = labels[term.topologyKey];
    if (value === undefined) return false;
    if ((s.affinityCounts.get(pairKey(term.topologyKey, value)) ?? 0) <= 0) podsExist = false;
  }
  if (podsExist) return true;
  // The first pod of a group that has affinity to itself: no pod anywhere matches, but the pod matches its own terms.
  return s.affinityCounts.size === 0 && allAffinityTermsMatch(terms, pod, ns);
}

/** No anti-affinity term may find a matching pod in the node's topology for that term. */
function satisfiesTermCounts(terms: readonly AffinityTerm[], counts: TopologyCounts, labels: Record<string, string>): boolean {
  for (const term of terms) {
    const value = labels[term.topologyKey];
    if (value !== undefined && (counts.get(pairKey(term.topologyKey, value)) ?? 0) > 0) return false;
  }
  return true;
}
