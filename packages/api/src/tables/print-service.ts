/** The Service printer: NAME TYPE CLUSTER-IP EXTERNAL-IP PORT(S) AGE | SELECTOR. */
import type { Service, ServicePort } from 'kubernetes-types/core/v1.js';
import { formatLabels } from './format.js';
import { AGE_COLUMN, NAME_COLUMN, ageOf, column, printer } from './printer.js';

const COLUMNS = [
  NAME_COLUMN,
  column('Type', 'string', 'How the service is exposed: ClusterIP, NodePort, LoadBalancer or ExternalName.'),
  column('Cluster-IP', 'string', 'The IP address of the service inside the cluster.'),
  column('External-IP', 'string', 'Addresses the service is reachable at from outside the cluster.'),
  column('Port(s)', 'string', 'The ports the service exposes, with node ports.'),
  AGE_COLUMN,
  column('Selector', 'string', 'Labels of the pods the service routes traffic to.', { wide: true }),
];

/** Load balancer ingress IPs (or hostnames), sorted and de-duplicated. The server prints wide, so no clipping. */
function loadBalancerAddresses(svc: Service): string {
  const found = new Set<string>();
  for (const ingress of svc.status?.loadBalancer?.ingress ?? []) {
    if (ingress.ip) found.add(ingress.ip);
    else if (ingress.hostname) found.add(ingress.hostname);
  }
  return [...found].sort().join(',');
}

/** EXTERNAL-IP: external IPs, load balancer addresses (`<pending>` until assigned) or the external name. */
export function serviceExternalIP(svc: Service): string {
  const spec = svc.spec ?? {};
  const externalIPs = spec.externalIPs ?? [];
  switch (spec.type) {
    case 'ClusterIP':
    case 'NodePort':
      return externalIPs.length > 0 ? externalIPs.join(',') : '<none>';
    case 'LoadBalancer': {
      const lb = loadBalancerAddresses(svc);
      if (externalIPs.length > 0) return [...(lb ? lb.split(',') : []), ...externalIPs].join(',');
      return lb || '<pending>';
    }
    case 'ExternalName':
      return spec.externalName ?? '';
    default:
      return '<unknown>';
  }
}

/** PORT(S): `80/TCP`, `80:30080/TCP`, comma-joined; `<none>` without ports. */
export function servicePorts(ports: readonly ServicePort[] | undefined): string {
  const text = (ports ?? []).map((p) => (p.nodePort ? `${p.port}:${p.nodePort}/${p.protocol ?? ''}` : `${p.port}/${p.protocol ?? ''}`)).join(',');
  return text === '' ? '<none>' : text;
}

export const SERVICE_PRINTER = printer<Service>(COLUMNS, (svc, now) => {
  const spec = svc.spec ?? {};
  const clusterIP = spec.clusterIPs?.[0] || spec.clusterIP || '<none>';
  return [svc.metadata?.name ?? '', spec.type ?? '', clusterIP, serviceExternalIP(svc), servicePorts(spec.ports), ageOf(svc, now), formatLabels(spec.selector)];
});
