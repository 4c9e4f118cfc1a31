/** The objects behind every FakeResourceClient of one fake API server: one revision counter like etcd's, and the open watches. */
import { deepClone } from '@skiff/api';
import type { ApiObject, ResourceRef, WatchEvent } from '@skiff/client';
import { FakeResourceClient } from './fake-resource-client.js';
import type { FakeWatch } from './fake-watch.js';

const resourceKey = (resource: ResourceRef): string => `${resource.group}/${resource.resource}`;

/**
 * Writes go to every open watch of the resource (and namespace); `silently` changes content without
 * telling them (what a broken watch misses). Reads and writes return copies.
 */
export class FakeStore {
  /** The newest resourceVersion handed out; a fresh etcd starts at revision 1. */
  revision = 1;
  private readonly objects = new Map<string, ApiObject>();
  private readonly watches = new Set<FakeWatch>();
  private muted = false;

  key(resource: ResourceRef, namespace: string | undefined, name: string): string {
    return `${resourceKey(resource)}/${namespace ?? ''}/${name}`;
  }

  read(resource: ResourceRef, namespace: string | undefined, name: string): ApiObject | undefined {
    const obj = this.objects.get(this.key(resource, namespace, name));
    return obj && deepClone(obj);
  }

  /** Every stored object of one resource (and namespace, if given), ordered by namespace/name. */
  all(resource: ResourceRef, namespace?: string): ApiObject[] {
    const prefix = `${resourceKey(resource)}/${namespace === undefined ? '' : `${namespace}/`}`;
    return [...this.objects.entries()]
      .filter(([k]) => k.startsWith(prefix))
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([, v]) => deepClone(v));
  }

  /** Stores objects (namespace from their metadata) without any event, as if before any watch. */
  seed(resource: ResourceRef, ...objs: ApiObject[]): void {
    this.silently(() => {
      for (const obj of objs) this.write(resource, obj.metadata?.namespace, obj);
    });
  }

  /** Creates or replaces an object with the next resourceVersion; ADDED or MODIFIED to open watches. */
  write(resource: ResourceRef, namespace: string | undefined, obj: ApiObject): ApiObject {
    const stored = deepClone(obj);
    stored.metadata = { ...stored.metadata, resourceVersion: String(++this.revision) };
    if (namespace !== undefined) stored.metadata.namespace = namespace;
    const key = this.key(resource, namespace, stored.metadata.name ?? '');
    const type = this.objects.has(key) ? 'MODIFIED' : 'ADDED';
    this.objects.set(key, stored);
    this.broadcast(resource, namespace, { type, object: deepClone(stored) });
    return deepClone(stored);
  }

  /** Deletes an object (DELETED, at the next resourceVersion, to open watches); false if there was none. */
  remove(resource: ResourceRef, namespace: string | undefined, name: string): boolean {
    const key = this.key(resource, namespace, name);
    const old = this.objects.get(key);
    if (!old) return false;
    this.objects.delete(key);
    const gone = { ...old, metadata: { ...old.metadata, resourceVersion: String(++this.revision) } };
    this.broadcast(resource, namespace, { type: 'DELETED', object: deepClone(gone) });
    return true;
  }

  /** Runs `fn` without telling any watch about its changes. */
  silently(fn: () => void): void {
    const was = this.muted;
    this.muted = true;
    try {
      fn();
    } finally {
      this.muted = was;
    }
  }

  /** A new client over this store. */
  client(): FakeResourceClient {
    return new FakeResourceClient(this);
  }

  /** Called by the clients: `watch` gets the events of its resource and namespace from now on. */
  addWatch(watch: FakeWatch): void {
    this.watches.add(watch);
  }

  private broadcast(resource: ResourceRef, namespace: string | undefined, event: WatchEvent): void {
    if (this.muted) return;
    for (const w of this.watches) {
      if (w.stopped) this.watches.delete(w);
      else if (resourceKey(w.resource) === resourceKey(resource) && (w.namespace === undefined || w.namespace === namespace)) w.push(event);
    }
  }
}
