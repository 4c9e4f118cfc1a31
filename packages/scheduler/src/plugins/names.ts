/** The in-tree plugin names, as kube-scheduler spells them (profiles refer to plugins by these). */
export const NODE_UNSCHEDULABLE = 'NodeUnschedulable';
export const NODE_NAME = 'NodeName';
export const NODE_AFFINITY = 'NodeAffinity';
export const TAINT_TOLERATION = 'TaintToleration';
export const NODE_RESOURCES_FIT = 'NodeResourcesFit';
export const NODE_RESOURCES_BALANCED_ALLOCATION = 'NodeResourcesBalancedAllocation';
export const NODE_PORTS = 'NodePorts';
