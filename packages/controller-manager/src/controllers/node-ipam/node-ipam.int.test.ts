/** Integration tests of node IPAM against a real apiserver: distinct CIDRs under a burst, across a restart, exhaustion and release. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Event, Node } from 'kubernetes-types/core/v1.js';
import type { ApiObject, ResourceClient, ResourceRef } from '@skiff/client';
import { eventually, nodeObject, NODES, withControllers } from '../../testing/int-env.js';
import { nodeIpamController } from './index.js';

const EVENTS: ResourceRef = { group: '', version: 'v1', resource: 'events', namespaced: true };
/** 32 subnets of /24: room for the burst, the node after the restart and a few more, small enough to exhaust. */
const CLUSTER_CIDR = '10.244.0.0/19';

async function cidrsOf(rest: ResourceClient, names: string[]): Promise<Map<string, string> | undefined> {
  const nodes = (await rest.list<Node & ApiObject>(NODES, undefined)).items.filter((n) => names.includes(n.metadata?.name ?? ''));
  const out = new Map<string, string>();
  for (const n of nodes) {
    if (!n.spec?.podCIDR) return undefined;
    assert.deepEqual(n.spec.podCIDRs, [n.spec.podCIDR]);
    out.set(n.metadata!.name!, n.spec.podCIDR);
  }
  return out.size === names.length ? out : undefined;
}

test('node IPAM: distinct /24s for a burst of nodes, none reused after a restart, exhaustion reported, freed CIDRs handed out again', async () => {
  await withControllers({ descriptors: [nodeIpamController], settings: { clusterCidr: CLUSTER_CIDR, nodeCidrMaskSize: 24 } }, async (env) => {
    const { rest } = env;
    const burst = Array.from({ length: 20 }, (_, i) => `burst-${i}`);
    await Promise.all(burst.map((n) => rest.create(NODES, undefined, nodeObject(n))));
    const first = await eventually('every burst node to get a pod CIDR', () => cidrsOf(rest, burst));
    assert.equal(new Set(first.values()).size, 20);
    for (const cidr of first.values()) assert.match(cidr, /^10\.244\.([0-9]|[12][0-9]|3[01])\.0\/24$/);

    await env.restartManager();
    await rest.create(NODES, undefined, nodeObject('after-restart'));
    const late = await eventually('the node created after the restart to get a pod CIDR', () => cidrsOf(rest, ['after-restart']));
    assert.ok(![...first.values()].includes(late.get('after-restart')!), 'a CIDR held by an existing node was handed out again');

    const rest11 = Array.from({ length: 11 }, (_, i) => `fill-${i}`);
    await Promise.all(rest11.map((n) => rest.create(NODES, undefined, nodeObject(n))));
    const all = await eventually('the range to fill up', () => cidrsOf(rest, [...burst, 'after-restart', ...rest11]));
    assert.equal(new Set(all.values()).size, 32);

    await rest.create(NODES, undefined, nodeObject('one-too-many'));
    await eventually('a CIDRNotAvailable event on the node left without a CIDR', async () => {
      const events = await rest.list<Event & ApiObject>(EVENTS, 'default');
      return events.items.find((e) => e.reason === 'CIDRNotAvailable' && e.involvedObject.name === 'one-too-many');
    });
    assert.equal((await rest.get<Node & ApiObject>(NODES, undefined, 'one-too-many')).spec?.podCIDR, undefined);

    const freed = all.get('burst-7')!;
    await rest.delete(NODES, undefined, 'burst-7');
    const got = await eventually('the waiting node to get the freed CIDR', () => cidrsOf(rest, ['one-too-many']));
    assert.equal(got.get('one-too-many'), freed);
  });
});
