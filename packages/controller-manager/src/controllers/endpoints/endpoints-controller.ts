/** The Endpoints controller: keeps an Endpoints object, named as its service, listing the pods each selector-bearing service selects. */
import { StatusError } from '@skiff/api';
import type { ApiObject, ResourceRef } from '@skiff/client';
import { type Controller, objectOf, splitKey, keyOf } from '@skiff/runtime';
import type { Endpoints } from 'kubernetes-types/core/v1.js';
import type { ControllerContext, ControllerDescriptor, RunnableController } from '../../manager/controller-context.js';
import { endpointSubsets } from './endpoints-subsets.js';
import { HEADLESS_SERVICE_LABEL, isHeadless, LAST_CHANGE_TRIGGER_TIME_ANNOTATION, podsForService, servesEndpoints, type ServiceObject } from './pod-endpoints.js';
import { semanticEqual } from './semantic-equal.js';
import { watchServicesAndPods } from './service-pod-handlers.js';
import { TriggerTimeTracker } from './trigger-time-tracker.js';

export const ENDPOINTS: ResourceRef = { group: '', version: 'v1', resource: 'endpoints', namespaced: true };
/** The component name events are reported under (kube-controller-manager's). */
export const ENDPOINTS_CONTROLLER_NAME = 'endpoints-controller';

type EndpointsObject = Endpoints & ApiObject;

function isNotFound(err: unknown): boolean {
  return err instanceof StatusError && err.reason === 'NotFound';
}

/** The labels of a service's Endpoints: the service's, plus the headless label for a headless service. */
function endpointsLabels(svc: ServiceObject): Record<string, string> {
  const labels: Record<string, string> = { ...(svc.metadata?.labels ?? {}) };
  if (isHeadless(svc)) labels[HEADLESS_SERVICE_LABEL] = '';
  else delete labels[HEADLESS_SERVICE_LABEL];
  return labels;
}

function build(ctx: ControllerContext): RunnableController {
  const recorder = ctx.recorder(ENDPOINTS_CONTROLLER_NAME);
  const tracker = new TriggerTimeTracker();
  const endpointsInformer = ctx.informers.forResource<EndpointsObject>(ENDPOINTS);
  const controller: Controller = ctx.newController(ENDPOINTS_CONTROLLER_NAME, ctx.settings.concurrentEndpointSyncs, (key) => sync(key));
  const listers = watchServicesAndPods(ctx, (key) => controller.enqueue(key));
  // Someone deleted an Endpoints we keep: recreate it (the sync finds nothing to do for other services).
  endpointsInformer.addEventHandler({ onDelete: (ep) => controller.enqueue(keyOf(objectOf(ep))) });

  async function sync(key: string): Promise<void> {
    const { namespace, name } = splitKey(key);
    const svc = listers.services.get(key);
    if (!svc) {
      tracker.deleteService(key);
      try {
        await ctx.client.delete(ENDPOINTS, namespace, name);
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
      return;
    }
    if (!servesEndpoints(svc)) return;
    const pods = podsForService(listers.pods, svc);
    const subsets = endpointSubsets(svc, pods);
    const { triggerTime, commit } = tracker.compute(key, svc, pods);
    const labels = endpointsLabels(svc);
    const current = endpointsInformer.lister.get(key);
    if (current && semanticEqual(current.subsets, subsets) && semanticEqual(current.metadata?.labels, labels)) {
      commit();
      return;
    }

    const annotations: Record<string, string> = { ...(current?.metadata?.annotations ?? {}) };
    if (triggerTime) annotations[LAST_CHANGE_TRIGGER_TIME_ANNOTATION] = triggerTime;
    else delete annotations[LAST_CHANGE_TRIGGER_TIME_ANNOTATION];
    const desired: EndpointsObject = {
      apiVersion: 'v1',
      kind: 'Endpoints',
      // Updating keeps the stored metadata (resourceVersion for the compare-and-swap); creating starts afresh.
      metadata: {
        ...(current ? current.metadata : {}),
        name,
        namespace,
        labels,
        annotations,
      },
      subsets,
    };
    try {
      if (current) await ctx.client.update(ENDPOINTS, namespace, desired);
      else await ctx.client.create(ENDPOINTS, namespace, desired);
    } catch (err) {
      // A stale cache (Conflict, AlreadyExists) fixes itself on the retry; say so only for real failures, as Kubernetes does.
      if (!(err instanceof StatusError && (err.reason === 'Conflict' || err.reason === 'AlreadyExists'))) {
        const ref = { ...svc, apiVersion: 'v1', kind: 'Service' };
        if (current) recorder.event(ref, 'Warning', 'FailedToUpdateEndpoint', `Failed to update endpoint ${key}: ${String(err)}`);
        else recorder.event(ref, 'Warning', 'FailedToCreateEndpoint', `Failed to create endpoint for service ${key}: ${String(err)}`);
      }
      throw err;
    }
    commit();
    ctx.logger.debug({ service: key, subsets: subsets.length }, 'synced endpoints');
  }

  return { start: () => controller.start(), stop: () => controller.stop() };
}

/** kube-controller-manager's `endpoints-controller` (old name `endpoint`). */
export const endpointsController: ControllerDescriptor = {
  name: ENDPOINTS_CONTROLLER_NAME,
  aliases: ['endpoint'],
  build,
};
