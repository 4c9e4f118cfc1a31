/** Expectations that track deletions by pod key (client-go's UIDTrackingControllerExpectations), so a pod seen twice counts once. */
import { Expectations, type Clock } from '@skiff/runtime';

/**
 * Creations are counted; deletions are tracked by the key of each pod the controller deleted, because a pod's deletion
 * is observed twice (deletionTimestamp set, then gone) and must lower the expectation only once.
 */
export class PodExpectations {
  private readonly counts: Expectations;
  private readonly pendingDeletes = new Map<string, Set<string>>();

  constructor(options: { clock?: Clock; ttlMs?: number } = {}) {
    this.counts = new Expectations(options);
  }

  /** Expects `count` creations for `key` (replacing what was expected). */
  expectCreations(key: string, count: number): void {
    this.pendingDeletes.delete(key);
    this.counts.expectCreations(key, count);
  }

  /** Expects the deletion of each pod in `podKeys` for `key` (replacing what was expected). */
  expectDeletions(key: string, podKeys: readonly string[]): void {
    this.pendingDeletes.set(key, new Set(podKeys));
    this.counts.expectDeletions(key, podKeys.length);
  }

  creationObserved(key: string): void {
    this.counts.creationObserved(key);
  }

  /** Lowers `key`'s deletions if `podKey` is one it waits for; a second observation of the same pod does nothing. */
  deletionObserved(key: string, podKey: string): void {
    if (this.pendingDeletes.get(key)?.delete(podKey)) this.counts.deletionObserved(key);
  }

  satisfied(key: string): boolean {
    return this.counts.satisfied(key);
  }

  /** Forgets `key` (its owner was deleted). */
  delete(key: string): void {
    this.pendingDeletes.delete(key);
    this.counts.delete(key);
  }
}
