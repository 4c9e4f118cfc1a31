/**
 * Which EndpointSlices to create, update and delete so a service's slices hold exactly its desired endpoints: endpoints
 * stay in the slice that holds them, new ones fill slices with room before new slices are made, emptied slices go.
 */
import type { Endpoint, EndpointPort, EndpointSlice } from 'kubernetes-types/discovery/v1.js';
import { semanticEqual } from '../endpoints/index.js';
import { portsKey, type PortGroup } from './slice-endpoints.js';

/** The only address type Skiff serves. */
export const ADDRESS_TYPE = 'IPv4';

export interface SlicePlanInput {
  /** Desired endpoints by port-list key (desiredPortGroups). */
  desired: ReadonlyMap<string, PortGroup>;
  /** The service's managed slices that are not being deleted. */
  existing: readonly EndpointSlice[];
  /** Whether a slice is controlled by this service (not a former service of the same name). */
  isOwned(slice: EndpointSlice): boolean;
  /** The labels every slice of the service carries. */
  labels: Record<string, string>;
  maxEndpointsPerSlice: number;
  /** A new slice of the service (metadata, addressType) holding `ports` and `endpoints`. */
  newSlice(ports: EndpointPort[], endpoints: Endpoint[]): EndpointSlice;
}

export interface SlicePlan {
  create: EndpointSlice[];
  update: EndpointSlice[];
  delete: EndpointSlice[];
}

/** The identity of an endpoint across syncs: its pod, else its first address. */
function endpointKey(e: Endpoint): string {
  return e.targetRef?.uid || e.addresses[0] || '';
}

interface Working {
  slice: EndpointSlice;
  endpoints: Endpoint[];
  changed: boolean;
}

/** Plans the writes; a service without endpoints keeps (or gets) one empty placeholder slice, as in Kubernetes. */
export function planSlices(input: SlicePlanInput): SlicePlan {
  const { desired, labels, maxEndpointsPerSlice: max } = input;
  const plan: SlicePlan = { create: [], update: [], delete: [] };
  const byPorts = new Map<string, EndpointSlice[]>();
  for (const slice of input.existing) {
    const key = portsKey(slice.ports);
    if (!input.isOwned(slice) || slice.addressType !== ADDRESS_TYPE || !desired.has(key)) plan.delete.push(slice);
    else byPorts.set(key, [...(byPorts.get(key) ?? []), slice]);
  }
  for (const [key, group] of desired) {
    const wanted = new Map(group.endpoints.map((e) => [endpointKey(e), e]));
    const work: Working[] = [];
    for (const slice of byPorts.get(key) ?? []) {
      const kept: Endpoint[] = [];
      for (const e of slice.endpoints ?? []) {
        const k = endpointKey(e);
        const want = wanted.get(k);
        if (want && kept.length < max) {
          kept.push(want);
          wanted.delete(k);
        }
      }
      const changed = !semanticEqual(slice.endpoints, kept) || !semanticEqual(slice.metadata?.labels, labels);
      work.push({ slice, endpoints: kept, changed });
    }
    // Newcomers go first into slices that are being written anyway, then into unchanged ones, then into new slices.
    const rest = [...wanted.values()];
    for (const w of [...work.filter((w) => w.changed), ...work.filter((w) => !w.changed)]) {
      while (rest.length > 0 && w.endpoints.length < max) {
        w.endpoints.push(rest.shift()!);
        w.changed = true;
      }
    }
    while (rest.length > 0) plan.create.push(input.newSlice(group.ports, rest.splice(0, max)));
    for (const w of work) {
      if (w.endpoints.length === 0) plan.delete.push(w.slice);
      else if (w.changed) plan.update.push({ ...w.slice, metadata: { ...w.slice.metadata, labels }, ports: group.ports, endpoints: w.endpoints });
    }
  }
  if (plan.delete.length === input.existing.length && plan.create.length === 0) {
    const placeholder = input.newSlice([], []);
    const only = plan.delete.length === 1 ? plan.delete[0]! : undefined;
    const keepsPlaceholder =
      only !== undefined &&
      input.isOwned(only) &&
      only.addressType === ADDRESS_TYPE &&
      (only.endpoints ?? []).length === 0 &&
      (only.ports ?? []).length === 0 &&
      semanticEqual(only.metadata?.labels, labels);
    if (keepsPlaceholder) plan.delete = [];
    else plan.create.push(placeholder);
  }
  return plan;
}
