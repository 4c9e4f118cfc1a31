/** The subsets of a service's Endpoints: its pods' addresses grouped by the set of ports each pod resolves, as Kubernetes repacks them. */
import type { EndpointAddress, EndpointPort, EndpointSubset, Pod, Service } from 'kubernetes-types/core/v1.js';
import { findPodPort, isHeadless, isPodReady, podHostname, podIPv4, podTargetRef, shouldPodBeInEndpoints } from './pod-endpoints.js';

const compareStrings = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function comparePorts(a: EndpointPort, b: EndpointPort): number {
  return compareStrings(a.name ?? '', b.name ?? '') || a.port - b.port || compareStrings(a.protocol ?? '', b.protocol ?? '');
}

/** The address of `pod` in `svc`'s Endpoints. */
export function podEndpointAddress(pod: Pod, svc: Service): EndpointAddress {
  const hostname = podHostname(pod, svc);
  const nodeName = pod.spec?.nodeName;
  return {
    ip: podIPv4(pod) ?? '',
    ...(hostname ? { hostname } : {}),
    ...(nodeName ? { nodeName } : {}),
    targetRef: podTargetRef(pod),
  };
}

/**
 * The ports of `svc` as `pod` serves them (each service port's targetPort resolved in the pod; ports the pod lacks are
 * left out), sorted; undefined when the pod serves none of them and so gets no place in the Endpoints. A headless service
 * without ports lists its pods with no ports.
 */
export function podEndpointPorts(pod: Pod, svc: Service): EndpointPort[] | undefined {
  const servicePorts = svc.spec?.ports ?? [];
  if (servicePorts.length === 0) return isHeadless(svc) ? [] : undefined;
  const ports: EndpointPort[] = [];
  for (const sp of servicePorts) {
    const port = findPodPort(pod, sp);
    if (port === undefined) continue;
    ports.push({
      ...(sp.name ? { name: sp.name } : {}),
      port,
      protocol: sp.protocol ?? 'TCP',
      ...(sp.appProtocol ? { appProtocol: sp.appProtocol } : {}),
    });
  }
  return ports.length > 0 ? ports.sort(comparePorts) : undefined;
}

function compareAddresses(a: EndpointAddress, b: EndpointAddress): number {
  return compareStrings(a.ip, b.ip) || compareStrings(a.targetRef?.uid ?? '', b.targetRef?.uid ?? '');
}

/**
 * The Endpoints subsets of `svc` over the candidate `pods`: pods that can carry endpoints go to `addresses` when ready
 * (or when the service publishes not-ready addresses) and to `notReadyAddresses` otherwise; pods resolving the same
 * ports share a subset. Sorted (ports, addresses, subsets) so equal content compares equal.
 */
export function endpointSubsets(svc: Service, pods: readonly Pod[]): EndpointSubset[] {
  const publishNotReady = svc.spec?.publishNotReadyAddresses === true;
  const groups = new Map<string, { ports: EndpointPort[]; ready: EndpointAddress[]; notReady: EndpointAddress[] }>();
  for (const pod of pods) {
    if (!shouldPodBeInEndpoints(pod, publishNotReady)) continue;
    const ports = podEndpointPorts(pod, svc);
    if (!ports) continue;
    const key = JSON.stringify(ports);
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { ports, ready: [], notReady: [] }));
    (publishNotReady || isPodReady(pod) ? group.ready : group.notReady).push(podEndpointAddress(pod, svc));
  }
  return [...groups.entries()]
    .sort(([a], [b]) => compareStrings(a, b))
    .map(([, g]) => ({
      ...(g.ready.length > 0 ? { addresses: g.ready.sort(compareAddresses) } : {}),
      ...(g.notReady.length > 0 ? { notReadyAddresses: g.notReady.sort(compareAddresses) } : {}),
      ...(g.ports.length > 0 ? { ports: g.ports } : {}),
    }));
}
