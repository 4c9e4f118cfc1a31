/** Resource: a bundle of scheduler-relevant amounts (millicores, bytes, pod count, extended resources) and quantity conversion. */
import { quantityOf } from '@skiff/api';

/** Amounts in the units kube-scheduler compares: cpu in millicores, memory and storage in bytes, scalars as integer values. */
export interface Resource {
  milliCPU: number;
  memory: number;
  ephemeralStorage: number;
  /** Pod capacity of a node (allocatable `pods`); unused in pod requests. */
  allowedPodNumber: number;
  /** Every other resource (extended resources, hugepages-*), by name, as integer values. */
  scalarResources: Record<string, number>;
}

/** A resource list as it appears in a pod or node (`{ cpu: '500m', memory: '1Gi' }`). */
export type ResourceList = Record<string, unknown>;

const NANOS_PER_MILLI = 1_000_000n;
const NANOS_PER_UNIT = 1_000_000_000n;

/** An all-zero Resource. */
export function emptyResource(): Resource {
  return { milliCPU: 0, memory: 0, ephemeralStorage: 0, allowedPodNumber: 0, scalarResources: {} };
}

/** An independent copy. */
export function cloneResource(r: Resource): Resource {
  return { ...r, scalarResources: { ...r.scalarResources } };
}

/** Rounds nanos up to the given unit, as Quantity.MilliValue()/Value() do. */
function ceilTo(nanos: bigint, unit: bigint): number {
  const q = nanos / unit;
  return Number(nanos % unit > 0n ? q + 1n : q);
}

/** A quantity in millicores (cpu); unparsable values count as 0 (validation rejects them before they get here). */
export function milliValue(value: unknown): number {
  const q = quantityOf(value);
  return typeof q === 'string' ? 0 : ceilTo(q.nanos, NANOS_PER_MILLI);
}

/** A quantity as an integer value (bytes, counts), rounded up. */
export function intValue(value: unknown): number {
  const q = quantityOf(value);
  return typeof q === 'string' ? 0 : ceilTo(q.nanos, NANOS_PER_UNIT);
}

/** Converts a resource list into a Resource (cpu -> millicores, memory/storage -> bytes, pods -> count, the rest -> scalars). */
export function resourceFromList(list: ResourceList | undefined): Resource {
  const r = emptyResource();
  for (const [name, value] of Object.entries(list ?? {})) {
    switch (name) {
      case 'cpu':
        r.milliCPU = milliValue(value);
        break;
      case 'memory':
        r.memory = intValue(value);
        break;
      case 'ephemeral-storage':
        r.ephemeralStorage = intValue(value);
        break;
      case 'pods':
        r.allowedPodNumber = intValue(value);
        break;
      default:
        r.scalarResources[name] = intValue(value);
    }
  }
  return r;
}

/** into += r (every field, scaled by sign: 1 adds, -1 subtracts). */
export function addResource(into: Resource, r: Resource, sign: 1 | -1 = 1): void {
  into.milliCPU += sign * r.milliCPU;
  into.memory += sign * r.memory;
  into.ephemeralStorage += sign * r.ephemeralStorage;
  into.allowedPodNumber += sign * r.allowedPodNumber;
  for (const name in r.scalarResources) {
    into.scalarResources[name] = (into.scalarResources[name] ?? 0) + sign * r.scalarResources[name]!;
  }
}

/** into = max(into, r), field by field. */
export function maxResource(into: Resource, r: Resource): void {
  into.milliCPU = Math.max(into.milliCPU, r.milliCPU);
  into.memory = Math.max(into.memory, r.memory);
  into.ephemeralStorage = Math.max(into.ephemeralStorage, r.ephemeralStorage);
  into.allowedPodNumber = Math.max(into.allowedPodNumber, r.allowedPodNumber);
  for (const name in r.scalarResources) {
    into.scalarResources[name] = Math.max(into.scalarResources[name] ?? 0, r.scalarResources[name]!);
  }
}
