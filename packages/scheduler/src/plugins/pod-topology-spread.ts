/** PodTopologySpread: DoNotSchedule constraints as a Filter (maxSkew over domains), ScheduleAnyway constraints as a Score. */
import type { Pod, TopologySpreadConstraint } from 'kubernetes-types/core/v1.js';
import type { LabelSelector } from '@skiff/api';
import {
  MAX_NODE_SCORE,
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
} from '../framework/index.js';
import {
  LABEL_HOSTNAME,
  LABEL_TOPOLOGY_ZONE,
  countMatchingPods,
  nodeHasAllTopologyKeys,
  nodeIncluded,
  spreadConstraintsOf,
  type SpreadConstraint,
} from './pod-topology-spread-constraints.js';

/** The plugin's name, as kube-scheduler spells it. */
export const POD_TOPOLOGY_SPREAD = 'PodTopologySpread';

/** Upstream's reasons. */
export const ERR_REASON_CONSTRAINTS_NOT_MATCH = "node(s) didn't match pod topology spread constraints";
export const ERR_REASON_NODE_LABEL_NOT_MATCH = `${ERR_REASON_CONSTRAINTS_NOT_MATCH} (missing required label)`;

/** System: the cluster-wide system defaults below; List: the args' defaultConstraints. */
export type DefaultingType = 'System' | 'List';

/** PodTopologySpreadArgs, with upstream's defaults (defaultingType System, no defaultConstraints). */
export interface PodTopologySpreadArgs {
  /** Constraints (without labelSelector) for pods that declare none; only with defaultingType List. */
  defaultConstraints?: TopologySpreadConstraint[];
  defaultingType?: DefaultingType;
}

/** kube-scheduler's system default constraints: spread over hosts (maxSkew 3) and zones (maxSkew 5), softly. */
export const SYSTEM_DEFAULT_CONSTRAINTS: readonly TopologySpreadConstraint[] = [
  { topologyKey: LABEL_HOSTNAME, whenUnsatisfiable: 'ScheduleAnyway', maxSkew: 3 },
  { topologyKey: LABEL_TOPOLOGY_ZONE, whenUnsatisfiable: 'ScheduleAnyway', maxSkew: 5 },
];

/** Options that need cluster data beyond the NodeInfos. */
export interface PodTopologySpreadOptions {
  /**
   * The selector of the Services / ReplicationControllers / ReplicaSets / StatefulSets the pod belongs to (upstream's
   * DefaultSelector), used for default constraints. Without it (or when it returns undefined/empty) pods that declare no
   * constraints get none.
   */
  defaultSelector?: (pod: Pod) => LabelSelector | undefined;
}

const PRE_FILTER_KEY = `PreFilter${POD_TOPOLOGY_SPREAD}`;
const PRE_SCORE_KEY = `PreScore${POD_TOPOLOGY_SPREAD}`;

/** What PreFilter computed: per constraint, matching pods per domain (topology value) and the smallest count. */
class PreFilterState implements StateData {
  constructor(
    readonly constraints: readonly SpreadConstraint[],
    readonly counts: readonly Map<string, number>[],
    /** Every node PreFilter saw, so PreScore can count pods outside the feasible set, as upstream does. */
    readonly allNodes: readonly NodeInfo[],
  ) {}
  clone(): StateData {
    return new PreFilterState(this.constraints, this.counts.map((m) => new Map(m)), this.allNodes);
  }

  /** The global minimum for constraint i: 0 while there are fewer domains than minDomains. */
  minMatch(i: number): number {
    const counts = this.counts[i]!;
    if (counts.size < this.constraints[i]!.minDomains || counts.size === 0) return 0;
    let min = Infinity;
    for (const n of counts.values()) min = Math.min(min, n);
    return min;
  }
}

/** What PreScore computed for Score and NormalizeScore. */
class PreScoreState implements StateData {
  constructor(
    readonly constraints: readonly SpreadConstraint[],
    /** Per constraint: pods per topology value (not used for hostname constraints, counted per node). */
    readonly counts: readonly Map<string, number>[],
    /** Per constraint: log(domains + 2), so constraints with many domains weigh more per pod. */
    readonly weights: readonly number[],
    /** Feasible nodes lacking a required topology key: they score 0. */
    readonly ignoredNodes: ReadonlySet<string>,
  ) {}
  clone(): StateData {
    return this;
  }
}

