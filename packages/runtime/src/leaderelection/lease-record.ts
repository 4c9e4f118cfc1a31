/** The leader election record kept in a coordination.k8s.io/v1 Lease, and its conversions. */
import type { ApiObject, ResourceRef } from '@skiff/client';

/** coordination.k8s.io/v1 leases. */
export const LEASES: ResourceRef = { group: 'coordination.k8s.io', version: 'v1', resource: 'leases', namespaced: true };

/** Who holds a lease and since when, as client-go's LeaderElectionRecord. Times are epoch milliseconds. */
export interface LeaderElectionRecord {
  /** Empty when nobody holds the lease (e.g. after a release). */
  holderIdentity: string;
  leaseDurationSeconds: number;
  acquireTime: number;
  renewTime: number;
  leaseTransitions: number;
}

/** The Lease object as far as leader election reads and writes it. */
export interface LeaseObject extends ApiObject {
  spec?: {
    holderIdentity?: string;
    leaseDurationSeconds?: number;
    acquireTime?: string;
    renewTime?: string;
    leaseTransitions?: number;
  };
}

/** A metav1.MicroTime on the wire: RFC 3339 with six fractional digits, e.g. `2024-01-02T03:04:05.678000Z`. */
export function formatMicroTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

function parseTime(value: string | undefined): number {
  if (!value) return 0;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? 0 : ms;
}

/** Reads the record out of a Lease; absent fields read as zero values. */
export function recordFromLease(lease: LeaseObject): LeaderElectionRecord {
  const spec = lease.spec ?? {};
  return {
    holderIdentity: spec.holderIdentity ?? '',
    leaseDurationSeconds: spec.leaseDurationSeconds ?? 0,
    acquireTime: parseTime(spec.acquireTime),
    renewTime: parseTime(spec.renewTime),
    leaseTransitions: spec.leaseTransitions ?? 0,
  };
}

/** The Lease spec for a record. */
export function leaseSpec(record: LeaderElectionRecord): NonNullable<LeaseObject['spec']> {
  const spec: NonNullable<LeaseObject['spec']> = {
    leaseDurationSeconds: record.leaseDurationSeconds,
    acquireTime: formatMicroTime(record.acquireTime),
    renewTime: formatMicroTime(record.renewTime),
    leaseTransitions: record.leaseTransitions,
  };
  // An empty holder is written as absent, as the Kubernetes Lease converter does.
  if (record.holderIdentity) spec.holderIdentity = record.holderIdentity;
  return spec;
}

/** A stable string for comparing two observations of a record. */
export function recordKey(record: LeaderElectionRecord, resourceVersion: string | undefined): string {
  return JSON.stringify([
    resourceVersion ?? '',
    record.holderIdentity,
    record.leaseDurationSeconds,
    record.acquireTime,
    record.renewTime,
    record.leaseTransitions,
  ]);
}
