/** Integration: the Endpoints and EndpointSlice controllers against a real apiserver, scheduler and fake kubelet. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { StatusError } from '@skiff/api';
import type { ApiObject, ResourceClient, ResourceRef } from '@skiff/client';
import type { Endpoints, EndpointSubset, Pod, Service } from 'kubernetes-types/core/v1.js';
import type { Endpoint, EndpointSlice } from 'kubernetes-types/discovery/v1.js';
import { eventually, NODES, withControllers } from '../../testing/int-env.js';
import { isControlledBy } from '../common/index.js';
import { desiredPortGroups, endpointSliceController, ENDPOINT_SLICES, MAX_ENDPOINTS_PER_SLICE, planSlices, sliceLabels } from '../endpointslice/index.js';
import { endpointSubsets } from './endpoints-subsets.js';
import { semanticEqual } from './semantic-equal.js';
import { endpointsController, ENDPOINTS } from './endpoints-controller.js';
import { LAST_CHANGE_TRIGGER_TIME_ANNOTATION, PODS, SERVICES } from './pod-endpoints.js';

const NS = 'ep-test';

type Obj<T> = T & ApiObject;

function pod(name: string, labels: Record<string, string>, ports: { name: string; containerPort: number }[]): Obj<Pod> {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: NS, labels },
    spec: { containers: [{ name: 'c', image: 'nginx', ports }] },
  };
}

function service(name: string, spec: Service['spec'], labels: Record<string, string> = {}): Obj<Service> {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: NS, labels }, spec };
}

async function tryGet<T extends ApiObject>(client: ResourceClient, ref: ResourceRef, name: string, ns = NS): Promise<T | undefined> {
  try {
    return await client.get<T>(ref, ns, name);
  } catch (err) {
    if (err instanceof StatusError && err.reason === 'NotFound') return undefined;
    throw err;
  }
}

async function slicesOf(client: ResourceClient, svc: string): Promise<Obj<EndpointSlice>[]> {
  return (await client.list<Obj<EndpointSlice>>(ENDPOINT_SLICES, NS, { labelSelector: `kubernetes.io/service-name=${svc}` })).items;
}

/** Pod names per address list of the subsets, e.g. `{ ready: ['web-1'], notReady: [] }`, sorted. */
function addressNames(subsets: EndpointSubset[] | undefined): { ready: string[]; notReady: string[] } {
  const names = (list: EndpointSubset['addresses']): string[] => (list ?? []).map((a) => a.targetRef?.name ?? '?');
  return {
    ready: (subsets ?? []).flatMap((s) => names(s.addresses)).sort(),
    notReady: (subsets ?? []).flatMap((s) => names(s.notReadyAddresses)).sort(),
  };
}

function sliceEndpoints(slices: EndpointSlice[]): Endpoint[] {
  return slices.flatMap((s) => s.endpoints ?? []).sort((a, b) => (a.targetRef?.name ?? '').localeCompare(b.targetRef?.name ?? ''));
}

/** Polls until the Endpoints named `name` satisfies `ok`. */
function endpointsWhere(client: ResourceClient, name: string, what: string, ok: (ep: Obj<Endpoints>) => boolean): Promise<Obj<Endpoints>> {
  return eventually(what, async () => {
    const ep = await tryGet<Obj<Endpoints>>(client, ENDPOINTS, name);
    return ep && ok(ep) ? ep : undefined;
  });
}

/** Polls until the slices of `svc` satisfy `ok`. */
function slicesWhere(client: ResourceClient, svc: string, what: string, ok: (slices: Obj<EndpointSlice>[]) => boolean): Promise<Obj<EndpointSlice>[]> {
  return eventually(what, async () => {
    const slices = await slicesOf(client, svc);
    return ok(slices) ? slices : undefined;
  });
}

const httpPort = [{ name: 'http', containerPort: 8080 }];

