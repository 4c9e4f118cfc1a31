/**
 * Empties terminating namespaces and then releases them. This is the namespace controller's job; it
 * runs inside the API server until the controller manager takes it over.
 */
import { RESOURCES, StatusError, type ResourceInfo } from '@skiff/api';
import type { Logger } from 'pino';
import { APISERVER_USER } from '../bootstrap.js';
import { newContext } from '../registry/context.js';
import type { ResourceRegistry } from '../registry/registry.js';
import { NAMESPACE_FINALIZER } from '../registry/strategies/index.js';
import type { KObject } from '../registry/types.js';

/** How long to wait before looking again at a namespace whose content is still going away. */
const RETRY_MS = 1000;
/**
 * Like Kubernetes' namespace controller, wait a little after deletion starts, so that writes already
 * in flight land (and are then removed) and a client deleting the namespace's objects itself finds them.
 */
const DELETION_GRACE_MS = 5000;

export interface NamespaceCleanupOptions {
  registry: (info: ResourceInfo) => ResourceRegistry;
  logger: Logger;
}

export class NamespaceCleanup {
  private stopped = false;
  private readonly pending = new Set<string>();
  private watchStop: (() => void) | undefined;
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(private readonly opts: NamespaceCleanupOptions) {}

  private get namespaces(): ResourceRegistry {
    return this.opts.registry(RESOURCES.find((r) => r.group === '' && r.resource === 'namespaces')!);
  }

  start(): void {
    void this.run();
  }

  stop(): void {
    this.stopped = true;
    this.watchStop?.();
    for (const t of this.timers) clearTimeout(t);
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      try {
        const watch = await this.namespaces.watch(undefined, {});
        this.watchStop = () => watch.stop();
        for await (const ev of watch) {
          if (this.stopped) break;
          if (ev.type !== 'DELETED' && ev.object.metadata?.deletionTimestamp) this.schedule(ev.object.metadata.name ?? '', DELETION_GRACE_MS);
        }
      } catch (err) {
        this.opts.logger.warn({ err }, 'namespace watch failed');
      }
      if (!this.stopped) await new Promise((r) => setTimeout(r, RETRY_MS));
    }
  }

  private schedule(name: string, delay: number): void {
    if (this.pending.has(name) || this.stopped) return;
    this.pending.add(name);
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      void this.cleanup(name).then((done) => {
        this.pending.delete(name);
        if (!done) this.schedule(name, RETRY_MS);
      });
    }, delay);
    this.timers.add(timer);
  }

  /** Deletes everything in the namespace; true once it is empty and released. */
  private async cleanup(name: string): Promise<boolean> {
    const ctx = newContext(APISERVER_USER);
    try {
      let remaining = 0;
      for (const info of RESOURCES) {
        if (!info.namespaced || (info.group === 'events.k8s.io' && info.resource === 'events')) continue;
        const registry = this.opts.registry(info);
        const deleted = await registry.deleteCollection(ctx, name, {}, { propagationPolicy: 'Background' });
        remaining += deleted.items.length;
      }
      if (remaining > 0) return false;
      await this.namespaces.rawUpdate(undefined, name, (ns: KObject) => {
        const spec = (ns.spec ?? {}) as { finalizers?: string[] };
        return { ...ns, spec: { ...spec, finalizers: (spec.finalizers ?? []).filter((f) => f !== NAMESPACE_FINALIZER) } };
      });
      return true;
    } catch (err) {
      if (err instanceof StatusError && err.reason === 'NotFound') return true;
      this.opts.logger.warn({ err, namespace: name }, 'namespace cleanup failed');
      return false;
    }
  }
}
