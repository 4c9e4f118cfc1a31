/** Creates (or repairs) the local nodes' host network: bridge, per-node netns + veth, addresses, ip_forward, pod routes. */
import { deleteLinkIfPresent, findLink, ip, isMountPoint, listNetns } from './ip-state.js';
import { NETNS_RUN_DIR, NODE_INTERFACE, nodeAddressCidr, type NodeNetwork, type NodeNetworkPlan } from './node-network-plan.js';
import { allPodRoutes } from './pod-routes.js';
import { ensureRoute, ensureUnreachable } from './routes.js';
import { run } from './run.js';

/**
 * Brings the plan's network into being. Idempotent: every step first looks at what is there, so a re-run after a
 * crash (or after a netns was deleted by hand) adds what is missing instead of failing on what exists.
 * Changes no host sysctl: ip_forward is set only inside each node's netns (the host just bridges at L2).
 *
 * Records `plan.ownsNetnsRunDir = true` on the given object as soon as its first `ip netns add` has created the
 * /run/netns bind mount, so a teardown after a failed set-up still releases it. Returns the same plan.
 */
export async function setUpNodeNetwork(plan: NodeNetworkPlan): Promise<NodeNetworkPlan> {
  await ensureBridge(plan);
  for (const node of plan.nodes) {
    await ensureNetns(plan, node.netns);
    await ensureVeth(plan, node);
    await configureNode(plan, node);
  }
  // Routes last: a route via a node's address needs that node's veth on the bridge to be useful.
  for (const route of allPodRoutes(plan)) await ensureRoute(route);
  // The more specific pod routes win; any other address of the cluster range stays on the machine.
  if (plan.clusterCidr) {
    for (const netns of [undefined, ...plan.nodes.map((n) => n.netns)]) await ensureUnreachable(netns, plan.clusterCidr);
  }
  return plan;
}

async function ensureBridge(plan: NodeNetworkPlan): Promise<void> {
  const link = await findLink(plan.bridge);
  if (link === undefined) {
    await ip(undefined, ['link', 'add', 'name', plan.bridge, 'type', 'bridge']);
  } else if (link.kind !== 'bridge') {
    throw new Error(`${plan.bridge} exists but is a ${link.kind ?? 'plain'} device, not a bridge`);
  }
  // `replace` is the idempotent form of `add` for addresses.
  await ip(undefined, ['addr', 'replace', plan.bridgeCidr, 'dev', plan.bridge]);
  await ip(undefined, ['link', 'set', plan.bridge, 'up']);
}

async function ensureNetns(plan: NodeNetworkPlan, netns: string): Promise<void> {
  if ((await listNetns()).includes(netns)) return;
  const runDirWasMounted = await isMountPoint(NETNS_RUN_DIR);
  await ip(undefined, ['netns', 'add', netns]);
  if (!runDirWasMounted && (await isMountPoint(NETNS_RUN_DIR))) plan.ownsNetnsRunDir = true;
}

/** The veth pair: host end on the bridge, `eth0` in the netns. A half-made or mismatched pair is rebuilt. */
async function ensureVeth(plan: NodeNetworkPlan, node: NodeNetwork): Promise<void> {
  const host = await findLink(node.hostVeth);
  const inner = await findLink(NODE_INTERFACE, node.netns);
  if (host !== undefined && host.kind !== 'veth') {
    throw new Error(`${node.hostVeth} exists but is a ${host.kind ?? 'plain'} device, not a veth`);
  }
  const paired =
    host !== undefined && inner !== undefined && inner.kind === 'veth' && host.peerIndex === inner.ifindex && inner.peerIndex === host.ifindex;
  if (!paired) {
    // Deleting the host end removes its peer too; an `eth0` that was not its peer goes separately.
    if (host !== undefined) await deleteLinkIfPresent(node.hostVeth);
    if (inner !== undefined) await deleteLinkIfPresent(NODE_INTERFACE, node.netns);
    await ip(undefined, ['link', 'add', node.hostVeth, 'type', 'veth', 'peer', 'name', NODE_INTERFACE, 'netns', node.netns]);
  }
  await ip(undefined, ['link', 'set', node.hostVeth, 'master', plan.bridge, 'up']);
}

async function configureNode(plan: NodeNetworkPlan, node: NodeNetwork): Promise<void> {
  await ip(node.netns, ['link', 'set', 'lo', 'up']);
  await ip(node.netns, ['addr', 'replace', nodeAddressCidr(plan, node), 'dev', NODE_INTERFACE]);
  await ip(node.netns, ['link', 'set', NODE_INTERFACE, 'up']);
  // The node routes between its pods' bridge and eth0. Fine with `ip netns exec` for a sysctl; containerd is
  // another matter (it must run under `nsenter --net=...`, see nodeNetnsPath).
  await run('ip', ['netns', 'exec', node.netns, 'sysctl', '-qw', 'net.ipv4.ip_forward=1']);
}
