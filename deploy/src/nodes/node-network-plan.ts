/** The plan of the local nodes' host network: a bridge, one netns + veth per node, and each node's pod CIDR. */
import { cidrSize, cidrsOverlap, formatCidr, formatIpv4, parseCidr } from './ipv4.js';

/** Where `ip netns add` keeps its named namespaces (/var/run is a link to /run here). */
export const NETNS_RUN_DIR = '/run/netns';
/** The default name prefix of everything the launcher creates, so `ip link` shows whose it is. */
export const DEFAULT_PREFIX = 'skiff';
/** The nodes' shared L2 segment (the facts file's proven layout); private, never routed off the box. */
export const DEFAULT_NODE_SUBNET = '10.250.0.0/24';
/** Kubernetes' usual cluster CIDR; node N gets 10.244.N.0/24 unless the caller assigns others. */
export const DEFAULT_POD_CIDR_BASE = '10.244.0.0/16';
/** Pod CIDR size per node, as kube-controller-manager's node IPAM hands out by default (--node-cidr-mask-size=24). */
export const DEFAULT_POD_CIDR_PREFIX_LENGTH = 24;
/** Node N's address is subnet + 10 + N (.11, .12, ...): the low addresses stay free for the host side. */
export const NODE_ADDRESS_OFFSET = 10;
/** The bridge (the host's side of the node segment) takes the subnet's first address. */
export const BRIDGE_ADDRESS_OFFSET = 1;
/** Linux interface names are at most IFNAMSIZ - 1 = 15 bytes; longer ones fail `ip link add`. */
export const MAX_INTERFACE_NAME = 15;
/** The node's side of its veth, inside its netns. */
export const NODE_INTERFACE = 'eth0';

const PREFIX_PATTERN = /^[a-z][a-z0-9-]*$/;

export interface NodeNetwork {
  /** Node name, `<prefix>-node-N` (also the netns name). */
  name: string;
  netns: string;
  /** The host end of the node's veth, attached to the bridge; the other end is `eth0` in the netns. */
  hostVeth: string;
  /** The node's address on the bridge segment, without prefix length (e.g. 10.250.0.11). */
  address: string;
  /** Pods of this node live here; the host and the other nodes route it via `address`. */
  podCidr: string;
}

export interface NodeNetworkPlan {
  bridge: string;
  /** The bridge's address with the segment's prefix length, e.g. 10.250.0.1/24. */
  bridgeCidr: string;
  nodes: NodeNetwork[];
  /**
   * Set by `setUpNodeNetwork` when its first `ip netns add` created the /run/netns bind mount; teardown then
   * unmounts and removes /run/netns once no namespace is left in it. Persist the returned plan to keep this.
   */
  ownsNetnsRunDir?: boolean;
  /**
   * The whole cluster pod range (e.g. 10.244.0.0/16). When set, the host and every node get an `unreachable` route
   * for it, so a pod address no node owns is refused locally instead of following the default route off the machine.
   */
  clusterCidr?: string;
}

export interface PlanOptions {
  /** Name prefix of the bridge, netns and veths (default `skiff`). */
  prefix?: string;
  /** The node segment, e.g. 10.250.0.0/24 (default). */
  nodeSubnet?: string;
  /** One pod CIDR per node, in node order (default 10.244.N.0/24 for node N). */
  podCidrs?: string[];
  /** The cluster pod range to keep on the machine (see NodeNetworkPlan.clusterCidr); default: none. */
  clusterCidr?: string;
}

/** Deterministic names and addresses for `count` local nodes. Pure: touches nothing. */
export function planNodeNetwork(count: number, opts: PlanOptions = {}): NodeNetworkPlan {
  if (!Number.isInteger(count) || count < 1) throw new Error(`node count must be a positive integer, got ${count}`);
  const prefix = opts.prefix ?? DEFAULT_PREFIX;
  if (!PREFIX_PATTERN.test(prefix)) throw new Error(`name prefix "${prefix}" must match ${PREFIX_PATTERN.source}`);

  const bridge = `${prefix}-br`;
  const longestVeth = `${prefix}-v${count}`;
  for (const name of [bridge, longestVeth]) {
    if (name.length > MAX_INTERFACE_NAME) {
      throw new Error(`interface name "${name}" is longer than ${MAX_INTERFACE_NAME} characters; use a shorter prefix`);
    }
  }

  const subnet = parseCidr(opts.nodeSubnet ?? DEFAULT_NODE_SUBNET);
  const lastNode = NODE_ADDRESS_OFFSET + count;
  // The last address of the block is the broadcast address.
  if (lastNode >= cidrSize(subnet) - 1) {
    throw new Error(`node subnet ${formatCidr(subnet)} is too small for ${count} nodes`);
  }

  const podCidrs = opts.podCidrs ?? defaultPodCidrs(count);
  if (podCidrs.length < count) throw new Error(`${count} nodes need ${count} pod CIDRs, got ${podCidrs.length}`);
  const parsedPods = podCidrs.slice(0, count).map(parseCidr);
  for (const [i, a] of parsedPods.entries()) {
    if (cidrsOverlap(a, subnet)) throw new Error(`pod CIDR ${podCidrs[i]} overlaps the node subnet ${formatCidr(subnet)}`);
    for (const b of parsedPods.slice(i + 1)) {
      if (cidrsOverlap(a, b)) throw new Error(`pod CIDRs ${formatCidr(a)} and ${formatCidr(b)} overlap`);
    }
  }

  const nodes: NodeNetwork[] = parsedPods.map((podCidr, i) => {
    const n = i + 1;
    const name = `${prefix}-node-${n}`;
    return {
      name,
      netns: name,
      hostVeth: `${prefix}-v${n}`,
      address: formatIpv4(subnet.network + NODE_ADDRESS_OFFSET + n),
      podCidr: formatCidr(podCidr),
    };
  });
  return {
    bridge,
    bridgeCidr: `${formatIpv4(subnet.network + BRIDGE_ADDRESS_OFFSET)}/${subnet.prefixLength}`,
    nodes,
    ...(opts.clusterCidr ? { clusterCidr: formatCidr(parseCidr(opts.clusterCidr)) } : {}),
  };
}

function defaultPodCidrs(count: number): string[] {
  const base = parseCidr(DEFAULT_POD_CIDR_BASE);
  const blockSize = 2 ** (32 - DEFAULT_POD_CIDR_PREFIX_LENGTH);
  const blocks = cidrSize(base) / blockSize;
  // Block 0 is skipped so that node N gets 10.244.N.0/24, as in the facts file.
  if (count >= blocks) throw new Error(`the default pod range ${DEFAULT_POD_CIDR_BASE} has room for ${blocks - 1} nodes`);
  return Array.from({ length: count }, (_, i) =>
    formatCidr({ network: base.network + (i + 1) * blockSize, prefixLength: DEFAULT_POD_CIDR_PREFIX_LENGTH }),
  );
}

/** The node's address with the segment's prefix length, as set on its `eth0`. */
export function nodeAddressCidr(plan: NodeNetworkPlan, node: NodeNetwork): string {
  return `${node.address}/${plan.bridgeCidr.split('/')[1]}`;
}

/** The netns file to hand to `nsenter --net=...` (containerd must not be started with `ip netns exec`). */
export function nodeNetnsPath(node: Pick<NodeNetwork, 'netns'>): string {
  return `${NETNS_RUN_DIR}/${node.netns}`;
}
