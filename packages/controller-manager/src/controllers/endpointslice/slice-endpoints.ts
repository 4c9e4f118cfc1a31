/** A pod as an EndpointSlice endpoint, and the desired endpoints of a service grouped by the ports its pods resolve. */
import type { Endpoint, EndpointPort } from 'kubernetes-types/discovery/v1.js';
import type { Pod, Service } from 'kubernetes-types/core/v1.js';
import { isPodReady, podEndpointPorts, podHostname, podIPv4, podTargetRef, shouldPodBeInEndpoints } from '../endpoints/index.js';

/** The node label an endpoint's zone comes from. */
export const ZONE_LABEL = 'topology.kubernetes.io/zone';

/** Endpoints that share one list of ports (EndpointSlices hold one port list each). */
export interface PortGroup {
  ports: EndpointPort[];
  endpoints: Endpoint[];
}

/**
 * `pod` as an endpoint of `svc`. ready: Ready and not terminating (always, with publishNotReadyAddresses); serving:
 * Ready whatever the termination; terminating: being deleted. `zoneOf` maps a node name to its zone, when known.
 */
export function podSliceEndpoint(pod: Pod, svc: Service, zoneOf: (nodeName: string) => string | undefined): Endpoint {
  const serving = isPodReady(pod);
  const terminating = pod.metadata?.deletionTimestamp !== undefined && pod.metadata.deletionTimestamp !== null;
  const ready = svc.spec?.publishNotReadyAddresses === true || (serving && !terminating);
  const nodeName = pod.spec?.nodeName;
  const zone = nodeName ? zoneOf(nodeName) : undefined;
  const hostname = podHostname(pod, svc);
  return {
    addresses: [podIPv4(pod) ?? ''],
    conditions: { ready, serving, terminating },
    ...(hostname ? { hostname } : {}),
    ...(nodeName ? { nodeName } : {}),
    ...(zone ? { zone } : {}),
    targetRef: podTargetRef(pod),
  };
}

/** The key of a port list (its canonical JSON). */
export function portsKey(ports: readonly EndpointPort[] | undefined): string {
  const canonical = (ports ?? []).map((p) => ({ name: p.name ?? '', port: p.port ?? 0, protocol: p.protocol ?? 'TCP', appProtocol: p.appProtocol ?? '' }));
  canonical.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.port - b.port || (a.protocol < b.protocol ? -1 : a.protocol > b.protocol ? 1 : 0)));
  return JSON.stringify(canonical);
}

/**
 * The desired endpoints of `svc` by port-list key: every pod that can carry endpoints (terminating ones included, with
 * their conditions saying so), under the ports it resolves (possibly none).
 */
export function desiredPortGroups(svc: Service, pods: readonly Pod[], zoneOf: (nodeName: string) => string | undefined): Map<string, PortGroup> {
  const groups = new Map<string, PortGroup>();
  for (const pod of pods) {
    if (!shouldPodBeInEndpoints(pod, true)) continue;
    const ports = podEndpointPorts(pod, svc) ?? [];
    const key = portsKey(ports);
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { ports, endpoints: [] }));
    group.endpoints.push(podSliceEndpoint(pod, svc, zoneOf));
  }
  return groups;
}