test('endpoints and endpointslice controllers follow pods and services', async () => {
  await withControllers(
    {
      descriptors: [endpointsController, endpointSliceController],
      nodes: ['n1'],
      namespaces: [NS],
      // One worker each: keys are synced in the order they were queued, which the "gets nothing" cases rely on.
      settings: { concurrentEndpointSyncs: 1 },
      kubelet: { ready: (p) => p.metadata?.labels?.['start'] !== 'unready' },
    },
    async ({ rest }) => {
      await rest.patch(NODES, undefined, 'n1', 'merge', { metadata: { labels: { 'topology.kubernetes.io/zone': 'zone-a' } } });
      // The test apiserver serves on loopback, so its `kubernetes` Service (no selector) has no Endpoints: none may appear.
      assert.ok(await tryGet(rest, SERVICES, 'kubernetes', 'default'), 'default/kubernetes Service exists');

      // Pods and a service selecting them, with a named target port resolved in each pod.
      for (const name of ['web-1', 'web-2']) await rest.create(PODS, NS, pod(name, { app: 'web' }, httpPort));
      await rest.create(PODS, NS, pod('other', { app: 'other' }, httpPort));
      const web = await rest.create<Obj<Service>>(
        SERVICES,
        NS,
        service('web', { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP', appProtocol: 'http' }] }, { tier: 'front' }),
      );

      const ep = await endpointsWhere(rest, 'web', 'Endpoints web with both pods ready', (e) => addressNames(e.subsets).ready.length === 2);
      assert.equal(ep.subsets?.length, 1);
      assert.deepEqual(ep.subsets?.[0]?.ports, [{ name: 'http', port: 8080, protocol: 'TCP', appProtocol: 'http' }]);
      assert.deepEqual(addressNames(ep.subsets), { ready: ['web-1', 'web-2'], notReady: [] });
      const web1 = await rest.get<Obj<Pod>>(PODS, NS, 'web-1');
      const addr1 = ep.subsets?.[0]?.addresses?.find((a) => a.targetRef?.name === 'web-1');
      assert.deepEqual(addr1, { ip: web1.status?.podIP, nodeName: 'n1', targetRef: { kind: 'Pod', namespace: NS, name: 'web-1', uid: web1.metadata?.uid } });
      assert.equal(ep.metadata?.labels?.['tier'], 'front');
      assert.ok(ep.metadata?.annotations?.[LAST_CHANGE_TRIGGER_TIME_ANNOTATION], 'last-change-trigger-time set');

      const [slice] = await slicesWhere(rest, 'web', 'one EndpointSlice with both pods ready', (s) => s.length === 1 && sliceEndpoints(s).filter((e) => e.conditions?.ready).length === 2);
      assert.ok(slice);
      assert.equal(slice.addressType, 'IPv4');
      assert.ok(slice.metadata?.name?.startsWith('web-'), `generated name ${slice.metadata?.name}`);
      assert.equal(slice.metadata?.labels?.['kubernetes.io/service-name'], 'web');
      assert.equal(slice.metadata?.labels?.['endpointslice.kubernetes.io/managed-by'], 'endpointslice-controller.k8s.io');
      assert.equal(slice.metadata?.labels?.['tier'], 'front');
      assert.deepEqual(
        slice.metadata?.ownerReferences?.map((r) => ({ kind: r.kind, name: r.name, uid: r.uid, controller: r.controller })),
        [{ kind: 'Service', name: 'web', uid: web.metadata?.uid, controller: true }],
      );
      assert.deepEqual(slice.ports, [{ name: 'http', port: 8080, protocol: 'TCP', appProtocol: 'http' }]);
      const e1 = sliceEndpoints([slice]).find((e) => e.targetRef?.name === 'web-1');
      assert.deepEqual(e1, {
        addresses: [web1.status?.podIP],
        conditions: { ready: true, serving: true, terminating: false },
        nodeName: 'n1',
        zone: 'zone-a',
        targetRef: { kind: 'Pod', namespace: NS, name: 'web-1', uid: web1.metadata?.uid },
      });

      // A second service over the same pods publishing not-ready addresses.
      await rest.create(SERVICES, NS, service('web-all', { selector: { app: 'web' }, publishNotReadyAddresses: true, ports: [{ port: 80, targetPort: 8080, protocol: 'TCP' }] }));
      await endpointsWhere(rest, 'web-all', 'Endpoints web-all', (e) => addressNames(e.subsets).ready.length === 2);

      // web-2 turns not ready.
      const now = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
      const conditions = [
        { type: 'Initialized', status: 'True', lastTransitionTime: now },
        { type: 'Ready', status: 'False', lastTransitionTime: now },
        { type: 'ContainersReady', status: 'False', lastTransitionTime: now },
      ];
      await rest.patch(PODS, NS, 'web-2', 'merge', { status: { conditions } }, { subresource: 'status' });
      await endpointsWhere(rest, 'web', 'web-2 in notReadyAddresses', (e) => addressNames(e.subsets).notReady.includes('web-2'));
      assert.deepEqual(addressNames((await rest.get<Obj<Endpoints>>(ENDPOINTS, NS, 'web')).subsets), { ready: ['web-1'], notReady: ['web-2'] });
      await slicesWhere(rest, 'web', 'web-2 not ready in the slice', (s) => {
        const e2 = sliceEndpoints(s).find((e) => e.targetRef?.name === 'web-2');
        return e2?.conditions?.ready === false && e2.conditions.serving === false && e2.conditions.terminating === false;
      });
      // publishNotReadyAddresses: web-2 stays an address and a ready endpoint (but not serving).
      await slicesWhere(rest, 'web-all', 'web-2 ready but not serving in web-all', (s) => {
        const e2 = sliceEndpoints(s).find((e) => e.targetRef?.name === 'web-2');
        return e2?.conditions?.ready === true && e2.conditions.serving === false;
      });
      assert.deepEqual(addressNames((await rest.get<Obj<Endpoints>>(ENDPOINTS, NS, 'web-all')).subsets), { ready: ['web-1', 'web-2'], notReady: [] });

      // A pod that was never ready starts out in notReadyAddresses.
      await rest.create(PODS, NS, pod('web-3', { app: 'web', start: 'unready' }, httpPort));
      await endpointsWhere(rest, 'web', 'web-3 not ready', (e) => addressNames(e.subsets).notReady.includes('web-3'));

      // Deleting a pod removes it everywhere.
      await rest.delete(PODS, NS, 'web-1');
      await endpointsWhere(rest, 'web', 'web-1 gone from Endpoints', (e) => !JSON.stringify(addressNames(e.subsets)).includes('web-1'));
      await slicesWhere(rest, 'web', 'web-1 gone from the slices', (s) => s.length === 1 && !sliceEndpoints(s).some((e) => e.targetRef?.name === 'web-1'));

      // Named ports are resolved per pod: pods with another number, or without the name, land apart.
      await rest.create(PODS, NS, pod('mix-a', { app: 'mix' }, [{ name: 'http', containerPort: 8080 }]));
      await rest.create(PODS, NS, pod('mix-b', { app: 'mix' }, [{ name: 'http', containerPort: 9090 }]));
      await rest.create(PODS, NS, pod('mix-c', { app: 'mix' }, [{ name: 'grpc', containerPort: 5000 }]));
      await rest.create(SERVICES, NS, service('mix', { selector: { app: 'mix' }, ports: [{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' }] }));
      const mix = await endpointsWhere(rest, 'mix', 'Endpoints mix', (e) => addressNames(e.subsets).ready.length === 2);
      const byPort = new Map((mix.subsets ?? []).map((s) => [s.ports?.[0]?.port, (s.addresses ?? []).map((a) => a.targetRef?.name)]));
      assert.deepEqual([...byPort.entries()].sort(), [[8080, ['mix-a']], [9090, ['mix-b']]]);
      const mixSlices = await slicesWhere(rest, 'mix', 'mix slices by port', (s) => sliceEndpoints(s).length === 3);
      const sliceByPort = mixSlices.map((s) => [s.ports?.[0]?.port ?? 'none', (s.endpoints ?? []).map((e) => e.targetRef?.name)] as const);
      assert.deepEqual(sliceByPort.sort(), [[8080, ['mix-a']], [9090, ['mix-b']], ['none', ['mix-c']]]);
      // Steady state: recomputing from the server's own objects asks for no write (no update loop on round-trip differences).
      const mixSvc = await rest.get<Obj<Service>>(SERVICES, NS, 'mix');
      const mixPods = (await rest.list<Obj<Pod>>(PODS, NS, { labelSelector: 'app=mix' })).items;
      assert.ok(semanticEqual(mix.subsets, endpointSubsets(mixSvc, mixPods)), 'stored subsets equal the desired ones');
      const replan = planSlices({
        desired: desiredPortGroups(mixSvc, mixPods, () => 'zone-a'),
        existing: mixSlices,
        isOwned: (s) => isControlledBy(s, { apiVersion: 'v1', kind: 'Service', metadata: mixSvc.metadata ?? {} }),
        labels: sliceLabels(mixSvc),
        maxEndpointsPerSlice: MAX_ENDPOINTS_PER_SLICE,
        newSlice: () => assert.fail('no new slice expected'),
      });
      assert.deepEqual(replan, { create: [], update: [], delete: [] });

      // Deleting the service removes its Endpoints and slices.
      await rest.delete(SERVICES, NS, 'web');
      await eventually('Endpoints web deleted', async () => ((await tryGet(rest, ENDPOINTS, 'web')) === undefined ? true : undefined));
      await eventually('slices of web deleted', async () => ((await slicesOf(rest, 'web')).length === 0 ? true : undefined));

      // Services without a selector, or of type ExternalName, get nothing; a later service shows they were synced.
      await rest.create(SERVICES, NS, service('manual', { ports: [{ port: 80, protocol: 'TCP' }] }));
      await rest.create(SERVICES, NS, service('ext', { type: 'ExternalName', externalName: 'example.com', selector: { app: 'web' } }));
      await rest.create(SERVICES, NS, service('empty', { selector: { app: 'nobody' }, ports: [{ port: 80, protocol: 'TCP' }] }));
      const empty = await endpointsWhere(rest, 'empty', 'Endpoints of the sentinel service', () => true);
      assert.deepEqual(empty.subsets ?? [], []);
      const placeholder = await slicesWhere(rest, 'empty', 'placeholder slice of the sentinel service', (s) => s.length === 1);
      assert.deepEqual(placeholder[0]?.endpoints ?? [], []);
      assert.equal(await tryGet(rest, ENDPOINTS, 'manual'), undefined);
      assert.equal(await tryGet(rest, ENDPOINTS, 'ext'), undefined);
      assert.deepEqual(await slicesOf(rest, 'manual'), []);
      assert.deepEqual(await slicesOf(rest, 'ext'), []);
      assert.equal(await tryGet(rest, ENDPOINTS, 'kubernetes', 'default'), undefined, 'default/kubernetes Endpoints left alone');

      // A deleted Endpoints of a live service comes back.
      await rest.delete(ENDPOINTS, NS, 'mix');
      await endpointsWhere(rest, 'mix', 'Endpoints mix recreated', (e) => addressNames(e.subsets).ready.length === 2);
    },
  );
});
