/** Records core/v1 Events about API objects: asynchronous, correlated, spam-filtered; never throws into the caller. */
import { isStatusError } from '@skiff/api';
import type { ApiObject, ResourceClient } from '@skiff/client';
import type { ObjectReference } from 'kubernetes-types/core/v1.js';
import { format } from 'node:util';
import { pino, type Logger } from 'pino';
import { realClock, type Clock } from '../clock/index.js';
import { waitFor } from '../leaderelection/clock-wait.js';
import { EventCorrelator, type Correlation } from './event-correlator.js';
import { CLUSTER_SCOPED_EVENT_NAMESPACE, EVENTS, eventName, formatTime, referenceTo, type CoreEvent, type EventType } from './event-object.js';

/** Events waiting to be written before new ones are dropped (client-go's maxQueuedEvents). */
export const MAX_QUEUED_EVENTS = 1000;
/** Tries per event before giving up on a failing server (client-go's maxTriesPerEvent). */
export const MAX_WRITE_ATTEMPTS = 12;
/** Pause between tries (client-go's defaultSleepDuration); the first pause is jittered so recorders do not retry in step. */
export const WRITE_RETRY_INTERVAL_MS = 10_000;

export interface EventRecorderOptions {
  client: ResourceClient;
  /** `source.component` and `reportingComponent`, e.g. `default-scheduler`, `kubelet`. */
  component: string;
  /** `source.host` and `reportingInstance`, e.g. the node name. */
  host?: string;
  clock?: Clock;
  logger?: Logger;
  /** Spam filter burst per source+object (default 25). */
  spamBurst?: number;
  /** Spam filter refill: one token per this many ms (default 5 minutes). */
  spamRefillIntervalMs?: number;
}

export class EventRecorder {
  private readonly client: ResourceClient;
  private readonly source: { component: string; host?: string };
  private readonly clock: Clock;
  private readonly log: Logger;
  private readonly correlator: EventCorrelator;
  private readonly queue: CoreEvent[] = [];
  /** Aborted by shutdown: retries stop waiting and give up. */
  private readonly stopping = new AbortController();
  private worker: Promise<void> | undefined;
  private lastNanos = 0n;
  private closed = false;

  constructor(opts: EventRecorderOptions) {
    this.client = opts.client;
    this.source = opts.host ? { component: opts.component, host: opts.host } : { component: opts.component };
    this.clock = opts.clock ?? realClock;
    this.log = (opts.logger ?? pino({ name: 'event-recorder' })).child({ component: opts.component });
    const correlatorOpts: ConstructorParameters<typeof EventCorrelator>[0] = { clock: this.clock };
    if (opts.spamBurst !== undefined) correlatorOpts.spamBurst = opts.spamBurst;
    if (opts.spamRefillIntervalMs !== undefined) correlatorOpts.spamRefillIntervalMs = opts.spamRefillIntervalMs;
    this.correlator = new EventCorrelator(correlatorOpts);
  }

  /** Records an event about `object`. Returns at once; the write happens in the background. */
  event(object: ApiObject | ObjectReference, type: EventType, reason: string, message: string): void {
    try {
      this.enqueue(object, type, reason, message);
    } catch (err) {
      this.log.error({ err: String(err), reason }, 'dropped event: could not build it');
    }
  }

  /** `event` with a printf-style message (node:util format: %s, %d, %j, %o ...). */
  eventf(object: ApiObject | ObjectReference, type: EventType, reason: string, messageFmt: string, ...args: unknown[]): void {
    this.event(object, type, reason, format(messageFmt, ...args));
  }

  /** Resolves when every event recorded so far has been written (or given up on). */
  async flush(): Promise<void> {
    while (this.worker) await this.worker;
  }

  /** Stops accepting events, ends retry waits, and waits for the writes already queued. */
  async shutdown(): Promise<void> {
    this.closed = true;
    this.stopping.abort();
    await this.flush();
  }

