/** Unit tests of the node network plan: names, addresses, pod CIDRs and what is refused. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nodeAddressCidr, nodeNetnsPath, planNodeNetwork } from './node-network-plan.js';

test('the default plan follows the facts layout', () => {
  const plan = planNodeNetwork(2);
  assert.deepEqual(plan, {
    bridge: 'skiff-br',
    bridgeCidr: '10.250.0.1/24',
    nodes: [
      { name: 'skiff-node-1', netns: 'skiff-node-1', hostVeth: 'skiff-v1', address: '10.250.0.11', podCidr: '10.244.1.0/24' },
      { name: 'skiff-node-2', netns: 'skiff-node-2', hostVeth: 'skiff-v2', address: '10.250.0.12', podCidr: '10.244.2.0/24' },
    ],
  });
  assert.equal(nodeNetnsPath(plan.nodes[1]!), '/run/netns/skiff-node-2');
  assert.equal(nodeAddressCidr(plan, plan.nodes[0]!), '10.250.0.11/24');
});

test('prefix, node subnet and pod CIDRs are taken from the options', () => {
  const plan = planNodeNetwork(2, { prefix: 'sk1a2b', nodeSubnet: '10.250.142.0/24', podCidrs: ['10.244.200.0/24', '10.244.7.0/24', '10.244.9.0/24'] });
  assert.equal(plan.bridge, 'sk1a2b-br');
  assert.equal(plan.bridgeCidr, '10.250.142.1/24');
  assert.deepEqual(
    plan.nodes.map((n) => [n.netns, n.hostVeth, n.address, n.podCidr]),
    [
      ['sk1a2b-node-1', 'sk1a2b-v1', '10.250.142.11', '10.244.200.0/24'],
      ['sk1a2b-node-2', 'sk1a2b-v2', '10.250.142.12', '10.244.7.0/24'],
    ],
  );
});

test('interface names longer than 15 characters are refused', () => {
  assert.throws(() => planNodeNetwork(1, { prefix: 'averylongprefix' }), /longer than 15/);
  // 'abcdefghijkl-v10' is 16 characters: the tenth node's veth does not fit.
  assert.doesNotThrow(() => planNodeNetwork(9, { prefix: 'abcdefghijkl' }));
  assert.throws(() => planNodeNetwork(10, { prefix: 'abcdefghijkl' }), /"abcdefghijkl-v10" is longer than 15/);
});

test('bad input is refused', () => {
  assert.throws(() => planNodeNetwork(0), /positive integer/);
  assert.throws(() => planNodeNetwork(1.5), /positive integer/);
  assert.throws(() => planNodeNetwork(1, { prefix: 'Bad_Name' }), /must match/);
  assert.throws(() => planNodeNetwork(1, { nodeSubnet: '10.250.0.1/24' }), /host bits/);
  assert.throws(() => planNodeNetwork(1, { nodeSubnet: '10.250.0.0/33' }), /invalid IPv4 CIDR/);
  assert.throws(() => planNodeNetwork(1, { nodeSubnet: '10.250.0.0/29' }), /too small/);
  assert.throws(() => planNodeNetwork(3, { podCidrs: ['10.244.1.0/24', '10.244.2.0/24'] }), /need 3 pod CIDRs/);
  assert.throws(() => planNodeNetwork(2, { podCidrs: ['10.244.0.0/16', '10.244.2.0/24'] }), /overlap/);
  assert.throws(() => planNodeNetwork(1, { podCidrs: ['10.250.0.0/16'] }), /overlaps the node subnet/);
  assert.throws(() => planNodeNetwork(1, { podCidrs: ['10.244.256.0/24'] }), /invalid IPv4 address/);
});

test('a /28 node subnet holds as many nodes as fit below its broadcast address', () => {
  // .0 network, .1 bridge, .11-.14 nodes, .15 broadcast.
  assert.equal(planNodeNetwork(4, { nodeSubnet: '10.250.0.0/28' }).nodes[3]!.address, '10.250.0.14');
  assert.throws(() => planNodeNetwork(5, { nodeSubnet: '10.250.0.0/28' }), /too small/);
});
