/** plugins: the in-tree scheduler plugins, their registry and the default profile. */
export {
  NODE_UNSCHEDULABLE,
  NODE_NAME,
  NODE_AFFINITY,
  TAINT_TOLERATION,
  NODE_RESOURCES_FIT,
  NODE_RESOURCES_BALANCED_ALLOCATION,
  NODE_PORTS,
} from './names.js';
export { toleratesTaint, tolerationsTolerateTaint, findUntoleratedTaint } from './tolerations.js';
export { labelRequirementMatches, fieldRequirementMatches, termMatches, termsMatch, nodeSelectorMatches } from './node-selector.js';
export { NodeUnschedulable, ERR_REASON_UNSCHEDULABLE, TAINT_NODE_UNSCHEDULABLE } from './node-unschedulable.js';
export { NodeName, ERR_REASON_NODE_NAME } from './node-name.js';
export { NodeAffinity, ERR_REASON_NODE_AFFINITY } from './node-affinity.js';
export { TaintToleration, untoleratedTaintReason } from './taint-toleration.js';
export { NodePorts, ERR_REASON_NODE_PORTS } from './node-ports.js';
export {
  NodeResourcesFit,
  insufficientResources,
  insufficientReason,
  ERR_REASON_TOO_MANY_PODS,
  type NodeResourcesFitArgs,
  type ScoringStrategyType,
} from './node-resources-fit.js';
export { BalancedAllocation, type BalancedAllocationArgs } from './balanced-allocation.js';
export {
  DEFAULT_SCORED_RESOURCES,
  leastAllocatedScore,
  mostAllocatedScore,
  balancedAllocationScore,
  type ResourceSpec,
} from './resource-allocation.js';
export {
  InterPodAffinity,
  INTER_POD_AFFINITY,
  DEFAULT_HARD_POD_AFFINITY_WEIGHT,
  ERR_REASON_AFFINITY_RULES_NOT_MATCH,
  ERR_REASON_ANTI_AFFINITY_RULES_NOT_MATCH,
  ERR_REASON_EXISTING_ANTI_AFFINITY_RULES_NOT_MATCH,
  type InterPodAffinityArgs,
  type InterPodAffinityOptions,
} from './inter-pod-affinity.js';
export {
  podAffinityTermsOf,
  affinityTermMatches,
  type AffinityTerm,
  type WeightedAffinityTerm,
  type PodAffinityTerms,
  type NamespaceLabels,
} from './inter-pod-affinity-terms.js';
export {
  PodTopologySpread,
  POD_TOPOLOGY_SPREAD,
  SYSTEM_DEFAULT_CONSTRAINTS,
  ERR_REASON_CONSTRAINTS_NOT_MATCH,
  ERR_REASON_NODE_LABEL_NOT_MATCH,
  type PodTopologySpreadArgs,
  type PodTopologySpreadOptions,
  type DefaultingType,
} from './pod-topology-spread.js';
export { LABEL_HOSTNAME, LABEL_TOPOLOGY_ZONE, type SpreadConstraint, type NodeInclusionPolicy } from './pod-topology-spread-constraints.js';
export {
  DefaultPreemption,
  DEFAULT_PREEMPTION,
  ERR_REASON_NOT_HELPFUL,
  ERR_REASON_NO_VICTIMS,
  MSG_PREEMPTION_POLICY_NEVER,
  MSG_TERMINATING_ON_NOMINATED,
  selectVictimsOnNode,
  pickOneNodeForPreemption,
  moreImportantPod,
  type DefaultPreemptionArgs,
  type Candidate,
} from './default-preemption/index.js';
export { inTreeRegistry, defaultProfile, DEFAULT_SCHEDULER_NAME } from './registry.js';
