/** Sends a registry watch down a gRPC stream as WatchEvents messages, batching events that arrive together. */
import type { ServerWritableStream } from '@grpc/grpc-js';
import { toStatusError } from '@skiff/api';
import { cachedJson, type StoredObject } from '@skiff/storage';
import type { RegistryEvent, RegistryWatch } from '../registry/registry.js';
import { drainedOrEnded } from '../transport/drain.js';
import type { KObject } from '../registry/types.js';
import type { WatchEventMessage, WatchEventsMessage, WatchRequest } from './messages.js';

/**
 * Bounds of one message. gRPC costs far more per message than per byte, so a burst goes out in
 * few messages; the bounds keep each one well under the 16 MiB message limit and let the client
 * start on a long burst early.
 */
export const MAX_EVENTS_PER_MESSAGE = 512;
export const MAX_BYTES_PER_MESSAGE = 4 * 1024 * 1024;

export type WatchEventsCall = ServerWritableStream<WatchRequest, WatchEventsMessage>;

/** Watch events are shared between watchers of one resource: each object is encoded once (its JSON text is the store's cached one). */
const encoded = new WeakMap<object, Buffer>();

function encode(object: KObject): Buffer {
  let bytes = encoded.get(object);
  if (!bytes) {
    bytes = Buffer.from(cachedJson(object as KObject & StoredObject));
    encoded.set(object, bytes);
  }
  return bytes;
}

/** The ERROR event carrying `err` as a meta/v1 Status, as REST sends it. */
export function errorEvent(err: unknown): WatchEventMessage {
  return { type: 'ERROR', object: Buffer.from(JSON.stringify(toStatusError(err).toStatus())) };
}

/**
 * Writes events until the watch ends or the call is cancelled. Events that arrive together go out
 * together: a batch is sent once the event loop turns (setImmediate), or at once when full. A failing
 * watch ends with an ERROR event. When HTTP/2 flow control pushes back, reading the watch waits, so a
 * slow client holds its watch back (and the store ends it if it falls too far behind).
 */
export async function sendWatch(call: WatchEventsCall, watch: RegistryWatch, onEvent?: (event: RegistryEvent) => void): Promise<void> {
  let batch: WatchEventMessage[] = [];
  let bytes = 0;
  let scheduled: NodeJS.Immediate | undefined;
  let blocked = false;
  const flush = () => {
    if (scheduled) clearImmediate(scheduled);
    scheduled = undefined;
    // While flow control pushes back the batch waits; the loop below reads nothing more until `drain`.
    if (blocked || batch.length === 0 || call.cancelled) return;
    blocked = !call.write({ events: batch });
    batch = [];
    bytes = 0;
  };
  const unblock = async () => {
    await drainedOrEnded(call, 'cancelled');
    blocked = false;
    flush();
  };
  try {
    for await (const event of watch) {
      if (call.cancelled) break;
      const object = encode(event.object);
      batch.push({ type: event.type, object });
      bytes += object.length;
      onEvent?.(event);
      if (batch.length >= MAX_EVENTS_PER_MESSAGE || bytes >= MAX_BYTES_PER_MESSAGE) flush();
      else scheduled ??= setImmediate(flush);
      if (blocked) await unblock();
    }
    if (blocked) await unblock();
    flush();
  } catch (err) {
    if (scheduled) clearImmediate(scheduled);
    if (!call.cancelled) call.write({ events: [...batch, errorEvent(err)] });
  }
}
