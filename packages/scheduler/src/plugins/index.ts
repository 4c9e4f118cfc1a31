/** plugins: the in-tree scheduler plugins (node-local ones so far), their registry and the default profile. */
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
export { inTreeRegistry, defaultProfile, DEFAULT_SCHEDULER_NAME } from './registry.js';
