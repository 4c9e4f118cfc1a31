/** Integration tests of the node network with the real `ip`: reachability, pod routes, repair and exact teardown. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { randomBytes, randomInt } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { hasRouteVia, ip, isMountPoint, listLinks, listNetns } from './ip-state.js';
import { NETNS_RUN_DIR, nodeNetnsPath, planNodeNetwork, type NodeNetwork, type NodeNetworkPlan } from './node-network-plan.js';
import { updatePodRoutes } from './pod-routes.js';
import { run } from './run.js';
import { setUpNodeNetwork } from './set-up.js';
import { tearDownNodeNetwork } from './tear-down.js';

/** Netns cleanup is usually done within milliseconds; ten seconds only bounds a broken kernel. */
const LINK_GONE_POLL_MS = 20;
const LINK_GONE_POLLS = 500;

/** A plan whose names and subnets are random, so helpers testing at the same time do not clash. */
function testPlan(count = 2): NodeNetworkPlan {
  const prefix = `sk${randomBytes(3).toString('hex')}`;
  const thirdOctets = new Set<number>();
  while (thirdOctets.size < count) thirdOctets.add(randomInt(100, 250));
  return planNodeNetwork(count, {
    prefix,
    nodeSubnet: `10.250.${randomInt(100, 200)}.0/24`,
    podCidrs: [...thirdOctets].map((o) => `10.244.${o}.0/24`),
  });
}

function prefixOf(plan: NodeNetworkPlan): string {
  return plan.bridge.slice(0, -'-br'.length);
}

/** The n-th address of a /24 pod CIDR. */
function podAddress(cidr: string, n: number): string {
  return cidr.replace(/\.0\/24$/, `.${n}`);
}

async function hostIpForward(): Promise<string> {
  return (await readFile('/proc/sys/net/ipv4/ip_forward', 'utf8')).trim();
}

/** One echo request, one second for the answer; from the host or from inside a netns (entered like containerd will be). */
async function pings(from: NodeNetwork | string | undefined, address: string): Promise<boolean> {
  const args = ['busybox', 'ping', '-c1', '-W1', address];
  const netnsPath = from === undefined ? undefined : typeof from === 'string' ? `${NETNS_RUN_DIR}/${from}` : nodeNetnsPath(from);
  try {
    if (netnsPath === undefined) await run(args[0]!, args.slice(1));
    else await run('nsenter', [`--net=${netnsPath}`, ...args]);
    return true;
  } catch {
    return false;
  }
}

/** Everything on the host that is ours by name or by CIDR. */
async function leftovers(plan: NodeNetworkPlan, extraCidrs: string[] = []): Promise<string[]> {
  const prefix = prefixOf(plan);
  const cidrs = new Set([...plan.nodes.map((n) => n.podCidr), ...extraCidrs, plan.bridgeCidr.replace(/\.1\/24$/, '.0/24')]);
  const routes = JSON.parse(await run('ip', ['-j', 'route', 'show'])) as Array<{ dst: string }>;
  return [
    ...(await listNetns()).filter((ns) => ns.startsWith(prefix)).map((ns) => `netns ${ns}`),
    ...(await listLinks()).filter((l) => l.ifname.startsWith(prefix)).map((l) => `link ${l.ifname}`),
    ...routes.filter((r) => cidrs.has(r.dst)).map((r) => `route ${r.dst}`),
  ];
}

/** /run/netns must be gone if our set-up made it and nobody else has a namespace there now. */
async function assertNetnsRunDirReleased(ownedAfterSetUp: boolean | undefined): Promise<void> {
  if (ownedAfterSetUp === true && (await listNetns()).length === 0) {
    assert.equal(await isMountPoint(NETNS_RUN_DIR), false, '/run/netns is still a mount');
    assert.equal(existsSync(NETNS_RUN_DIR), false, '/run/netns still exists');
  }
}

/**
 * A /32 from the node's pod CIDR on the node's own `lo`. (A `dummy` link would do the same, but this kernel is
 * built without CONFIG_DUMMY: `ip link add ... type dummy` says "Unknown device type".)
 */
async function addLocalPodAddress(node: NodeNetwork, address: string): Promise<void> {
  await ip(node.netns, ['addr', 'add', `${address}/32`, 'dev', 'lo']);
}

