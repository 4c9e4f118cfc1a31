/** The informer handlers both endpoint controllers share: a service change or a change of a pod it selects enqueues the service. */
import type { ControllerContext } from '../../manager/controller-context.js';
import { keyOf, objectOf, type Lister } from '@skiff/runtime';
import { PODS, SERVICES, serviceKeysForPod, type PodObject, type ServiceObject } from './pod-endpoints.js';

export interface ServiceAndPodListers {
  services: Lister<ServiceObject>;
  pods: Lister<PodObject>;
}

/** Registers the service and pod handlers calling `enqueue(serviceKey)`; returns the two listers. */
export function watchServicesAndPods(ctx: ControllerContext, enqueue: (serviceKey: string) => void): ServiceAndPodListers {
  const services = ctx.informers.forResource<ServiceObject>(SERVICES);
  const pods = ctx.informers.forResource<PodObject>(PODS);
  services.addEventHandler({
    onAdd: (svc) => enqueue(keyOf(svc)),
    onUpdate: (_old, svc) => enqueue(keyOf(svc)),
    onDelete: (svc) => enqueue(keyOf(objectOf(svc))),
  });
  const enqueueFor = (pod: PodObject): void => {
    for (const key of serviceKeysForPod(services.lister, pod)) enqueue(key);
  };
  pods.addEventHandler({
    onAdd: enqueueFor,
    onUpdate: (oldPod, pod) => {
      // A resync re-delivers an unchanged pod: nothing to do.
      if (oldPod.metadata?.resourceVersion === pod.metadata?.resourceVersion) return;
      // Services that selected the old labels lose the pod; those selecting the new ones gain it.
      const keys = new Set([...serviceKeysForPod(services.lister, oldPod), ...serviceKeysForPod(services.lister, pod)]);
      for (const key of keys) enqueue(key);
    },
    onDelete: (pod) => enqueueFor(objectOf(pod)),
  });
  return { services: services.lister, pods: pods.lister };
}