/** The PodTopologySpread plugin. */
export class PodTopologySpread implements PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin {
  readonly name = POD_TOPOLOGY_SPREAD;
  private readonly defaultConstraints: readonly TopologySpreadConstraint[];
  private readonly systemDefaulted: boolean;
  private readonly defaultSelector: ((pod: Pod) => LabelSelector | undefined) | undefined;

  constructor(args: PodTopologySpreadArgs = {}, options: PodTopologySpreadOptions = {}) {
    this.systemDefaulted = (args.defaultingType ?? 'System') === 'System';
    this.defaultConstraints = this.systemDefaulted ? SYSTEM_DEFAULT_CONSTRAINTS : (args.defaultConstraints ?? []);
    this.defaultSelector = options.defaultSelector;
  }

  /** The pod's constraints with this whenUnsatisfiable, or the default ones when the pod declares none. */
  private constraintsOf(pod: Pod, when: 'DoNotSchedule' | 'ScheduleAnyway'): SpreadConstraint[] {
    const own = pod.spec?.topologySpreadConstraints ?? [];
    if (own.length > 0) return spreadConstraintsOf(pod, own, when);
    const selector = this.defaultSelector?.(pod);
    if (!selector || selector.isEmpty() || selector.matchesNothing()) return [];
    return spreadConstraintsOf(pod, this.defaultConstraints, when).map((c) => ({ ...c, selector }));
  }

  /** Counts matching pods per domain over every node that has all the topology keys and passes the inclusion policies. */
  preFilter(state: CycleState, pod: Pod, nodes: readonly NodeInfo[]): Status | undefined {
    const constraints = this.constraintsOf(pod, 'DoNotSchedule');
    const counts = constraints.map(() => new Map<string, number>());
    const namespace = pod.metadata?.namespace ?? '';
    if (constraints.length > 0) {
      for (const nodeInfo of nodes) {
        const node = nodeInfo.node;
        if (!nodeHasAllTopologyKeys(node, constraints)) continue;
        constraints.forEach((c, i) => {
          if (!nodeIncluded(c, pod, node)) return;
          const value = node.metadata!.labels![c.topologyKey]!;
          const m = counts[i]!;
          m.set(value, (m.get(value) ?? 0) + countMatchingPods(nodeInfo, c.selector, namespace));
        });
      }
    }
    state.write(PRE_FILTER_KEY, new PreFilterState(constraints, counts, nodes));
    return constraints.length === 0 ? Status.skip() : undefined;
  }

  addPod(state: CycleState, podToSchedule: Pod, podInfoToAdd: PodInfo, nodeInfo: NodeInfo): Status | undefined {
    return this.updateWithPod(state, podToSchedule, podInfoToAdd.pod, nodeInfo, 1);
  }

  removePod(state: CycleState, podToSchedule: Pod, podInfoToRemove: PodInfo, nodeInfo: NodeInfo): Status | undefined {
    return this.updateWithPod(state, podToSchedule, podInfoToRemove.pod, nodeInfo, -1);
  }

  /** Keeps the per-domain counts true when `other` joins (+1) or leaves (-1) the node in a what-if run. */
  private updateWithPod(state: CycleState, pod: Pod, other: Pod, nodeInfo: NodeInfo, by: 1 | -1): Status | undefined {
    const s = state.read<PreFilterState>(PRE_FILTER_KEY);
    if (!s) return Status.error(new Error(`reading ${PRE_FILTER_KEY} from cycle state: not found`));
    const node = nodeInfo.node;
    if ((other.metadata?.namespace ?? '') !== (pod.metadata?.namespace ?? '') || !nodeHasAllTopologyKeys(node, s.constraints)) return undefined;
    const labels = other.metadata?.labels ?? {};
    s.constraints.forEach((c, i) => {
      if (!nodeIncluded(c, pod, node) || !c.selector.matches(labels)) return;
      const value = node.metadata!.labels![c.topologyKey]!;
      const m = s.counts[i]!;
      m.set(value, (m.get(value) ?? 0) + by);
    });
    return undefined;
  }