/** The kernel dismantles a deleted netns (and its veth pair) asynchronously; wait for that to finish. */
async function waitUntilLinkGone(name: string): Promise<void> {
  for (let i = 0; i < LINK_GONE_POLLS; i++) {
    if (!(await listLinks()).some((l) => l.ifname === name)) return;
    await sleep(LINK_GONE_POLL_MS);
  }
  assert.fail(`${name} still exists ${(LINK_GONE_POLLS * LINK_GONE_POLL_MS) / 1000} s after its netns was deleted`);
}

async function deleteNetnsIfPresent(netns: string): Promise<void> {
  if ((await listNetns()).includes(netns)) await run('ip', ['netns', 'del', netns]);
}

test('two nodes reach each other, the host reaches both, pod CIDRs are routed, teardown leaves nothing', async () => {
  const plan = testPlan();
  const [node1, node2] = plan.nodes as [NodeNetwork, NodeNetwork];
  const podNetns = `${prefixOf(plan)}-pod`;
  const forwardBefore = await hostIpForward();
  try {
    const returned = await setUpNodeNetwork(plan);
    assert.equal(returned, plan);
    const ownedAfterSetUp = plan.ownsNetnsRunDir;

    assert.equal(await pings(node1, node2.address), true, 'node 1 -> node 2');
    assert.equal(await pings(undefined, node1.address), true, 'host -> node 1');
    assert.equal(await pings(undefined, node2.address), true, 'host -> node 2');
    for (const node of plan.nodes) {
      const forward = await run('ip', ['netns', 'exec', node.netns, 'sysctl', '-n', 'net.ipv4.ip_forward']);
      assert.equal(forward.trim(), '1', `ip_forward inside ${node.netns}`);
    }
    assert.equal(await hostIpForward(), forwardBefore, 'host ip_forward changed by set-up');

    // A "pod" address that lives on node 2 itself: only the routes are needed.
    const dummyPod = podAddress(node2.podCidr, 2);
    await addLocalPodAddress(node2, dummyPod);
    assert.equal(await pings(node1, dummyPod), true, 'node 1 -> pod address on node 2');
    assert.equal(await pings(undefined, dummyPod), true, 'host -> pod address on node 2');

    // A pod in its own netns behind node 2, as CNI makes them: node 2 must forward.
    const gateway = podAddress(node2.podCidr, 1);
    const pod = podAddress(node2.podCidr, 3);
    await run('ip', ['netns', 'add', podNetns]);
    await ip(node2.netns, ['link', 'add', 'podveth', 'type', 'veth', 'peer', 'name', 'eth0', 'netns', podNetns]);
    await ip(node2.netns, ['addr', 'add', `${gateway}/24`, 'dev', 'podveth']);
    await ip(node2.netns, ['link', 'set', 'podveth', 'up']);
    await ip(podNetns, ['addr', 'add', `${pod}/24`, 'dev', 'eth0']);
    await ip(podNetns, ['link', 'set', 'eth0', 'up']);
    await ip(podNetns, ['route', 'add', 'default', 'via', gateway]);
    assert.equal(await pings(node1, pod), true, 'node 1 -> pod netns behind node 2');
    assert.equal(await pings(undefined, pod), true, 'host -> pod netns behind node 2');
    assert.equal(await pings(podNetns, node1.address), true, 'pod netns -> node 1');
    assert.equal(await pings(undefined, podAddress(node2.podCidr, 99)), false, 'an address nobody has must not answer');

    await deleteNetnsIfPresent(podNetns);
    await tearDownNodeNetwork(plan);
    assert.deepEqual(await leftovers(plan), []);
    assert.equal(await hostIpForward(), forwardBefore, 'host ip_forward changed by teardown');
    await assertNetnsRunDirReleased(ownedAfterSetUp);

    // A second teardown of the same plan finds nothing to do and succeeds.
    await tearDownNodeNetwork(plan);
  } finally {
    await deleteNetnsIfPresent(podNetns);
    await tearDownNodeNetwork(plan);
  }
});

