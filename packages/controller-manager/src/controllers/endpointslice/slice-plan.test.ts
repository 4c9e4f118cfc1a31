/** Unit tests of EndpointSlice planning: packing, in-place updates, deletions and the placeholder. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Endpoint, EndpointPort, EndpointSlice } from 'kubernetes-types/discovery/v1.js';
import { planSlices, type SlicePlanInput } from './slice-plan.js';
import { portsKey, type PortGroup } from './slice-endpoints.js';

const LABELS = { 'kubernetes.io/service-name': 'web', 'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io' };
const HTTP: EndpointPort[] = [{ name: 'http', port: 8080, protocol: 'TCP' }];

const ep = (i: number, ready = true): Endpoint => ({ addresses: [`10.0.${Math.floor(i / 250)}.${i % 250}`], conditions: { ready, serving: ready, terminating: false }, targetRef: { kind: 'Pod', name: `p${i}`, uid: `u${i}` } });
const range = (from: number, to: number): number[] => Array.from({ length: to - from }, (_, k) => from + k);
const group = (ports: EndpointPort[], ids: number[]): [string, PortGroup] => [portsKey(ports), { ports, endpoints: ids.map((i) => ep(i)) }];

let made = 0;
const slice = (name: string, ports: EndpointPort[], endpoints: Endpoint[], owner = 'svc-uid'): EndpointSlice => ({
  metadata: { name, labels: LABELS, ownerReferences: [{ apiVersion: 'v1', kind: 'Service', name: 'web', uid: owner, controller: true }] },
  addressType: 'IPv4',
  ports,
  endpoints,
});

function input(desired: [string, PortGroup][], existing: EndpointSlice[], max = 100): SlicePlanInput {
  return {
    desired: new Map(desired),
    existing,
    isOwned: (s) => s.metadata?.ownerReferences?.[0]?.uid === 'svc-uid',
    labels: LABELS,
    maxEndpointsPerSlice: max,
    newSlice: (ports, endpoints) => slice(`new-${made++}`, ports, endpoints),
  };
}

const names = (slices: EndpointSlice[]): string[] => slices.flatMap((s) => (s.endpoints ?? []).map((e) => e.targetRef?.name ?? ''));

test('a new service gets slices of at most the maximum size', () => {
  const plan = planSlices(input([group(HTTP, range(0, 250))], []));
  assert.deepEqual(plan.create.map((s) => s.endpoints?.length), [100, 100, 50]);
  assert.deepEqual(plan.update, []);
  assert.deepEqual(plan.delete, []);
});

test('an unchanged slice is left alone; changed endpoints are updated in place', () => {
  const existing = slice('web-a', HTTP, [ep(1), ep(2)]);
  assert.deepEqual(planSlices(input([group(HTTP, [1, 2])], [existing])), { create: [], update: [], delete: [] });
  const desired: [string, PortGroup] = [portsKey(HTTP), { ports: HTTP, endpoints: [ep(1), ep(2, false)] }];
  const plan = planSlices(input([desired], [existing]));
  assert.deepEqual(plan.create, []);
  assert.equal(plan.update.length, 1);
  assert.equal(plan.update[0]?.metadata?.name, 'web-a');
  assert.equal(plan.update[0]?.endpoints?.[1]?.conditions?.ready, false);
});

test('removed endpoints leave their slice; newcomers fill room before new slices; emptied slices are deleted', () => {
  const a = slice('web-a', HTTP, range(0, 100).map((i) => ep(i)));
  const b = slice('web-b', HTTP, [ep(100), ep(101)]);
  const plan = planSlices(input([group(HTTP, [...range(0, 99), 200])], [a, b]));
  assert.deepEqual(plan.delete.map((s) => s.metadata?.name), ['web-b']);
  assert.deepEqual(plan.update.map((s) => s.metadata?.name), ['web-a']);
  assert.equal(plan.update[0]?.endpoints?.length, 100, 'the freed place is taken by the newcomer');
  assert.deepEqual(plan.create, []);

  const reuse = planSlices(input([group(HTTP, [...range(0, 100), 200, 201])], [a, b]));
  assert.deepEqual(reuse.update.map((s) => s.metadata?.name), ['web-b'], 'an emptied slice is refilled rather than replaced');
  assert.deepEqual(names(reuse.update), ['p200', 'p201']);
  assert.deepEqual(reuse.delete, []);

  const full = planSlices(input([group(HTTP, [...range(0, 100), 100, 101, 102])], [a, b], 100));
  assert.deepEqual(names(full.update), ['p100', 'p101', 'p102'], 'room in web-b first');
  assert.deepEqual(full.create, []);
  const overflow = planSlices(input([group(HTTP, [0, 1, 2])], [slice('web-small', HTTP, [ep(0)])], 2));
  assert.deepEqual(names(overflow.update), ['p0', 'p1']);
  assert.deepEqual(names(overflow.create), ['p2'], 'no room left: a new slice');
});

test('slices of ports no longer wanted, of another owner or address type are deleted', () => {
  const grpc: EndpointPort[] = [{ name: 'grpc', port: 5000, protocol: 'TCP' }];
  const stalePorts = slice('web-old', grpc, [ep(1)]);
  const foreign = slice('web-foreign', HTTP, [ep(1)], 'old-uid');
  const ipv6 = { ...slice('web-v6', HTTP, [ep(1)]), addressType: 'IPv6' };
  const plan = planSlices(input([group(HTTP, [1])], [stalePorts, foreign, ipv6]));
  assert.deepEqual(plan.delete.map((s) => s.metadata?.name).sort(), ['web-foreign', 'web-old', 'web-v6']);
  assert.deepEqual(names(plan.create), ['p1']);
});

test('a service without endpoints keeps one empty placeholder slice', () => {
  const created = planSlices(input([], []));
  assert.equal(created.create.length, 1);
  assert.deepEqual(created.create[0]?.endpoints, []);
  const placeholder = slice('web-p', [], []);
  assert.deepEqual(planSlices(input([], [placeholder])), { create: [], update: [], delete: [] });
  const emptied = planSlices(input([], [slice('web-a', HTTP, [ep(1)])]));
  assert.deepEqual(emptied.delete.map((s) => s.metadata?.name), ['web-a']);
  assert.equal(emptied.create.length, 1, 'replaced by a placeholder');
});
