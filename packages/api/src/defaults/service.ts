/** Defaults of a core/v1 Service, plus the IP family fields the API server fills in on create. */
import { child, ensureChild, isNil, isObj, isZero, items, setIfNil, setIfZero, type Obj } from './fields.js';

/** Sticky sessions (sessionAffinity ClientIP) last 3 hours unless configured. */
export const DEFAULT_CLIENT_IP_AFFINITY_SECONDS = 10800;

export type IPFamily = 'IPv4' | 'IPv6';
/** The service IP families of a single-stack IPv4 cluster, Skiff's default. */
export const DEFAULT_SERVICE_IP_FAMILIES: readonly IPFamily[] = ['IPv4'];

/** LoadBalancer and NodePort services, and ClusterIP ones with external IPs, are reachable from outside. */
function externallyAccessible(spec: Obj): boolean {
  const type = spec['type'];
  if (type === 'LoadBalancer' || type === 'NodePort') return true;
  const externalIPs = spec['externalIPs'];
  return type === 'ClusterIP' && Array.isArray(externalIPs) && externalIPs.length > 0;
}

/** Kubernetes' SetDefaults_Service plus the declarative ports[].protocol default. */
export function defaultService(obj: Obj): void {
  const spec = ensureChild(obj, 'spec');
  if (!spec) return;
  setIfZero(spec, 'sessionAffinity', 'None');
  if (spec['sessionAffinity'] === 'None') delete spec['sessionAffinityConfig'];
  if (spec['sessionAffinity'] === 'ClientIP') {
    const config = child(spec, 'sessionAffinityConfig');
    const clientIP = config && child(config, 'clientIP');
    if (!clientIP || isNil(clientIP['timeoutSeconds'])) {
      spec['sessionAffinityConfig'] = { clientIP: { timeoutSeconds: DEFAULT_CLIENT_IP_AFFINITY_SECONDS } };
    }
  }
  setIfZero(spec, 'type', 'ClusterIP');
  for (const port of items(spec, 'ports')) {
    setIfZero(port, 'protocol', 'TCP');
    // targetPort 0 or "" means "the same as port".
    if (isZero(port['targetPort'])) port['targetPort'] = port['port'];
  }
  if (externallyAccessible(spec)) setIfZero(spec, 'externalTrafficPolicy', 'Cluster');
  const type = spec['type'];
  if (type === 'NodePort' || type === 'LoadBalancer' || type === 'ClusterIP') setIfNil(spec, 'internalTrafficPolicy', 'Cluster');
  if (type === 'LoadBalancer') {
    setIfNil(spec, 'allocateLoadBalancerNodePorts', true);
    const status = child(obj, 'status');
    const lb = status && child(status, 'loadBalancer');
    for (const ingress of items(lb, 'ingress')) {
      if (ingress['ip'] && isNil(ingress['ipMode'])) ingress['ipMode'] = 'VIP';
    }
  }
}

function familyOf(ip: string): IPFamily {
  return ip.includes(':') ? 'IPv6' : 'IPv4';
}

function otherFamily(family: unknown): IPFamily {
  return family === 'IPv6' ? 'IPv4' : 'IPv6';
}

/**
 * What the API server's service registry does before allocating cluster IPs on create: default
 * ipFamilyPolicy (SingleStack, or RequireDualStack for headless selector-less services) and
 * ipFamilies (inferred from given clusterIPs, else the cluster's primary family, plus the second
 * family where dual-stack is asked for and possible). Never replaces given values; ExternalName
 * services are left alone. Errors (e.g. a family the cluster lacks) are for validation to report.
 */
export function defaultServiceIPFamilies(obj: unknown, clusterFamilies: readonly IPFamily[] = DEFAULT_SERVICE_IP_FAMILIES): void {
  const spec = isObj(obj) ? child(obj, 'spec') : undefined;
  if (!spec || spec['type'] === 'ExternalName') return;
  const clusterIPs = Array.isArray(spec['clusterIPs']) ? spec['clusterIPs'].filter((ip): ip is string => typeof ip === 'string' && ip !== '') : [];
  if (clusterIPs.length === 0 && typeof spec['clusterIP'] === 'string' && spec['clusterIP'] !== '') clusterIPs.push(spec['clusterIP']);
  const headless = clusterIPs[0] === 'None';
  const selector = spec['selector'];
  const selectorless = !isObj(selector) || Object.keys(selector).length === 0;

  setIfNil(spec, 'ipFamilyPolicy', headless && selectorless ? 'RequireDualStack' : 'SingleStack');
  const families: unknown[] = Array.isArray(spec['ipFamilies']) ? [...spec['ipFamilies']] : [];
  clusterIPs.forEach((ip, i) => {
    if (ip !== 'None' && i >= families.length && clusterFamilies.includes(familyOf(ip))) families.push(familyOf(ip));
  });
  const primary = clusterFamilies[0] ?? 'IPv4';
  if (families.length === 0) families.push(primary);
  const wantsDual = spec['ipFamilyPolicy'] !== 'SingleStack';
  // Headless selector-less services may carry both families even on a single-stack cluster.
  if (wantsDual && families.length === 1 && (headless && selectorless ? true : clusterFamilies.length >= 2)) {
    families.push(otherFamily(families[0]));
  }
  spec['ipFamilies'] = families;
}
