/**
 * The namespace lookup of the lifecycle check, as Kubernetes' NamespaceLifecycle admission does it: the watch cache
 * first, a live read when the cache has not seen the namespace; and for a while after this server began deleting a
 * namespace, always a live read, so content created right after the delete is refused even before the cache has
 * caught up with the Terminating namespace.
 */
import { KeyNotFoundError, type Store, type StoredObject } from '@skiff/storage';
import { getCachedOrLive } from './cached-read.js';
import type { Clock } from './clock.js';
import type { KObject } from './types.js';

/** How long a namespace this server began deleting is read live (kube-apiserver's forceLiveLookup TTL). */
export const FORCE_LIVE_LOOKUP_MS = 30_000;

export class NamespaceLifecycleLookup {
  private readonly liveUntil = new Map<string, number>();

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly keyOf: (name: string) => string,
  ) {}

  /** The namespace, or undefined when it does not exist. */
  lookup(name: string): Promise<KObject | undefined> {
    const until = this.liveUntil.get(name);
    const now = this.clock.now().getTime();
    if (until !== undefined && until <= now) this.liveUntil.delete(name);
    if (until !== undefined && until > now) {
      return this.store.get<KObject & StoredObject>(this.keyOf(name)).catch((err: unknown) => {
        if (err instanceof KeyNotFoundError) return undefined;
        throw err;
      });
    }
    return getCachedOrLive<KObject & StoredObject>(this.store, this.keyOf(name));
  }

  /** This server just began deleting namespace `name`. */
  deleting(name: string): void {
    this.liveUntil.set(name, this.clock.now().getTime() + FORCE_LIVE_LOOKUP_MS);
  }
}
