/** Resource allocation scoring shared by NodeResourcesFit and NodeResourcesBalancedAllocation: per-resource (requested, allocatable) pairs and the scorers. */
import type { Pod } from 'kubernetes-types/core/v1.js';
import { MAX_NODE_SCORE, podRequests, type NodeInfo, type Resource } from '../framework/index.js';

/** A resource to score and its weight. */
export interface ResourceSpec {
  name: string;
  weight: number;
}

/** Upstream's default scored resources: cpu and memory, equally weighted. */
export const DEFAULT_SCORED_RESOURCES: readonly ResourceSpec[] = [
  { name: 'cpu', weight: 1 },
  { name: 'memory', weight: 1 },
];

function amount(r: Resource, name: string): number {
  switch (name) {
    case 'cpu':
      return r.milliCPU;
    case 'memory':
      return r.memory;
    case 'ephemeral-storage':
      return r.ephemeralStorage;
    case 'pods':
      return r.allowedPodNumber;
    default:
      return r.scalarResources[name] ?? 0;
  }
}

/** The pod's request per scored resource; `useRequested` false substitutes defaults for missing cpu/memory (as LeastAllocated). */
export function podRequestList(pod: Pod, resources: readonly ResourceSpec[], useRequested: boolean): number[] {
  const reqs = podRequests(pod, { nonZero: !useRequested });
  return resources.map((r) => amount(reqs, r.name));
}

function isScalar(name: string): boolean {
  return name !== 'cpu' && name !== 'memory' && name !== 'ephemeral-storage' && name !== 'pods';
}

/**
 * (requested after placing the pod, allocatable) per resource; a resource the node lacks, or an extended resource the pod
 * does not ask for, is (0, 0) so the scorers ignore it. Runs per node per score plugin: a plain loop, no closures.
 */
export function allocationPairs(
  nodeInfo: NodeInfo,
  resources: readonly ResourceSpec[],
  podReqs: readonly number[],
  useRequested: boolean,
): { requested: number[]; allocatable: number[] } {
  const n = resources.length;
  const requested = new Array<number>(n);
  const allocatable = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const name = resources[i]!.name;
    const podReq = podReqs[i] ?? 0;
    const alloc = amount(nodeInfo.allocatable, name);
    if (alloc === 0 || (podReq === 0 && isScalar(name))) {
      requested[i] = 0;
      allocatable[i] = 0;
      continue;
    }
    const base = useRequested || (name !== 'cpu' && name !== 'memory') ? nodeInfo.requested : nodeInfo.nonZeroRequested;
    requested[i] = amount(base, name) + podReq;
    allocatable[i] = alloc;
  }
  return { requested, allocatable };
}

/** LeastAllocated: weighted mean of (free / allocatable) * 100, integer arithmetic as upstream. */
export function leastAllocatedScore(requested: number[], allocatable: number[], resources: readonly ResourceSpec[]): number {
  let score = 0;
  let weights = 0;
  for (let i = 0; i < requested.length; i++) {
    const cap = allocatable[i]!;
    if (cap === 0) continue;
    const req = requested[i]!;
    const w = resources[i]!.weight;
    score += (req > cap ? 0 : Math.trunc(((cap - req) * MAX_NODE_SCORE) / cap)) * w;
    weights += w;
  }
  return weights === 0 ? 0 : Math.trunc(score / weights);
}

/** MostAllocated: weighted mean of (requested / allocatable) * 100 (bin packing). */
export function mostAllocatedScore(requested: number[], allocatable: number[], resources: readonly ResourceSpec[]): number {
  let score = 0;
  let weights = 0;
  for (let i = 0; i < requested.length; i++) {
    const cap = allocatable[i]!;
    if (cap === 0) continue;
    const req = Math.min(requested[i]!, cap);
    const w = resources[i]!.weight;
    score += Math.trunc((req * MAX_NODE_SCORE) / cap) * w;
    weights += w;
  }
  return weights === 0 ? 0 : Math.trunc(score / weights);
}

/** BalancedAllocation: (1 - standard deviation of the used fractions) * 100; two resources use |f1 - f2| / 2. */
export function balancedAllocationScore(requested: number[], allocatable: number[]): number {
  // The common case (two resources, cpu and memory) without building the fractions array.
  if (requested.length === 2 && allocatable[0] !== 0 && allocatable[1] !== 0) {
    const f0 = Math.min(requested[0]! / allocatable[0]!, 1);
    const f1 = Math.min(requested[1]! / allocatable[1]!, 1);
    return Math.trunc((1 - Math.abs((f0 - f1) / 2)) * MAX_NODE_SCORE);
  }
  const fractions: number[] = [];
  for (let i = 0; i < requested.length; i++) {
    if (allocatable[i] === 0) continue;
    fractions.push(Math.min(requested[i]! / allocatable[i]!, 1));
  }
  let std = 0;
  if (fractions.length === 2) {
    std = Math.abs((fractions[0]! - fractions[1]!) / 2);
  } else if (fractions.length > 2) {
    const mean = fractions.reduce((a, b) => a + b, 0) / fractions.length;
    std = Math.sqrt(fractions.reduce((a, f) => a + (f - mean) * (f - mean), 0) / fractions.length);
  }
  return Math.trunc((1 - std) * MAX_NODE_SCORE);
}
