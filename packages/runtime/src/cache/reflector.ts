/** The reflector: lists, then watches, a resource into a sink, as an explicit state machine that never dies. */
import type { ApiObject, ResourceClient, ResourceRef, WatchStream } from '@skiff/client';
import type { Status } from 'kubernetes-types/meta/v1.js';
import { pino, type Logger } from 'pino';
import { realClock, type Clock } from '../clock/index.js';
import { ReflectorBackoff } from './backoff.js';
import type { ReflectorSink } from './store.js';

/** Page size of the list (client-go's default): bounds one response however big the resource is. */
export const LIST_PAGE_SIZE = 500;
/** Watches ask the server to end them after 5-10 minutes (random), so connections are renewed and spread out. */
export const MIN_WATCH_TIMEOUT_SECONDS = 5 * 60;

/**
 * Where a reflector is:
 * - `init`: not started; next is a list.
 * - `listing`: reading every page of a list; the items are built aside and given to the sink whole.
 * - `watching`: watching from `resourceVersion` (the list's, then the newest event's or bookmark's).
 * - `backoff`: waiting `delayMs` after `error`, then going on to `then`.
 * - `stopped`: its signal aborted.
 */
export type ReflectorState =
  | { readonly phase: 'init' }
  | { readonly phase: 'listing' }
  | { readonly phase: 'watching'; readonly resourceVersion: string }
  | { readonly phase: 'backoff'; readonly delayMs: number; readonly error: unknown; readonly then: ListingOrWatching }
  | { readonly phase: 'stopped' };

type ListingOrWatching = Extract<ReflectorState, { phase: 'listing' | 'watching' }>;

export interface ReflectorOptions {
  /** Only this namespace (namespaced resources); all namespaces when absent. */
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  pageSize?: number;
  clock?: Clock;
  /** Uniform in [0, 1), for the backoff's jitter. */
  random?: () => number;
  logger?: Logger;
  /** Called on every state change (tests, metrics). */
  onStateChange?: (state: ReflectorState) => void;
}

/** A watch ERROR event, as an Error carrying its Status. */
export class WatchErrorEvent extends Error {
  constructor(readonly status: Status) {
    super(status.message ?? `watch error ${status.code ?? ''} ${status.reason ?? ''}`.trim());
    this.name = 'WatchErrorEvent';
  }
}

/** True for 410 (Expired or Gone): the revision asked for is no longer available, so only a relist helps. */
export function isExpired(err: unknown): boolean {
  if (err instanceof WatchErrorEvent) return err.status.code === 410 || err.status.reason === 'Expired' || err.status.reason === 'Gone';
  const e = err as { code?: unknown; reason?: unknown } | null;
  return typeof e === 'object' && e !== null && (e.code === 410 || e.reason === 'Expired' || e.reason === 'Gone');
}

/**
 * Keeps a sink in step with the server. Transitions:
 * init -> listing; listing -> watching (list complete, `replace`d) | backoff -> listing (list failed);
 * watching -> watching (the server ended the watch after events: resume from the newest resourceVersion)
 *          | backoff -> listing (410 Expired, any other ERROR event, or the stream failed or could not start)
 *          | backoff -> watching (the watch ended at once without an event);
 * any -> stopped (signal aborted). Failures never end `run`.
 */
export class Reflector<T extends ApiObject = ApiObject> {
  private current: ReflectorState = { phase: 'init' };
  private lastRv = '';
  private readonly clock: Clock;
  private readonly backoff: ReflectorBackoff;
  private readonly log: Logger;

  constructor(
    private readonly client: ResourceClient,
    private readonly resource: ResourceRef,
    private readonly sink: ReflectorSink<T>,
    private readonly opts: ReflectorOptions = {},
  ) {
    this.clock = opts.clock ?? realClock;
    this.backoff = new ReflectorBackoff({ clock: this.clock, ...(opts.random ? { random: opts.random } : {}) });
    this.log = (opts.logger ?? pino({ level: 'silent' })).child({ resource: `${resource.resource}${resource.group ? '.' + resource.group : ''}` });
  }

  get state(): ReflectorState {
    return this.current;
  }

  /** The resourceVersion of the newest list, event or bookmark delivered ('' before the first list). */
  lastSyncResourceVersion(): string {
    return this.lastRv;
  }

  /** Runs until `signal` aborts; resolves then (never rejects). */
  async run(signal: AbortSignal): Promise<void> {
    this.enter({ phase: 'init' });
    while (!signal.aborted) {
      let next: ReflectorState;
      try {
        next = await this.step(this.current, signal);
      } catch (err) {
        // step() handles every expected failure; this is a bug or a throwing sink: retry from a list.
        next = this.fail(err, { phase: 'listing' });
      }
      this.enter(signal.aborted ? { phase: 'stopped' } : next);
    }
    if (this.current.phase !== 'stopped') this.enter({ phase: 'stopped' });
  }

