/**
 * Remembers the EndpointSlice writes of each service until the informer cache has seen them, so a sync never plans from
 * a cache that lacks its own last writes (which would create duplicate slices).
 */
import type { EndpointSlice } from 'kubernetes-types/discovery/v1.js';

const GONE = Symbol('gone');

/** Whether resourceVersion `a` is older than `b` (Skiff's are etcd revisions; anything else never counts as older). */
function olderThan(a: string | undefined, b: string): boolean {
  if (!a || !/^\d+$/.test(a) || !/^\d+$/.test(b)) return false;
  return BigInt(a) < BigInt(b);
}

export class SliceTracker {
  /** Service key -> slice name -> the resourceVersion written, or GONE for a deletion. */
  private readonly expected = new Map<string, Map<string, string | typeof GONE>>();

  /** A slice of `serviceKey` was created or updated (the server's answer). */
  written(serviceKey: string, slice: EndpointSlice): void {
    const name = slice.metadata?.name;
    const rv = slice.metadata?.resourceVersion;
    if (name && rv) this.entries(serviceKey).set(name, rv);
  }

  /** A slice of `serviceKey` was deleted. */
  deleted(serviceKey: string, name: string): void {
    this.entries(serviceKey).set(name, GONE);
  }

  /** The cache saw the slice deleted: whatever was expected of it is settled. */
  observedDeletion(serviceKey: string, name: string): void {
    const m = this.expected.get(serviceKey);
    m?.delete(name);
    if (m?.size === 0) this.expected.delete(serviceKey);
  }

  /** Whether `cached` (the service's slices in the cache) misses a write; settled expectations are dropped. */
  isStale(serviceKey: string, cached: readonly EndpointSlice[]): boolean {
    const m = this.expected.get(serviceKey);
    if (!m) return false;
    const byName = new Map(cached.map((s) => [s.metadata?.name ?? '', s]));
    let stale = false;
    for (const [name, want] of m) {
      const have = byName.get(name);
      const seen = want === GONE ? have === undefined : have !== undefined && !olderThan(have.metadata?.resourceVersion, want);
      if (seen) m.delete(name);
      else stale = true;
    }
    if (m.size === 0) this.expected.delete(serviceKey);
    return stale;
  }

  /** Forgets a deleted service. */
  deleteService(serviceKey: string): void {
    this.expected.delete(serviceKey);
  }

  private entries(serviceKey: string): Map<string, string | typeof GONE> {
    let m = this.expected.get(serviceKey);
    if (!m) this.expected.set(serviceKey, (m = new Map()));
    return m;
  }
}
