/** Printers for coordination.k8s.io Lease and discovery.k8s.io EndpointSlice. */
import type { Lease } from 'kubernetes-types/coordination/v1.js';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1.js';
import { listWithMore } from './format.js';
import { AGE_COLUMN, NAME_COLUMN, ageOf, column, printer } from './printer.js';

/** EndpointSlice PORTS and ENDPOINTS show at most this many entries, then "+ N more...". */
const MAX_SHOWN = 3;

export const LEASE_PRINTER = printer<Lease>(
  [NAME_COLUMN, column('Holder', 'string', 'The identity of the holder of the lease.'), AGE_COLUMN],
  (lease, now) => [lease.metadata?.name ?? '', lease.spec?.holderIdentity ?? '', ageOf(lease, now)],
);

/** PORTS: port numbers (a port's name when it has no number, `*` when neither). */
export function endpointSlicePorts(slice: EndpointSlice): string {
  const ports = slice.ports ?? [];
  const shown = ports.slice(0, MAX_SHOWN).map((p) => (typeof p.port === 'number' ? String(p.port) : p.name ?? '*'));
  return listWithMore(shown, ports.length, MAX_SHOWN);
}

/** ENDPOINTS: every endpoint address, capped. */
export function endpointSliceEndpoints(slice: EndpointSlice): string {
  const addresses = (slice.endpoints ?? []).flatMap((e) => e.addresses ?? []);
  return listWithMore(addresses.slice(0, MAX_SHOWN), addresses.length, MAX_SHOWN);
}

export const ENDPOINTSLICE_PRINTER = printer<EndpointSlice>(
  [
    NAME_COLUMN,
    column('AddressType', 'string', 'The type of address carried by this slice (IPv4, IPv6, FQDN).'),
    column('Ports', 'string', 'The network ports exposed by the endpoints.'),
    column('Endpoints', 'string', 'The addresses of the endpoints.'),
    AGE_COLUMN,
  ],
  (slice, now) => [slice.metadata?.name ?? '', slice.addressType ?? '', endpointSlicePorts(slice), endpointSliceEndpoints(slice), ageOf(slice, now)],
);
