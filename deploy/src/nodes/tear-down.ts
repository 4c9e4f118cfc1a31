/** Removes everything `setUpNodeNetwork` made; idempotent, and fine with a network that is half-made or already gone. */
import { readdir, rmdir } from 'node:fs/promises';
import { deleteLinkIfPresent, ip, isMountPoint, listNetns } from './ip-state.js';
import { NETNS_RUN_DIR, type NodeNetworkPlan } from './node-network-plan.js';
import { routesToNode } from './pod-routes.js';
import { deleteRoute, deleteUnreachable } from './routes.js';
import { run } from './run.js';

/**
 * Deletes the host's pod routes, each node's netns (its veth pair and in-node routes go with it), any host veth
 * still left (its peer's netns may be kept alive by a process still in it), the bridge, and finally /run/netns if
 * our set-up created that mount and no namespace is left in it. Stop every process in the nodes' netns first.
 * Every step is tried even if an earlier one failed; failures are thrown together at the end.
 */
export async function tearDownNodeNetwork(plan: NodeNetworkPlan): Promise<void> {
  const errors: unknown[] = [];
  const attempt = async (step: () => Promise<void>): Promise<void> => {
    try {
      await step();
    } catch (err) {
      errors.push(err);
    }
  };

  for (const node of plan.nodes) {
    // Only the host's routes; the ones inside the nodes vanish with their netns.
    for (const route of routesToNode(plan, node).filter((r) => r.netns === undefined)) await attempt(() => deleteRoute(route));
  }
  if (plan.clusterCidr) await attempt(() => deleteUnreachable(undefined, plan.clusterCidr!));
  for (const node of plan.nodes) {
    await attempt(() => deleteNetns(node.netns));
    await attempt(() => deleteLinkIfPresent(node.hostVeth));
  }
  await attempt(() => deleteLinkIfPresent(plan.bridge));
  await attempt(() => releaseNetnsRunDir(plan));

  if (errors.length === 1) throw errors[0];
  if (errors.length > 1) throw new AggregateError(errors, `node network teardown: ${errors.length} steps failed`);
}

async function deleteNetns(netns: string): Promise<void> {
  if (!(await listNetns()).includes(netns)) return;
  try {
    await ip(undefined, ['netns', 'del', netns]);
  } catch (err) {
    if ((await listNetns()).includes(netns)) throw err;
  }
}

/** Undoes the /run/netns bind mount that the first `ip netns add` made, if it was ours and nothing else uses it. */
async function releaseNetnsRunDir(plan: NodeNetworkPlan): Promise<void> {
  if (plan.ownsNetnsRunDir !== true) return;
  let entries: string[];
  try {
    entries = await readdir(NETNS_RUN_DIR);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    plan.ownsNetnsRunDir = false;
    return;
  }
  // Someone else's namespaces live there now; the mount stays for them.
  if (entries.length > 0) return;
  if (await isMountPoint(NETNS_RUN_DIR)) {
    try {
      await run('umount', [NETNS_RUN_DIR]);
    } catch (err) {
      // EBUSY because another `ip netns add` mounted a namespace there in between: it is theirs to keep now.
      if ((await readdir(NETNS_RUN_DIR)).length > 0) return;
      throw err;
    }
  }
  try {
    await rmdir(NETNS_RUN_DIR);
  } catch (err) {
    // Another `ip netns add` got in between: leave the directory to it.
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' && code !== 'ENOTEMPTY') throw err;
  }
  plan.ownsNetnsRunDir = false;
}