  private enter(state: ReflectorState): void {
    this.current = state;
    this.opts.onStateChange?.(state);
  }

  private async step(state: ReflectorState, signal: AbortSignal): Promise<ReflectorState> {
    switch (state.phase) {
      case 'init':
        return { phase: 'listing' };
      case 'listing':
        return this.list(signal);
      case 'watching':
        return this.watch(state.resourceVersion, signal);
      case 'backoff':
        await this.clock.sleep(state.delayMs, signal).catch(() => undefined);
        return state.then;
      case 'stopped':
        return state;
    }
  }

  private fail(error: unknown, then: ListingOrWatching): ReflectorState {
    const delayMs = this.backoff.next();
    this.log.warn({ err: error, delayMs, then: then.phase }, isExpired(error) ? 'watch expired, relisting' : 'list or watch failed');
    return { phase: 'backoff', delayMs, error, then };
  }

  private namespace(): string | undefined {
    return this.resource.namespaced ? this.opts.namespace : undefined;
  }

  /** Reads every page, then swaps the whole result into the sink. */
  private async list(signal: AbortSignal): Promise<ReflectorState> {
    const items: T[] = [];
    let resourceVersion = '';
    let cont: string | undefined;
    try {
      do {
        const page = await this.client.list<T>(this.resource, this.namespace(), {
          limit: this.opts.pageSize ?? LIST_PAGE_SIZE,
          ...(cont ? { continue: cont } : {}),
          ...(this.opts.labelSelector ? { labelSelector: this.opts.labelSelector } : {}),
          ...(this.opts.fieldSelector ? { fieldSelector: this.opts.fieldSelector } : {}),
        });
        if (signal.aborted) return { phase: 'stopped' };
        for (const item of page.items) items.push(item);
        // Every page of one list is read at the first page's revision.
        if (!resourceVersion) resourceVersion = page.metadata.resourceVersion ?? '';
        cont = page.metadata.continue || undefined;
      } while (cont);
    } catch (err) {
      return this.fail(err, { phase: 'listing' });
    }
    if (!resourceVersion) return this.fail(new Error('list returned no resourceVersion'), { phase: 'listing' });
    this.sink.replace(items, resourceVersion);
    this.lastRv = resourceVersion;
    this.log.debug({ items: items.length, resourceVersion }, 'listed');
    return { phase: 'watching', resourceVersion };
  }

  /** Watches from `resourceVersion` until the stream ends or fails. */
  private async watch(resourceVersion: string, signal: AbortSignal): Promise<ReflectorState> {
    let stream: WatchStream<T>;
    try {
      stream = await this.client.watch<T>(this.resource, this.namespace(), {
        resourceVersion,
        allowWatchBookmarks: true,
        timeoutSeconds: MIN_WATCH_TIMEOUT_SECONDS + Math.floor((this.opts.random ?? Math.random)() * MIN_WATCH_TIMEOUT_SECONDS),
        ...(this.opts.labelSelector ? { labelSelector: this.opts.labelSelector } : {}),
        ...(this.opts.fieldSelector ? { fieldSelector: this.opts.fieldSelector } : {}),
      });
    } catch (err) {
      return this.fail(err, { phase: 'listing' });
    }
    const onAbort = (): void => stream.stop();
    signal.addEventListener('abort', onAbort, { once: true });
    if (signal.aborted) stream.stop(); // aborted while the watch was being opened
    let rv = resourceVersion;
    let events = 0;
    try {
      for await (const event of stream) {
        if (signal.aborted) break;
        const obj = event.object;
        switch (event.type) {
          case 'ADDED':
            this.sink.add(obj);
            break;
          case 'MODIFIED':
            this.sink.update(obj);
            break;
          case 'DELETED':
            this.sink.delete(obj);
            break;
          case 'BOOKMARK':
            if (obj.metadata?.resourceVersion) this.sink.setResourceVersion?.(obj.metadata.resourceVersion);
            break;
          case 'ERROR':
            return this.fail(new WatchErrorEvent(obj as unknown as Status), { phase: 'listing' });
          default:
            return this.fail(new Error(`unknown watch event type ${JSON.stringify(event.type)}`), { phase: 'listing' });
        }
        rv = obj.metadata?.resourceVersion || rv;
        this.lastRv = rv;
        events++;
      }
    } catch (err) {
      if (signal.aborted) return { phase: 'stopped' };
      return this.fail(err, { phase: 'listing' });
    } finally {
      signal.removeEventListener('abort', onAbort);
      stream.stop();
    }
    if (signal.aborted) return { phase: 'stopped' };
    // A watch that ends with nothing to show would otherwise be retried in a tight loop.
    if (events === 0) return this.fail(new Error('watch ended without events'), { phase: 'watching', resourceVersion: rv });
    return { phase: 'watching', resourceVersion: rv };
  }
}
