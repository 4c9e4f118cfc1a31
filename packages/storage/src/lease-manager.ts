/** etcd leases for objects with a time to live, shared between writes close in time (as kube-apiserver does). */
import type { Etcd3 } from 'etcd3';

/**
 * A lease is reused for this fraction of the TTL asked for (at most LEASE_REUSE_MAX_SECONDS), and
 * granted that much longer: each object then expires between its TTL and TTL plus the window,
 * while a burst of writes (e.g. Events) costs one lease grant rather than one per object.
 */
const LEASE_REUSE_FRACTION = 0.05;
const LEASE_REUSE_MAX_SECONDS = 60;

interface Granted {
  id: Promise<string>;
  grantedAt: number;
}

export class LeaseManager {
  private readonly leases = new Map<number, Granted>();

  constructor(
    private readonly client: Etcd3,
    private readonly now: () => number = Date.now,
  ) {}

  /** A lease ID under which a key lives at least `ttlSeconds`. */
  leaseFor(ttlSeconds: number): Promise<string> {
    const ttl = Math.max(1, Math.ceil(ttlSeconds));
    const windowMs = Math.min(LEASE_REUSE_MAX_SECONDS, Math.floor(ttl * LEASE_REUSE_FRACTION)) * 1000;
    const now = this.now();
    const current = this.leases.get(ttl);
    if (current && now - current.grantedAt < windowMs) return current.id;
    const id = this.client.leaseClient.leaseGrant({ TTL: ttl + windowMs / 1000 }).then((res) => String(res.ID));
    const granted = { id, grantedAt: now };
    this.leases.set(ttl, granted);
    id.catch(() => {
      if (this.leases.get(ttl) === granted) this.leases.delete(ttl);
    });
    return id;
  }
}
