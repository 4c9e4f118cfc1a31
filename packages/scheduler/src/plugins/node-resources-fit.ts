/** NodeResourcesFit: a pod fits when the node's allocatable covers the pods' requests plus its own; scores by LeastAllocated (default) or MostAllocated. */
import type { Pod } from 'kubernetes-types/core/v1.js';
import {
  Status,
  podRequests,
  type CycleState,
  type FilterPlugin,
  type NodeInfo,
  type PreFilterPlugin,
  type PreScorePlugin,
  type Resource,
  type ScorePlugin,
  type StateData,
} from '../framework/index.js';
import { NODE_RESOURCES_FIT } from './names.js';
import {
  DEFAULT_SCORED_RESOURCES,
  allocationPairs,
  leastAllocatedScore,
  mostAllocatedScore,
  podRequestList,
  type ResourceSpec,
} from './resource-allocation.js';

/** Upstream's reason when the node is at its pod capacity. */
export const ERR_REASON_TOO_MANY_PODS = 'Too many pods';
/** Upstream's reason for a resource that does not fit: `Insufficient cpu`, `Insufficient example.com/gpu`. */
export function insufficientReason(resource: string): string {
  return `Insufficient ${resource}`;
}

/** Scoring strategies of NodeResourcesFit (RequestedToCapacityRatio is not implemented). */
export type ScoringStrategyType = 'LeastAllocated' | 'MostAllocated';

/** NodeResourcesFitArgs (the parts implemented). */
export interface NodeResourcesFitArgs {
  scoringStrategy?: { type?: ScoringStrategyType; resources?: ResourceSpec[] };
}

const PRE_FILTER_KEY = `PreFilter${NODE_RESOURCES_FIT}`;
const PRE_SCORE_KEY = `PreScore${NODE_RESOURCES_FIT}`;

class RequestState implements StateData {
  constructor(readonly request: Resource) {}
  clone(): StateData {
    return this;
  }
}

class ScoreState implements StateData {
  constructor(readonly requests: number[]) {}
  clone(): StateData {
    return this;
  }
}

/** The resources the node lacks for the pod, as upstream's fitsRequest lists them (pods, cpu, memory, storage, then the rest). */
export function insufficientResources(request: Resource, nodeInfo: NodeInfo): string[] {
  const out: string[] = [];
  const alloc = nodeInfo.allocatable;
  const used = nodeInfo.requested;
  if (nodeInfo.pods.length + 1 > alloc.allowedPodNumber) out.push(ERR_REASON_TOO_MANY_PODS);
  if (request.milliCPU > 0 && request.milliCPU > alloc.milliCPU - used.milliCPU) out.push(insufficientReason('cpu'));
  if (request.memory > 0 && request.memory > alloc.memory - used.memory) out.push(insufficientReason('memory'));
  if (request.ephemeralStorage > 0 && request.ephemeralStorage > alloc.ephemeralStorage - used.ephemeralStorage) {
    out.push(insufficientReason('ephemeral-storage'));
  }
  for (const [name, q] of Object.entries(request.scalarResources).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (q === 0) continue;
    if (q > (alloc.scalarResources[name] ?? 0) - (used.scalarResources[name] ?? 0)) out.push(insufficientReason(name));
  }
  return out;
}

/** True when the pod's request fits the node; the Filter's fast path, which builds no reasons (most nodes fit). */
function fitsRequest(request: Resource, nodeInfo: NodeInfo): boolean {
  const alloc = nodeInfo.allocatable;
  const used = nodeInfo.requested;
  if (nodeInfo.pods.length + 1 > alloc.allowedPodNumber) return false;
  if (request.milliCPU > 0 && request.milliCPU > alloc.milliCPU - used.milliCPU) return false;
  if (request.memory > 0 && request.memory > alloc.memory - used.memory) return false;
  if (request.ephemeralStorage > 0 && request.ephemeralStorage > alloc.ephemeralStorage - used.ephemeralStorage) return false;
  for (const name in request.scalarResources) {
    const q = request.scalarResources[name]!;
    if (q !== 0 && q > (alloc.scalarResources[name] ?? 0) - (used.scalarResources[name] ?? 0)) return false;
  }
  return true;
}

/** The NodeResourcesFit plugin. */
export class NodeResourcesFit implements PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin {
  readonly name = NODE_RESOURCES_FIT;
  readonly strategy: ScoringStrategyType;
  readonly resources: readonly ResourceSpec[];

  constructor(args: NodeResourcesFitArgs = {}) {
    this.strategy = args.scoringStrategy?.type ?? 'LeastAllocated';
    this.resources = args.scoringStrategy?.resources ?? DEFAULT_SCORED_RESOURCES;
  }

  preFilter(state: CycleState, pod: Pod): Status | undefined {
    state.write(PRE_FILTER_KEY, new RequestState(podRequests(pod)));
    return undefined;
  }

  filter(state: CycleState, pod: Pod, nodeInfo: NodeInfo): Status | undefined {
    const request = state.read<RequestState>(PRE_FILTER_KEY)?.request ?? podRequests(pod);
    if (fitsRequest(request, nodeInfo)) return undefined;
    const reasons = insufficientResources(request, nodeInfo);
    return reasons.length > 0 ? Status.unschedulable(...reasons) : undefined;
  }

  preScore(state: CycleState, pod: Pod): Status | undefined {
    state.write(PRE_SCORE_KEY, new ScoreState(podRequestList(pod, this.resources, false)));
    return undefined;
  }

  score(state: CycleState, pod: Pod, nodeInfo: NodeInfo): number {
    const reqs = state.read<ScoreState>(PRE_SCORE_KEY)?.requests ?? podRequestList(pod, this.resources, false);
    const { requested, allocatable } = allocationPairs(nodeInfo, this.resources, reqs, false);
    return this.strategy === 'MostAllocated'
      ? mostAllocatedScore(requested, allocatable, this.resources)
      : leastAllocatedScore(requested, allocatable, this.resources);
  }
}
