/** NodeResourcesBalancedAllocation: favours nodes whose resources stay evenly used (cpu vs memory) once the pod is placed. */
import type { Pod } from 'kubernetes-types/core/v1.js';
import { Status, type CycleState, type NodeInfo, type PreScorePlugin, type ScorePlugin, type StateData } from '../framework/index.js';
import { NODE_RESOURCES_BALANCED_ALLOCATION } from './names.js';
import { DEFAULT_SCORED_RESOURCES, allocationPairs, balancedAllocationScore, podRequestList, type ResourceSpec } from './resource-allocation.js';

/** NodeResourcesBalancedAllocationArgs. */
export interface BalancedAllocationArgs {
  resources?: ResourceSpec[];
}

const PRE_SCORE_KEY = `PreScore${NODE_RESOURCES_BALANCED_ALLOCATION}`;

class ScoreState implements StateData {
  constructor(readonly requests: number[]) {}
  clone(): StateData {
    return this;
  }
}

/** The NodeResourcesBalancedAllocation plugin (uses actual requests, no defaults for missing ones, as upstream). */
export class BalancedAllocation implements PreScorePlugin, ScorePlugin {
  readonly name = NODE_RESOURCES_BALANCED_ALLOCATION;
  readonly resources: readonly ResourceSpec[];

  constructor(args: BalancedAllocationArgs = {}) {
    this.resources = args.resources ?? DEFAULT_SCORED_RESOURCES;
  }

  /** Skip best-effort pods (no request for any scored resource): balance says nothing about them. */
  preScore(state: CycleState, pod: Pod): Status | undefined {
    const requests = podRequestList(pod, this.resources, true);
    if (requests.every((r) => r === 0)) return Status.skip();
    state.write(PRE_SCORE_KEY, new ScoreState(requests));
    return undefined;
  }

  score(state: CycleState, pod: Pod, nodeInfo: NodeInfo): number {
    const reqs = state.read<ScoreState>(PRE_SCORE_KEY)?.requests ?? podRequestList(pod, this.resources, true);
    const { requested, allocatable } = allocationPairs(nodeInfo, this.resources, reqs, true);
    return balancedAllocationScore(requested, allocatable);
  }
}
