/** Printers for the simple core objects: Namespace, ConfigMap, Secret, ServiceAccount, Endpoints. */
import type { ConfigMap, Endpoints, Namespace, Secret, ServiceAccount } from 'kubernetes-types/core/v1.js';
import { AGE_COLUMN, NAME_COLUMN, ageOf, column, printer } from './printer.js';

/** Endpoints shows at most this many addresses, then "+ N more...". */
const MAX_SHOWN_ENDPOINTS = 3;

export const NAMESPACE_PRINTER = printer<Namespace>(
  [NAME_COLUMN, column('Status', 'string', 'The status of the namespace'), AGE_COLUMN],
  (ns, now) => [ns.metadata?.name ?? '', ns.status?.phase ?? '', ageOf(ns, now)],
);

export const CONFIGMAP_PRINTER = printer<ConfigMap>(
  [NAME_COLUMN, column('Data', 'string', 'Number of entries in data and binaryData.'), AGE_COLUMN],
  (cm, now) => [cm.metadata?.name ?? '', Object.keys(cm.data ?? {}).length + Object.keys(cm.binaryData ?? {}).length, ageOf(cm, now)],
);

export const SECRET_PRINTER = printer<Secret>(
  [NAME_COLUMN, column('Type', 'string', 'Type of the secret data.'), column('Data', 'string', 'Number of entries in data.'), AGE_COLUMN],
  (secret, now) => [secret.metadata?.name ?? '', secret.type ?? '', Object.keys(secret.data ?? {}).length, ageOf(secret, now)],
);

export const SERVICEACCOUNT_PRINTER = printer<ServiceAccount>(
  [NAME_COLUMN, column('Secrets', 'string', 'Number of secrets listed for the service account.'), AGE_COLUMN],
  (sa, now) => [sa.metadata?.name ?? '', (sa.secrets ?? []).length, ageOf(sa, now)],
);

function hostPort(ip: string, port: number | undefined): string {
  return ip.includes(':') ? `[${ip}]:${port ?? 0}` : `${ip}:${port ?? 0}`;
}

/** ENDPOINTS: `ip:port` for each address and port (bare IPs for port-less subsets), capped. */
export function formatEndpoints(endpoints: Endpoints): string {
  const subsets = endpoints.subsets ?? [];
  if (subsets.length === 0) return '<none>';
  const shown: string[] = [];
  let count = 0;
  for (const subset of subsets) {
    const addresses = subset.addresses ?? [];
    const ports = subset.ports ?? [];
    if (ports.length === 0) {
      count += addresses.length;
      for (const a of addresses) if (shown.length < MAX_SHOWN_ENDPOINTS) shown.push(a.ip);
      continue;
    }
    for (const port of ports) {
      count += addresses.length;
      for (const a of addresses) if (shown.length < MAX_SHOWN_ENDPOINTS) shown.push(hostPort(a.ip, port.port));
    }
  }
  const text = shown.join(',');
  return count > MAX_SHOWN_ENDPOINTS ? `${text} + ${count - MAX_SHOWN_ENDPOINTS} more...` : text;
}

export const ENDPOINTS_PRINTER = printer<Endpoints>(
  [NAME_COLUMN, column('Endpoints', 'string', 'Addresses and ports of the endpoints.'), AGE_COLUMN],
  (ep, now) => [ep.metadata?.name ?? '', formatEndpoints(ep), ageOf(ep, now)],
);