  /** Rejects nodes without a topology key, and nodes where placing the pod would push a domain past maxSkew. */
  filter(state: CycleState, pod: Pod, nodeInfo: NodeInfo): Status | undefined {
    const s = state.read<PreFilterState>(PRE_FILTER_KEY);
    if (!s) return Status.error(new Error(`reading ${PRE_FILTER_KEY} from cycle state: not found`));
    const labels = nodeInfo.node.metadata?.labels ?? {};
    const podLabels = pod.metadata?.labels ?? {};
    for (let i = 0; i < s.constraints.length; i++) {
      const c = s.constraints[i]!;
      const value = labels[c.topologyKey];
      if (value === undefined) return Status.unresolvable(ERR_REASON_NODE_LABEL_NOT_MATCH);
      const self = c.selector.matches(podLabels) ? 1 : 0;
      const skew = (s.counts[i]!.get(value) ?? 0) + self - s.minMatch(i);
      if (skew > c.maxSkew) return Status.unschedulable(ERR_REASON_CONSTRAINTS_NOT_MATCH);
    }
    return undefined;
  }

  /** Finds the domains of the feasible nodes and counts matching pods in them over all nodes. */
  preScore(state: CycleState, pod: Pod, feasible: readonly NodeInfo[]): Status | undefined {
    const constraints = this.constraintsOf(pod, 'ScheduleAnyway');
    if (constraints.length === 0 || feasible.length === 0) return Status.skip();
    const requireAll = (pod.spec?.topologySpreadConstraints ?? []).length > 0 || !this.systemDefaulted;
    const counts = constraints.map(() => new Map<string, number>());
    const ignored = new Set<string>();
    for (const nodeInfo of feasible) {
      const node = nodeInfo.node;
      if (requireAll && !nodeHasAllTopologyKeys(node, constraints)) {
        ignored.add(nodeInfo.name);
        continue;
      }
      constraints.forEach((c, i) => {
        const value = node.metadata?.labels?.[c.topologyKey];
        if (c.topologyKey !== LABEL_HOSTNAME && value !== undefined) counts[i]!.set(value, 0);
      });
    }
    const weights = constraints.map((c, i) => {
      const domains = c.topologyKey === LABEL_HOSTNAME ? feasible.length - ignored.size : counts[i]!.size;
      return Math.log(domains + 2);
    });
    const allNodes = state.read<PreFilterState>(PRE_FILTER_KEY)?.allNodes ?? feasible;
    const namespace = pod.metadata?.namespace ?? '';
    for (const nodeInfo of allNodes) {
      const node = nodeInfo.node;
      if (requireAll && !nodeHasAllTopologyKeys(node, constraints)) continue;
      constraints.forEach((c, i) => {
        const value = node.metadata?.labels?.[c.topologyKey];
        const m = counts[i]!;
        if (value === undefined || !m.has(value) || !nodeIncluded(c, pod, node)) return;
        m.set(value, m.get(value)! + countMatchingPods(nodeInfo, c.selector, namespace));
      });
    }
    state.write(PRE_SCORE_KEY, new PreScoreState(constraints, counts, weights, ignored));
    return undefined;
  }

  /** Higher means more matching pods in the node's domains (NormalizeScore reverses it). */
  score(state: CycleState, pod: Pod, nodeInfo: NodeInfo): number {
    const s = state.read<PreScoreState>(PRE_SCORE_KEY);
    if (!s || s.ignoredNodes.has(nodeInfo.name)) return 0;
    const labels = nodeInfo.node.metadata?.labels ?? {};
    let score = 0;
    s.constraints.forEach((c, i) => {
      const value = labels[c.topologyKey];
      if (value === undefined) return;
      const count = c.topologyKey === LABEL_HOSTNAME ? countMatchingPods(nodeInfo, c.selector, pod.metadata?.namespace ?? '') : (s.counts[i]!.get(value) ?? 0);
      score += count * s.weights[i]! + (c.maxSkew - 1);
    });
    return Math.round(score);
  }

  /** Fewer matching pods scores higher: MAX * (max + min - score) / max over the non-ignored nodes; ignored nodes get 0. */
  normalizeScore(state: CycleState, _pod: Pod, scores: NodeScore[]): Status | undefined {
    const s = state.read<PreScoreState>(PRE_SCORE_KEY);
    if (!s) return undefined;
    let min = Infinity;
    let max = 0;
    for (const ns of scores) {
      if (s.ignoredNodes.has(ns.name)) continue;
      min = Math.min(min, ns.score);
      max = Math.max(max, ns.score);
    }
    for (const ns of scores) {
      if (s.ignoredNodes.has(ns.name)) ns.score = 0;
      else if (max === 0) ns.score = MAX_NODE_SCORE;
      else ns.score = Math.trunc((MAX_NODE_SCORE * (max + min - ns.score)) / max);
    }
    return undefined;
  }
}
