/** One change of a resource, shared by every watcher, with Kubernetes' per-filter ADDED/DELETED views memoized. */
import { withResourceVersion } from './codec.js';
import type { StoredObject, WatchEvent } from './interface.js';

export type ObjectFilter = (obj: StoredObject) => boolean;

export class SharedEvent {
  private addedView: WatchEvent | undefined;
  private deletedView: WatchEvent | undefined;

  /** `event` is what an unfiltered watcher receives; it must carry prevObject for MODIFIED and DELETED. */
  constructor(
    readonly key: string,
    readonly event: WatchEvent,
  ) {}

  get revision(): number {
    return this.event.revision;
  }

  /**
   * The event as a watcher with `filter` sees it, or undefined when it should not see it:
   * an object that starts matching arrives as ADDED, one that stops matching as DELETED
   * (its previous state, at this event's revision), as kube-apiserver's watch cache does.
   */
  viewFor(filter: ObjectFilter | undefined): WatchEvent | undefined {
    const ev = this.event;
    if (!filter) return ev;
    const prev = ev.prevObject;
    const oldMatches = prev !== undefined && filter(prev);
    if (ev.type !== 'DELETED' && filter(ev.object)) {
      if (oldMatches || ev.type === 'ADDED') return ev;
      return (this.addedView ??= { type: 'ADDED', object: ev.object, revision: ev.revision });
    }
    if (!oldMatches) return undefined;
    if (ev.type === 'DELETED') return ev;
    return (this.deletedView ??= {
      type: 'DELETED',
      object: withResourceVersion(prev as StoredObject, String(ev.revision)),
      revision: ev.revision,
      prevObject: prev,
    });
  }
}
