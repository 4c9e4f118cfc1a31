/** Which pod routes a plan needs, and moving one node's pod CIDR (when node IPAM assigns another) without a full re-run. */
import { blockOfInterfaceCidr, cidrsOverlap, formatCidr, parseCidr } from './ipv4.js';
import type { NodeNetwork, NodeNetworkPlan } from './node-network-plan.js';
import { deleteRoute, ensureRoute, type PodRoute } from './routes.js';

/** The routes to one node's pods: from the host and from every other node, all via the node's address. */
export function routesToNode(plan: NodeNetworkPlan, node: NodeNetwork, podCidr = node.podCidr): PodRoute[] {
  return [
    { netns: undefined, cidr: podCidr, via: node.address },
    ...plan.nodes.filter((other) => other.name !== node.name).map((other) => ({ netns: other.netns, cidr: podCidr, via: node.address })),
  ];
}

/** Every pod route of the plan. */
export function allPodRoutes(plan: NodeNetworkPlan): PodRoute[] {
  return plan.nodes.flatMap((node) => routesToNode(plan, node));
}

/**
 * Points the routes to `nodeName`'s pods at `podCidr` instead of its planned CIDR (old routes removed, new ones
 * added, on the host and in every other node). Returns the updated plan; keep it, teardown uses its CIDRs.
 */
export async function updatePodRoutes(plan: NodeNetworkPlan, nodeName: string, podCidr: string): Promise<NodeNetworkPlan> {
  const node = plan.nodes.find((n) => n.name === nodeName);
  if (node === undefined) throw new Error(`node "${nodeName}" is not in the plan`);
  const cidr = parseCidr(podCidr);
  const normalized = formatCidr(cidr);
  const subnet = blockOfInterfaceCidr(plan.bridgeCidr);
  if (cidrsOverlap(cidr, subnet)) throw new Error(`pod CIDR ${normalized} overlaps the node subnet`);
  for (const other of plan.nodes) {
    if (other.name !== nodeName && cidrsOverlap(cidr, parseCidr(other.podCidr))) {
      throw new Error(`pod CIDR ${normalized} overlaps ${other.podCidr} of node ${other.name}`);
    }
  }
  if (normalized !== node.podCidr) {
    for (const route of routesToNode(plan, node)) await deleteRoute(route);
  }
  for (const route of routesToNode(plan, node, normalized)) await ensureRoute(route);
  return { ...plan, nodes: plan.nodes.map((n) => (n === node ? { ...n, podCidr: normalized } : n)) };
}
