/** The in-tree plugin registry and kube-scheduler's default profile (for the plugins implemented so far). */
import type { Profile, Registry } from '../framework/index.js';
import { BalancedAllocation, type BalancedAllocationArgs } from './balanced-allocation.js';
import {
  NODE_AFFINITY,
  NODE_NAME,
  NODE_PORTS,
  NODE_RESOURCES_BALANCED_ALLOCATION,
  NODE_RESOURCES_FIT,
  NODE_UNSCHEDULABLE,
  TAINT_TOLERATION,
} from './names.js';
import { NodeAffinity } from './node-affinity.js';
import { NodeName } from './node-name.js';
import { NodePorts } from './node-ports.js';
import { NodeResourcesFit, type NodeResourcesFitArgs } from './node-resources-fit.js';
import { NodeUnschedulable } from './node-unschedulable.js';
import { TaintToleration } from './taint-toleration.js';

/** kube-scheduler's default scheduler name. */
export const DEFAULT_SCHEDULER_NAME = 'default-scheduler';

/** Factories of the in-tree plugins. A DefaultBinder needs a client, so the caller adds it. */
export function inTreeRegistry(): Registry {
  return {
    [NODE_UNSCHEDULABLE]: () => new NodeUnschedulable(),
    [NODE_NAME]: () => new NodeName(),
    [NODE_AFFINITY]: () => new NodeAffinity(),
    [TAINT_TOLERATION]: () => new TaintToleration(),
    [NODE_PORTS]: () => new NodePorts(),
    [NODE_RESOURCES_FIT]: (args) => new NodeResourcesFit((args ?? {}) as NodeResourcesFitArgs),
    [NODE_RESOURCES_BALANCED_ALLOCATION]: (args) => new BalancedAllocation((args ?? {}) as BalancedAllocationArgs),
  };
}

/**
 * kube-scheduler's default profile, restricted to the implemented plugins, in upstream order and with upstream weights
 * (TaintToleration 3, NodeAffinity 2, NodeResourcesFit 1, NodeResourcesBalancedAllocation 1).
 * Not yet here: PodTopologySpread (weight 2), InterPodAffinity (weight 2), DefaultPreemption (PostFilter),
 * ImageLocality (weight 1), the volume plugins, and DefaultBinder (Bind).
 */
export function defaultProfile(schedulerName = DEFAULT_SCHEDULER_NAME): Profile {
  return {
    schedulerName,
    plugins: {
      preFilter: [{ name: NODE_AFFINITY }, { name: NODE_PORTS }, { name: NODE_RESOURCES_FIT }],
      filter: [
        { name: NODE_UNSCHEDULABLE },
        { name: NODE_NAME },
        { name: TAINT_TOLERATION },
        { name: NODE_AFFINITY },
        { name: NODE_PORTS },
        { name: NODE_RESOURCES_FIT },
      ],
      postFilter: [],
      preScore: [{ name: TAINT_TOLERATION }, { name: NODE_AFFINITY }, { name: NODE_RESOURCES_FIT }, { name: NODE_RESOURCES_BALANCED_ALLOCATION }],
      score: [
        { name: TAINT_TOLERATION, weight: 3 },
        { name: NODE_AFFINITY, weight: 2 },
        { name: NODE_RESOURCES_FIT, weight: 1 },
        { name: NODE_RESOURCES_BALANCED_ALLOCATION, weight: 1 },
      ],
      reserve: [],
      bind: [],
    },
  };
}
