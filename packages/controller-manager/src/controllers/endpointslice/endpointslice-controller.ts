/** The EndpointSlice controller: keeps the EndpointSlices of every selector-bearing service listing the pods it selects. */
import { selectorFromSet, StatusError } from '@skiff/api';
import type { ApiObject, ResourceRef } from '@skiff/client';
import { type Controller, objectOf, splitKey } from '@skiff/runtime';
import type { Node } from 'kubernetes-types/core/v1.js';
import type { Endpoint, EndpointPort, EndpointSlice } from 'kubernetes-types/discovery/v1.js';
import type { ControllerContext, ControllerDescriptor, RunnableController } from '../../manager/controller-context.js';
import { isControlledBy, newControllerRef } from '../common/index.js';
import {
  HEADLESS_SERVICE_LABEL,
  isHeadless,
  LAST_CHANGE_TRIGGER_TIME_ANNOTATION,
  podsForService,
  servesEndpoints,
  TriggerTimeTracker,
  watchServicesAndPods,
  type ServiceObject,
} from '../endpoints/index.js';
import { desiredPortGroups, ZONE_LABEL } from './slice-endpoints.js';
import { ADDRESS_TYPE, planSlices } from './slice-plan.js';
import { SliceTracker } from './slice-tracker.js';

export const ENDPOINT_SLICES: ResourceRef = { group: 'discovery.k8s.io', version: 'v1', resource: 'endpointslices', namespaced: true };
const NODES: ResourceRef = { group: '', version: 'v1', resource: 'nodes', namespaced: false };
/** The component name events are reported under (kube-controller-manager's). */
export const ENDPOINTSLICE_CONTROLLER_NAME = 'endpointslice-controller';
export const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';
export const MANAGED_BY_LABEL = 'endpointslice.kubernetes.io/managed-by';
/** The managed-by value of this controller's slices (Kubernetes' own, so other tools recognise them). */
export const MANAGED_BY = 'endpointslice-controller.k8s.io';
/** kube-controller-manager's --max-endpoints-per-slice default. */
export const MAX_ENDPOINTS_PER_SLICE = 100;

type SliceObject = EndpointSlice & ApiObject;

function isNotFound(err: unknown): boolean {
  return err instanceof StatusError && err.reason === 'NotFound';
}

/** The labels of a service's slices: the service's (reserved ones aside), headless, service name and manager. */
export function sliceLabels(svc: ServiceObject): Record<string, string> {
  const labels: Record<string, string> = { ...(svc.metadata?.labels ?? {}) };
  for (const reserved of [SERVICE_NAME_LABEL, MANAGED_BY_LABEL, HEADLESS_SERVICE_LABEL]) delete labels[reserved];
  if (isHeadless(svc)) labels[HEADLESS_SERVICE_LABEL] = '';
  labels[SERVICE_NAME_LABEL] = svc.metadata?.name ?? '';
  labels[MANAGED_BY_LABEL] = MANAGED_BY;
  return labels;
}

