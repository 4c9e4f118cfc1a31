/** What both endpoint controllers agree on: which services get endpoints, which pods count, their readiness, address and ports. */
import { selectorFromSet } from '@skiff/api';
import type { ApiObject, ResourceRef } from '@skiff/client';
import type { Lister } from '@skiff/runtime';
import type { Pod, Service, ServicePort } from 'kubernetes-types/core/v1.js';

export const PODS: ResourceRef = { group: '', version: 'v1', resource: 'pods', namespaced: true };
export const SERVICES: ResourceRef = { group: '', version: 'v1', resource: 'services', namespaced: true };

/** Annotation with the time of the earliest pod/service change an endpoints write reflects (Kubernetes' name). */
export const LAST_CHANGE_TRIGGER_TIME_ANNOTATION = 'endpoints.kubernetes.io/last-change-trigger-time';
/** Label put on the endpoints of headless services (clusterIP None). */
export const HEADLESS_SERVICE_LABEL = 'service.kubernetes.io/headless';

export type PodObject = Pod & ApiObject;
export type ServiceObject = Service & ApiObject;

/**
 * Whether the endpoint controllers manage endpoints for `svc`: it has a selector and is not ExternalName (services
 * without a selector, such as `default/kubernetes`, have endpoints managed by someone else).
 */
export function servesEndpoints(svc: Service): boolean {
  // An empty selector is no selector: it does not survive serialization in Kubernetes either.
  return Object.keys(svc.spec?.selector ?? {}).length > 0 && svc.spec?.type !== 'ExternalName';
}

/** A service without a cluster IP (`None`) is headless. */
export function isHeadless(svc: Service): boolean {
  return svc.spec?.clusterIP === 'None';
}

/** The pod's Ready condition is True. */
export function isPodReady(pod: Pod): boolean {
  return (pod.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
}

/** The pod can carry endpoints: it has an IP, has not finished, and (unless `includeTerminating`) is not being deleted. */
export function shouldPodBeInEndpoints(pod: Pod, includeTerminating: boolean): boolean {
  const phase = pod.status?.phase;
  if (phase === 'Succeeded' || phase === 'Failed') return false;
  if (!podIPv4(pod)) return false;
  if (!includeTerminating && pod.metadata?.deletionTimestamp) return false;
  return true;
}

/** The pod's IPv4 address (the only address family Skiff serves), or undefined. */
export function podIPv4(pod: Pod): string | undefined {
  const ips = [pod.status?.podIP, ...(pod.status?.podIPs ?? []).map((p) => p.ip)];
  return ips.find((ip): ip is string => typeof ip === 'string' && ip !== '' && !ip.includes(':'));
}

/**
 * The container port `port`'s targetPort means in `pod`: a number as is (the service port when unset), a name looked
 * up among the pod's container ports with the same protocol; undefined when the pod has no such named port.
 */
export function findPodPort(pod: Pod, port: ServicePort): number | undefined {
  const target = port.targetPort ?? port.port;
  if (typeof target === 'number') return target;
  const asNumber = Number(target);
  if (target !== '' && Number.isInteger(asNumber)) return asNumber;
  const protocol = port.protocol ?? 'TCP';
  for (const c of pod.spec?.containers ?? []) {
    for (const cp of c.ports ?? []) if (cp.name === target && (cp.protocol ?? 'TCP') === protocol) return cp.containerPort;
  }
  return undefined;
}

/** The hostname an endpoint of `pod` gets in `svc`: the pod's hostname when its subdomain is the service's name. */
export function podHostname(pod: Pod, svc: Service): string | undefined {
  const h = pod.spec?.hostname;
  if (!h || pod.spec?.subdomain !== svc.metadata?.name || pod.metadata?.namespace !== svc.metadata?.namespace) return undefined;
  return h;
}

/** The target reference of an endpoint: the pod. */
export function podTargetRef(pod: Pod): { kind: string; namespace: string; name: string; uid: string } {
  const m = pod.metadata ?? {};
  return { kind: 'Pod', namespace: m.namespace ?? '', name: m.name ?? '', uid: m.uid ?? '' };
}

/** Pods in the service's namespace matching its selector (from the cache). */
export function podsForService(pods: Lister<PodObject>, svc: Service): PodObject[] {
  return pods.listByNamespace(svc.metadata?.namespace ?? '', selectorFromSet(svc.spec?.selector ?? {}));
}

/** Keys of the endpoint-serving services in the pod's namespace whose selector matches the pod (from the cache). */
export function serviceKeysForPod(services: Lister<ServiceObject>, pod: Pod): string[] {
  const ns = pod.metadata?.namespace ?? '';
  const labels = pod.metadata?.labels ?? {};
  return services
    .listByNamespace(ns)
    .filter((svc) => servesEndpoints(svc) && selectorFromSet(svc.spec?.selector ?? {}).matches(labels))
    .map((svc) => `${ns}/${svc.metadata?.name ?? ''}`);
}

/** When a pod last changed in a way endpoints reflect: its Ready condition's last transition (none before it has one). */
export function podTriggerTime(pod: Pod): string | undefined {
  return (pod.status?.conditions ?? []).find((c) => c.type === 'Ready')?.lastTransitionTime;
}