  private enqueue(object: ApiObject | ObjectReference, type: EventType, reason: string, message: string): void {
    if (this.closed) {
      this.log.warn({ reason }, 'dropped event: recorder is shut down');
      return;
    }
    if (type !== 'Normal' && type !== 'Warning') {
      this.log.error({ type, reason }, 'dropped event: unsupported event type');
      return;
    }
    const ref = referenceTo(object);
    if (!ref) {
      this.log.error({ reason }, 'dropped event: could not construct reference to the object');
      return;
    }
    if (this.queue.length >= MAX_QUEUED_EVENTS) {
      this.log.warn({ reason, object: ref.name }, 'dropped event: too many events queued');
      return;
    }
    const now = this.clock.now();
    // Nanoseconds from a millisecond clock; kept strictly increasing so names never collide.
    let nanos = BigInt(Math.floor(now)) * 1_000_000n;
    if (nanos <= this.lastNanos) nanos = this.lastNanos + 1n;
    this.lastNanos = nanos;
    const timestamp = formatTime(now);
    this.queue.push({
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: eventName(ref.name!, nanos), namespace: ref.namespace || CLUSTER_SCOPED_EVENT_NAMESPACE },
      involvedObject: ref,
      reason,
      message,
      source: { ...this.source },
      firstTimestamp: timestamp,
      lastTimestamp: timestamp,
      count: 1,
      type,
      reportingComponent: this.source.component,
      reportingInstance: this.source.host ?? '',
    });
    this.startWorker();
  }

  private startWorker(): void {
    if (this.worker) return;
    this.worker = this.drain().finally(() => {
      this.worker = undefined;
      // An event queued between the drain's end and this callback still gets written.
      if (this.queue.length > 0) this.startWorker();
    });
  }

  /** One writer, in order: correlation depends on the previous write having landed. */
  private async drain(): Promise<void> {
    for (let event = this.queue.shift(); event; event = this.queue.shift()) {
      try {
        await this.record(event);
      } catch (err) {
        this.log.error({ err: String(err) }, 'dropped event: unexpected failure');
      }
    }
  }

  private async record(event: CoreEvent): Promise<void> {
    const decision = this.correlator.correlate(event);
    if (decision.action === 'drop') {
      this.log.warn({ object: event.involvedObject.name, reason: event.reason }, 'dropped event: rate limited by the spam filter');
      return;
    }
    for (let attempt = 1; ; attempt++) {
      try {
        const written = await this.write(decision);
        this.correlator.commit(decision.key, written);
        return;
      } catch (err) {
        const retriable = !isStatusError(err) || err.code >= 500 || err.code === 429;
        if (!retriable || attempt >= MAX_WRITE_ATTEMPTS || this.stopping.signal.aborted) {
          this.log.warn({ err: String(err), object: event.involvedObject.name, reason: event.reason, attempt }, 'dropped event: could not write it');
          return;
        }
        const pause = attempt === 1 ? WRITE_RETRY_INTERVAL_MS * Math.random() : WRITE_RETRY_INTERVAL_MS;
        await waitFor(this.clock, Math.round(pause), this.stopping.signal);
      }
    }
  }

  /** Creates the event, or bumps the existing one; a bump of an Event gone from the server recreates it. */
  private async write(decision: Exclude<Correlation, { action: 'drop' }>): Promise<CoreEvent> {
    const { event } = decision;
    const namespace = event.metadata.namespace;
    if (decision.action === 'patch') {
      try {
        const patched = await this.client.patch<CoreEvent>(EVENTS, namespace, event.metadata.name, 'merge', decision.patch);
        return { ...event, ...patched };
      } catch (err) {
        if (!(isStatusError(err) && err.code === 404)) throw err;
      }
    }
    const created = await this.client.create<CoreEvent>(EVENTS, namespace, event);
    return { ...event, ...created };
  }
}
