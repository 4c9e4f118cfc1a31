/** The shared informer: one reflector and one cache per resource, fanning changes out to any number of handlers. */
import type { ApiObject, ResourceClient, ResourceRef } from '@skiff/client';
import { pino, type Logger } from 'pino';
import { realClock, type Clock, type TimerHandle } from '../clock/index.js';
import type { Indexers } from './indexer.js';
import { Reflector, type ReflectorState } from './reflector.js';
import { Store, type Lister, type ReflectorSink } from './store.js';
import type { DeletedFinalStateUnknown } from './tombstone.js';

/**
 * Callbacks for changes. They run synchronously, in order, on the informer's turn: keep them
 * short (enqueue a key) and never mutate the objects. A handler that throws is logged and skipped.
 */
export interface ResourceEventHandler<T extends ApiObject = ApiObject> {
  /** `isInInitialList`: part of the first list (or of the current content, for a late handler). */
  onAdd?(obj: T, isInInitialList: boolean): void;
  /** Also called on relists and resyncs, where `oldObj` may equal `newObj`. */
  onUpdate?(oldObj: T, newObj: T): void;
  /** A tombstone when the object vanished across a relist and its final state is unknown. */
  onDelete?(obj: T | DeletedFinalStateUnknown<T>): void;
}

export interface HandlerRegistration {
  /** Stops deliveries to this handler. */
  remove(): void;
}

export interface SharedInformerOptions<T extends ApiObject = ApiObject> {
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  /** Milliseconds between resyncs (every cached object re-delivered as an update); 0 or absent: none. */
  resync?: number;
  indexers?: Indexers<T>;
  pageSize?: number;
  clock?: Clock;
  random?: () => number;
  logger?: Logger;
}

export class SharedInformer<T extends ApiObject = ApiObject> {
  /** Read-only view of the cache. */
  readonly lister: Lister<T>;
  private readonly store: Store<T>;
  private readonly handlers = new Set<ResourceEventHandler<T>>();
  private readonly reflector: Reflector<T>;
  private readonly clock: Clock;
  private readonly log: Logger;
  private synced = false;
  private syncWaiters: Array<(synced: boolean) => void> = [];
  private running: { controller: AbortController; done: Promise<void> } | undefined;
  private resyncTimer: TimerHandle | undefined;

  constructor(
    client: ResourceClient,
    readonly resource: ResourceRef,
    private readonly opts: SharedInformerOptions<T> = {},
  ) {
    this.clock = opts.clock ?? realClock;
    this.log = (opts.logger ?? pino({ level: 'silent' })).child({ informer: `${resource.resource}${resource.group ? '.' + resource.group : ''}` });
    this.store = new Store<T>(opts.indexers);
    this.lister = this.store.lister();
    this.reflector = new Reflector<T>(client, resource, this.sink(), {
      ...(opts.namespace !== undefined ? { namespace: opts.namespace } : {}),
      ...(opts.labelSelector ? { labelSelector: opts.labelSelector } : {}),
      ...(opts.fieldSelector ? { fieldSelector: opts.fieldSelector } : {}),
      ...(opts.pageSize ? { pageSize: opts.pageSize } : {}),
      ...(opts.random ? { random: opts.random } : {}),
      clock: this.clock,
      logger: this.log,
    });
  }

  /** Adds indexes to the cache (the current content is indexed at once). */
  addIndexers(indexers: Indexers<T>): void {
    this.store.addIndexers(indexers);
  }

  /** Values held by an index, e.g. every node name pods are bound to. */
  indexValues(indexName: string): string[] {
    return this.store.indexValues(indexName);
  }

  /** Registers a handler; if the cache already has content, the handler first gets an add for each object. */
  addEventHandler(handler: ResourceEventHandler<T>): HandlerRegistration {
    this.handlers.add(handler);
    if (this.synced) for (const obj of this.store.list()) this.call('onAdd', () => handler.onAdd?.(obj, true));
    return { remove: () => void this.handlers.delete(handler) };
  }

  /** True once the first complete list is in the cache. */
  hasSynced(): boolean {
    return this.synced;
  }

