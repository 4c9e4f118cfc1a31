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
import { DefaultPreemption, DEFAULT_PREEMPTION, type DefaultPreemptionArgs } from './default-preemption/index.js';
import { InterPodAffinity, INTER_POD_AFFINITY, type InterPodAffinityArgs } from './inter-pod-affinity.js';
import { NodeAffinity } from './node-affinity.js';
import { NodeName } from './node-name.js';
import { NodePorts } from './node-ports.js';
import { NodeResourcesFit, type NodeResourcesFitArgs } from './node-resources-fit.js';
import { NodeUnschedulable } from './node-unschedulable.js';
import { PodTopologySpread, POD_TOPOLOGY_SPREAD, type PodTopologySpreadArgs } from './pod-topology-spread.js';
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
    [POD_TOPOLOGY_SPREAD]: (args) => new PodTopologySpread((args ?? {}) as PodTopologySpreadArgs),
    [INTER_POD_AFFINITY]: (args) => new InterPodAffinity((args ?? {}) as InterPodAffinityArgs),
    [DEFAULT_PREEMPTION]: (args, handle) => new DefaultPreemption(handle, (args ?? {}) as DefaultPreemptionArgs),
  };
}

/**
 * kube-scheduler's default profile, restricted to the implemented plugins, in upstream order and with upstream weights
 * (TaintToleration 3, NodeAffinity 2, NodeResourcesFit 1, PodTopologySpread 2, InterPodAffinity 2,
 * NodeResourcesBalancedAllocation 1) and upstream's default args for PodTopologySpread and InterPodAffinity.
 * PodTopologySpread built from this registry has no DefaultSelector source (Services/ReplicaSets/StatefulSets), so
 * its system default constraints apply only when the caller builds it with `defaultSelector`.
 * Not yet here: ImageLocality (weight 1), the volume plugins, and DefaultBinder (Bind).
 */
export function defaultProfile(schedulerName = DEFAULT_SCHEDULER_NAME): Profile {
  return {
    schedulerName,
    plugins: {
      preFilter: [
        { name: NODE_AFFINITY },
        { name: NODE_PORTS },
        { name: NODE_RESOURCES_FIT },
        { name: POD_TOPOLOGY_SPREAD },
        { name: INTER_POD_AFFINITY },
      ],
      filter: [
        { name: NODE_UNSCHEDULABLE },
        { name: NODE_NAME },
        { name: TAINT_TOLERATION },
        { name: NODE_AFFINITY },
        { name: NODE_PORTS },
        { name: NODE_RESOURCES_FIT },
        { name: POD_TOPOLOGY_SPREAD },
        { name: INTER_POD_AFFINITY },
      ],
      postFilter: [{ name: DEFAULT_PREEMPTION }],
      preScore: [
        { name: TAINT_TOLERATION },
        { name: NODE_AFFINITY },
        { name: NODE_RESOURCES_FIT },
        { name: POD_TOPOLOGY_SPREAD },
        { name: INTER_POD_AFFINITY },
        { name: NODE_RESOURCES_BALANCED_ALLOCATION },
      ],
      score: [
        { name: TAINT_TOLERATION, weight: 3 },
        { name: NODE_AFFINITY, weight: 2 },
        { name: NODE_RESOURCES_FIT, weight: 1 },
        { name: POD_TOPOLOGY_SPREAD, weight: 2 },
        { name: INTER_POD_AFFINITY, weight: 2 },
        { name: NODE_RESOURCES_BALANCED_ALLOCATION, weight: 1 },
      ],
      reserve: [],
      bind: [],
    },
    pluginConfig: [
      { name: POD_TOPOLOGY_SPREAD, args: { defaultingType: 'System', defaultConstraints: [] } satisfies PodTopologySpreadArgs },
      { name: INTER_POD_AFFINITY, args: { hardPodAffinityWeight: 1, ignorePreferredTermsOfExistingPods: false } satisfies InterPodAffinityArgs },
      { name: DEFAULT_PREEMPTION, args: { minCandidateNodesPercentage: 10, minCandidateNodesAbsolute: 100 } satisfies DefaultPreemptionArgs },
    ],
  };
}