function build(ctx: ControllerContext): RunnableController {
  const recorder = ctx.recorder(ENDPOINTSLICE_CONTROLLER_NAME);
  const triggerTimes = new TriggerTimeTracker();
  const sliceTracker = new SliceTracker();
  const slices = ctx.informers.forResource<SliceObject>(ENDPOINT_SLICES);
  const nodes = ctx.informers.forResource<Node & ApiObject>(NODES);
  const controller: Controller = ctx.newController(ENDPOINTSLICE_CONTROLLER_NAME, ctx.settings.concurrentEndpointSyncs, (key) => sync(key));
  const listers = watchServicesAndPods(ctx, (key) => controller.enqueue(key));
  const serviceKeyOf = (slice: SliceObject): string | undefined => {
    const labels = slice.metadata?.labels ?? {};
    const svc = labels[SERVICE_NAME_LABEL];
    return labels[MANAGED_BY_LABEL] === MANAGED_BY && svc ? `${slice.metadata?.namespace ?? ''}/${svc}` : undefined;
  };
  // Changes to our slices (ours or anyone's) bring the service back in line; a deletion also settles the tracker.
  slices.addEventHandler({
    onAdd: (s) => {
      const key = serviceKeyOf(s);
      if (key) controller.enqueue(key);
    },
    onUpdate: (_o, s) => {
      const key = serviceKeyOf(s);
      if (key) controller.enqueue(key);
    },
    onDelete: (d) => {
      const s = objectOf(d);
      const key = serviceKeyOf(s);
      if (!key) return;
      sliceTracker.observedDeletion(key, s.metadata?.name ?? '');
      controller.enqueue(key);
    },
  });
  const zoneOf = (nodeName: string): string | undefined => nodes.lister.get(nodeName)?.metadata?.labels?.[ZONE_LABEL];

  function managedSlices(namespace: string, service: string): SliceObject[] {
    return slices.lister.listByNamespace(namespace, selectorFromSet({ [SERVICE_NAME_LABEL]: service, [MANAGED_BY_LABEL]: MANAGED_BY }));
  }

  async function deleteSlice(key: string, slice: SliceObject): Promise<void> {
    const m = slice.metadata ?? {};
    try {
      await ctx.client.delete(ENDPOINT_SLICES, m.namespace, m.name ?? '', m.uid ? { preconditions: { uid: m.uid } } : {});
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
    sliceTracker.deleted(key, m.name ?? '');
  }

  async function sync(key: string): Promise<void> {
    const { namespace = '', name } = splitKey(key);
    const svc = listers.services.get(key);
    if (!svc) {
      // The garbage collector would remove them through their owner reference; doing it here does not wait for it.
      triggerTimes.deleteService(key);
      for (const slice of managedSlices(namespace, name)) if (!slice.metadata?.deletionTimestamp) await deleteSlice(key, slice);
      return;
    }
    if (!servesEndpoints(svc)) return;
    const cached = managedSlices(namespace, name);
    if (sliceTracker.isStale(key, cached)) throw new Error(`EndpointSlice informer cache is out of date for service ${key}`);
    const pods = podsForService(listers.pods, svc);
    const { triggerTime, commit } = triggerTimes.compute(key, svc, pods);
    const labels = sliceLabels(svc);
    const owner = { apiVersion: 'v1', kind: 'Service', metadata: svc.metadata ?? {} };
    const plan = planSlices({
      desired: desiredPortGroups(svc, pods, zoneOf),
      existing: cached.filter((s) => !s.metadata?.deletionTimestamp),
      isOwned: (s) => isControlledBy(s, owner),
      labels,
      maxEndpointsPerSlice: MAX_ENDPOINTS_PER_SLICE,
      newSlice: (ports: EndpointPort[], endpoints: Endpoint[]): SliceObject => ({
        apiVersion: 'discovery.k8s.io/v1',
        kind: 'EndpointSlice',
        metadata: { generateName: `${name}-`, namespace, labels, ownerReferences: [newControllerRef(owner)] },
        addressType: ADDRESS_TYPE,
        endpoints,
        ports,
      }),
    });
    const annotate = (s: EndpointSlice): SliceObject => {
      const annotations = { ...(s.metadata?.annotations ?? {}) };
      if (triggerTime) annotations[LAST_CHANGE_TRIGGER_TIME_ANNOTATION] = triggerTime;
      else delete annotations[LAST_CHANGE_TRIGGER_TIME_ANNOTATION];
      return { ...s, metadata: { ...s.metadata, annotations } } as SliceObject;
    };
    try {
      // Creates first, deletes last: a client never sees fewer endpoints than before while the writes land.
      // No new slices for a service being deleted: the garbage collector would have to chase them.
      if (!svc.metadata?.deletionTimestamp) {
        for (const s of plan.create) sliceTracker.written(key, await ctx.client.create<SliceObject>(ENDPOINT_SLICES, namespace, annotate(s)));
      }
      for (const s of plan.update) sliceTracker.written(key, await ctx.client.update<SliceObject>(ENDPOINT_SLICES, namespace, annotate(s)));
      for (const s of plan.delete) await deleteSlice(key, s as SliceObject);
    } catch (err) {
      if (!(err instanceof StatusError && (err.reason === 'Conflict' || err.reason === 'AlreadyExists'))) {
        recorder.event({ ...svc, apiVersion: 'v1', kind: 'Service' }, 'Warning', 'FailedToUpdateEndpointSlices', `Error updating Endpoint Slices for Service ${key}: ${String(err)}`);
      }
      throw err;
    }
    commit();
    if (plan.create.length + plan.update.length + plan.delete.length > 0) {
      ctx.logger.debug({ service: key, created: plan.create.length, updated: plan.update.length, deleted: plan.delete.length }, 'synced endpointslices');
    }
  }

  return { start: () => controller.start(), stop: () => controller.stop() };
}

/** kube-controller-manager's `endpointslice-controller` (old name `endpointslice`). */
export const endpointSliceController: ControllerDescriptor = {
  name: ENDPOINTSLICE_CONTROLLER_NAME,
  aliases: ['endpointslice'],
  build,
};