  /** Resolves true once synced, false if `signal` aborts or the informer stops first. */
  waitForSync(signal?: AbortSignal): Promise<boolean> {
    if (this.synced) return Promise.resolve(true);
    if (signal?.aborted) return Promise.resolve(false);
    return new Promise((resolve) => {
      const onAbort = (): void => done(false);
      const done = (synced: boolean): void => {
        signal?.removeEventListener('abort', onAbort);
        this.syncWaiters = this.syncWaiters.filter((w) => w !== done);
        resolve(synced);
      };
      this.syncWaiters.push(done);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** The resourceVersion the cache is current at. */
  lastSyncResourceVersion(): string {
    return this.reflector.lastSyncResourceVersion();
  }

  get reflectorState(): ReflectorState {
    return this.reflector.state;
  }

  isRunning(): boolean {
    return this.running !== undefined;
  }

  /** Runs the reflector until `signal` aborts or `stop()`; a second call while running joins the first. */
  run(signal?: AbortSignal): Promise<void> {
    if (this.running) return this.running.done;
    const controller = new AbortController();
    const onAbort = (): void => controller.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    if (signal?.aborted) controller.abort();
    const done = this.reflector.run(controller.signal).finally(() => {
      signal?.removeEventListener('abort', onAbort);
      this.stopResync();
      for (const waiter of [...this.syncWaiters]) waiter(this.synced);
      this.running = undefined;
    });
    this.running = { controller, done };
    if (this.synced) this.scheduleResync(); // run again after a stop: the cache is already synced
    return done;
  }

  /** Stops the reflector and resync; resolves once it has stopped. */
  async stop(): Promise<void> {
    const running = this.running;
    if (!running) return;
    running.controller.abort();
    await running.done;
  }

  /** The sink the reflector writes to: the store, plus deliveries to handlers. */
  private sink(): ReflectorSink<T> {
    const upsert = (obj: T): void => {
      const old = this.store.upsert(obj);
      if (old) this.each('onUpdate', (h) => h.onUpdate?.(old, obj));
      else this.each('onAdd', (h) => h.onAdd?.(obj, false));
    };
    return {
      replace: (items, resourceVersion) => {
        const initial = !this.synced;
        const { added, updated, deleted } = this.store.replace(items, resourceVersion);
        for (const obj of added) this.each('onAdd', (h) => h.onAdd?.(obj, initial));
        for (const { oldObj, newObj } of updated) this.each('onUpdate', (h) => h.onUpdate?.(oldObj, newObj));
        for (const tombstone of deleted) this.each('onDelete', (h) => h.onDelete?.(tombstone));
        if (initial) this.markSynced();
      },
      add: upsert,
      update: upsert,
      delete: (obj) => {
        // Only what the cache held: a delete of something never seen would be a phantom.
        if (this.store.remove(obj)) this.each('onDelete', (h) => h.onDelete?.(obj));
      },
      setResourceVersion: (rv) => this.store.setResourceVersion(rv),
    };
  }

  private markSynced(): void {
    this.synced = true;
    for (const waiter of [...this.syncWaiters]) waiter(true);
    this.scheduleResync();
  }

  private scheduleResync(): void {
    const period = this.opts.resync ?? 0;
    if (period <= 0 || !this.running) return;
    this.resyncTimer = this.clock.setTimeout(() => {
      this.resyncTimer = undefined;
      for (const obj of this.store.list()) this.each('onUpdate', (h) => h.onUpdate?.(obj, obj));
      this.scheduleResync();
    }, period);
  }

  private stopResync(): void {
    if (this.resyncTimer !== undefined) this.clock.clearTimeout(this.resyncTimer);
    this.resyncTimer = undefined;
  }

  private each(kind: keyof ResourceEventHandler<T>, fn: (h: ResourceEventHandler<T>) => void): void {
    for (const handler of [...this.handlers]) this.call(kind, () => fn(handler));
  }

  private call(kind: keyof ResourceEventHandler<T>, fn: () => void): void {
    try {
      fn();
    } catch (err) {
      this.log.error({ err, handler: kind }, 'event handler failed');
    }
  }
}