test('a re-run after a netns and a route were lost repairs the network', async () => {
  const plan = testPlan();
  const [node1, node2] = plan.nodes as [NodeNetwork, NodeNetwork];
  try {
    await setUpNodeNetwork(plan);
    const ownedAfterSetUp = plan.ownsNetnsRunDir;
    // Simulate a crash: node 1's netns (and so its veth pair) and the host's route to node 2's pods are gone.
    await run('ip', ['netns', 'del', node1.netns]);
    await run('ip', ['route', 'del', node2.podCidr, 'via', node2.address]);
    await waitUntilLinkGone(node1.hostVeth);
    assert.equal(await pings(node2, node1.address), false, 'node 1 should be unreachable after the "crash"');
    assert.equal(await hasRouteVia(undefined, node2.podCidr, node2.address), false);

    await setUpNodeNetwork(plan);
    assert.equal(await pings(node2, node1.address), true, 'node 2 -> repaired node 1');
    assert.equal(await pings(node1, node2.address), true, 'repaired node 1 -> node 2');
    assert.equal(await hasRouteVia(undefined, node2.podCidr, node2.address), true, 'host route restored');
    assert.equal(await hasRouteVia(node1.netns, node2.podCidr, node2.address), true, 'route in the new node 1 netns');
    assert.equal(await hasRouteVia(node2.netns, node1.podCidr, node1.address), true, 'route in node 2 kept');
    // Still a proper pair: the host end is on the bridge.
    assert.equal((await listLinks()).find((l) => l.ifname === node1.hostVeth)?.master, plan.bridge);

    await tearDownNodeNetwork(plan);
    assert.deepEqual(await leftovers(plan), []);
    await assertNetnsRunDirReleased(ownedAfterSetUp);
  } finally {
    await tearDownNodeNetwork(plan);
  }
});

test('updatePodRoutes moves a node to another pod CIDR on the host and in the other nodes', async () => {
  let plan = testPlan();
  const oldCidr = plan.nodes[1]!.podCidr;
  let newCidr = oldCidr;
  while (newCidr === oldCidr || newCidr === plan.nodes[0]!.podCidr) newCidr = `10.244.${randomInt(100, 250)}.0/24`;
  try {
    await setUpNodeNetwork(plan);
    plan = await updatePodRoutes(plan, plan.nodes[1]!.name, newCidr);
    const [node1, node2] = plan.nodes as [NodeNetwork, NodeNetwork];
    assert.equal(node2.podCidr, newCidr);
    assert.equal(await hasRouteVia(undefined, oldCidr, node2.address), false, 'old host route removed');
    assert.equal(await hasRouteVia(node1.netns, oldCidr, node2.address), false, 'old node route removed');

    const podIp = podAddress(newCidr, 2);
    await addLocalPodAddress(node2, podIp);
    assert.equal(await pings(node1, podIp), true, 'node 1 -> node 2 pod in the new CIDR');
    assert.equal(await pings(undefined, podIp), true, 'host -> node 2 pod in the new CIDR');

    await assert.rejects(updatePodRoutes(plan, node2.name, node1.podCidr), /overlaps/);
    await assert.rejects(updatePodRoutes(plan, 'nope', newCidr), /not in the plan/);

    await tearDownNodeNetwork(plan);
    assert.deepEqual(await leftovers(plan, [oldCidr]), []);
  } finally {
    await tearDownNodeNetwork(plan);
  }
});

test('teardown removes the veths and bridge even while a process keeps a node netns alive', async () => {
  const plan = testPlan();
  const [node1] = plan.nodes as [NodeNetwork, NodeNetwork];
  await setUpNodeNetwork(plan);
  // Like a containerd that was not stopped: it holds node 1's network namespace after `ip netns del`.
  const holder = spawn('nsenter', [`--net=${nodeNetnsPath(node1)}`, 'sleep', '600'], { stdio: 'ignore' });
  try {
    await once(holder, 'spawn');
    await tearDownNodeNetwork(plan);
    assert.deepEqual(await leftovers(plan), []);
  } finally {
    holder.kill('SIGKILL');
    if (holder.exitCode === null && holder.signalCode === null) await once(holder, 'exit');
    await tearDownNodeNetwork(plan);
  }
});

test('tearing down a plan that was never set up succeeds and creates nothing', async () => {
  const plan = testPlan(3);
  const runDirBefore = existsSync(NETNS_RUN_DIR);
  await tearDownNodeNetwork(plan);
  assert.deepEqual(await leftovers(plan), []);
  // Teardown never runs `ip netns add`, so it cannot have made /run/netns.
  if (!runDirBefore) assert.equal(existsSync(NETNS_RUN_DIR), false);
});
