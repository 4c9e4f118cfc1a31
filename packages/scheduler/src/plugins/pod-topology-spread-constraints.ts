/** Topology spread constraints parsed for a pod: selector (with matchLabelKeys), minDomains, node inclusion policies, and counting helpers. */
import type { Node, Pod, TopologySpreadConstraint } from 'kubernetes-types/core/v1.js';
import type { LabelSelector as MetaLabelSelector } from 'kubernetes-types/meta/v1.js';
import { labelSelectorFromSpec, type LabelSelector } from '@skiff/api';
import type { NodeInfo } from '../framework/index.js';
import { nodeSelectorMatches, termsMatch } from './node-selector.js';
import { findUntoleratedTaint } from './tolerations.js';

/** Node label of the host's name. */
export const LABEL_HOSTNAME = 'kubernetes.io/hostname';
/** Node label of the zone. */
export const LABEL_TOPOLOGY_ZONE = 'topology.kubernetes.io/zone';

/** Whether nodes excluded by the pod's node affinity / untolerated taints count as domains. */
export type NodeInclusionPolicy = 'Honor' | 'Ignore';

/** A constraint ready for counting. */
export interface SpreadConstraint {
  readonly maxSkew: number;
  readonly topologyKey: string;
  readonly selector: LabelSelector;
  /** At least 1 (the API default). */
  readonly minDomains: number;
  /** Default Honor: nodes the pod's nodeSelector/required node affinity excludes are not counted. */
  readonly nodeAffinityPolicy: NodeInclusionPolicy;
  /** Default Ignore: tainted nodes are counted. */
  readonly nodeTaintsPolicy: NodeInclusionPolicy;
}

/** Parses the pod's constraints with the given whenUnsatisfiable. Throws a 400 StatusError on a malformed selector. */
export function spreadConstraintsOf(
  pod: Pod,
  constraints: readonly TopologySpreadConstraint[],
  when: 'DoNotSchedule' | 'ScheduleAnyway',
): SpreadConstraint[] {
  return constraints.filter((c) => c.whenUnsatisfiable === when).map((c) => spreadConstraintOf(pod, c));
}

/** Parses one constraint; matchLabelKeys add `key=<the pod's value>` to the selector for each key the pod has. */
export function spreadConstraintOf(pod: Pod, c: TopologySpreadConstraint): SpreadConstraint {
  return {
    maxSkew: c.maxSkew,
    topologyKey: c.topologyKey,
    selector: labelSelectorFromSpec(withMatchLabelKeys(c.labelSelector, c.matchLabelKeys, pod.metadata?.labels ?? {})),
    minDomains: c.minDomains ?? 1,
    nodeAffinityPolicy: c.nodeAffinityPolicy === 'Ignore' ? 'Ignore' : 'Honor',
    nodeTaintsPolicy: c.nodeTaintsPolicy === 'Honor' ? 'Honor' : 'Ignore',
  };
}

function withMatchLabelKeys(
  sel: MetaLabelSelector | undefined,
  keys: readonly string[] | undefined,
  labels: Record<string, string>,
): MetaLabelSelector | undefined {
  // A missing selector selects nothing, and stays so whatever the keys.
  if (!sel || !keys || keys.length === 0) return sel;
  const extra = keys.filter((k) => labels[k] !== undefined).map((k) => ({ key: k, operator: 'In', values: [labels[k]!] }));
  return extra.length === 0 ? sel : { ...sel, matchExpressions: [...(sel.matchExpressions ?? []), ...extra] };
}

/** True when the node has every constraint's topology key. */
export function nodeHasAllTopologyKeys(node: Node, constraints: readonly SpreadConstraint[]): boolean {
  const labels = node.metadata?.labels ?? {};
  return constraints.every((c) => labels[c.topologyKey] !== undefined);
}

/** Whether a node's pods count for the constraint under its node inclusion policies. */
export function nodeIncluded(c: SpreadConstraint, pod: Pod, node: Node): boolean {
  if (c.nodeAffinityPolicy === 'Honor') {
    if (!nodeSelectorMatches(pod.spec?.nodeSelector, node)) return false;
    const terms = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
    if (terms !== undefined && !termsMatch(terms, node)) return false;
  }
  if (c.nodeTaintsPolicy === 'Honor') {
    const hard = (t: { effect: string }): boolean => t.effect === 'NoSchedule' || t.effect === 'NoExecute';
    if (findUntoleratedTaint(node.spec?.taints, pod.spec?.tolerations, hard)) return false;
  }
  return true;
}

/** Pods on the node in the namespace that the selector matches, leaving out terminating pods. */
export function countMatchingPods(nodeInfo: NodeInfo, selector: LabelSelector, namespace: string): number {
  let n = 0;
  for (const { pod } of nodeInfo.pods) {
    if (pod.metadata?.deletionTimestamp) continue;
    if ((pod.metadata?.namespace ?? '') !== namespace) continue;
    if (selector.matches(pod.metadata?.labels ?? {})) n++;
  }
  return n;
}
