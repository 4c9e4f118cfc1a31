/** The names and addresses the API server's serving certificate must cover. */
import { numberToIp, parseCidr } from './allocators/cidr.js';

/** How pods and in-cluster clients name the API server through the `kubernetes` Service. */
const IN_CLUSTER_NAMES = ['kubernetes', 'kubernetes.default', 'kubernetes.default.svc', 'kubernetes.default.svc.cluster.local'];

export interface CertificateHostsOptions {
  bindAddress: string;
  serviceClusterIpRange: string;
  advertiseAddress?: string;
  /** Further names or addresses (`--tls-san`). */
  extra?: readonly string[];
}

/** Loopback, the in-cluster names, the `kubernetes` Service's ClusterIP (the range's first address), and the server's own addresses. */
export function apiServerCertificateHosts(opts: CertificateHostsOptions): string[] {
  const range = parseCidr(opts.serviceClusterIpRange);
  const hosts = ['127.0.0.1', 'localhost', ...IN_CLUSTER_NAMES, numberToIp(range.base + 1)];
  for (const h of [opts.bindAddress, opts.advertiseAddress, ...(opts.extra ?? [])]) {
    if (h && h !== '0.0.0.0' && !hosts.includes(h)) hosts.push(h);
  }
  return hosts;
}
