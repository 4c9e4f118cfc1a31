/** Hands out one shared informer per resource, and starts, syncs and stops them together. */
import type { ApiObject, ResourceClient, ResourceRef } from '@skiff/client';
import type { Logger } from 'pino';
import type { Clock } from '../clock/index.js';
import { SharedInformer } from './informer.js';

export interface SharedInformerFactoryOptions {
  /** Milliseconds between resyncs for every informer; 0 or absent: none. */
  resync?: number;
  /** Watch only this namespace (namespaced resources; cluster-scoped ones are watched whole). */
  namespace?: string;
  clock?: Clock;
  logger?: Logger;
}

function refKey(ref: ResourceRef): string {
  return `${ref.group}/${ref.version}/${ref.resource}`;
}

export class SharedInformerFactory {
  private readonly informers = new Map<string, SharedInformer<ApiObject>>();
  private controller: AbortController | undefined;

  constructor(
    private readonly client: ResourceClient,
    private readonly opts: SharedInformerFactoryOptions = {},
  ) {}

  /** The informer for `resource`: the same instance on every call, so one reflector serves every user. */
  forResource<T extends ApiObject = ApiObject>(resource: ResourceRef): SharedInformer<T> {
    const key = refKey(resource);
    let informer = this.informers.get(key);
    if (!informer) {
      informer = new SharedInformer<ApiObject>(this.client, resource, {
        ...(this.opts.resync ? { resync: this.opts.resync } : {}),
        ...(this.opts.namespace !== undefined && resource.namespaced ? { namespace: this.opts.namespace } : {}),
        ...(this.opts.clock ? { clock: this.opts.clock } : {}),
        ...(this.opts.logger ? { logger: this.opts.logger } : {}),
      });
      this.informers.set(key, informer);
      // Asked for after start(): start it now, as client-go does on the next Start().
      if (this.controller) void informer.run(this.controller.signal);
    }
    return informer as unknown as SharedInformer<T>;
  }

  /** Starts every informer asked for so far (and any asked for later); calling it again is harmless. */
  start(): void {
    if (!this.controller) this.controller = new AbortController();
    for (const informer of this.informers.values()) if (!informer.isRunning()) void informer.run(this.controller.signal);
  }

  /** Resolves true once every informer has synced; false if `signal` aborts or one stops first. */
  async waitForCacheSync(signal?: AbortSignal): Promise<boolean> {
    const results = await Promise.all([...this.informers.values()].map((i) => i.waitForSync(signal)));
    return results.every(Boolean);
  }

  /** Stops every informer and waits until they have stopped. */
  async shutdown(): Promise<void> {
    this.controller?.abort();
    this.controller = undefined;
    await Promise.all([...this.informers.values()].map((i) => i.stop()));
  }
}
