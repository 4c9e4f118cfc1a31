/** A watch over HTTP: newline-delimited JSON events from a streaming response, as an async iterable that `stop()` cuts off. */
import { StatusError } from '@skiff/api';
import type { ApiObject, WatchEvent, WatchEventType, WatchStream } from '../interface.js';
import type { OpenStream } from './http-transport.js';
import { LineSplitter } from './line-splitter.js';

const EVENT_TYPES = new Set<WatchEventType>(['ADDED', 'MODIFIED', 'DELETED', 'BOOKMARK', 'ERROR']);

/**
 * Wraps an open watch response. The iterator ends when the server ends the stream, when the
 * connection drops (as client-go's watcher does; the caller re-watches), or on `stop()`. A line
 * that is not a watch event becomes a final ERROR event carrying an InternalError Status.
 */
export function watchStream<T extends ApiObject>(open: OpenStream, onDone?: () => void): WatchStream<T> {
  let stopped = false;
  let done = false;
  const finish = () => {
    if (done) return;
    done = true;
    open.abort();
    onDone?.();
  };

  async function* events(): AsyncGenerator<WatchEvent<T>> {
    const lines = new LineSplitter();
    try {
      try {
        for await (const chunk of open.response) {
          for (const line of lines.push(chunk as Buffer)) {
            // Data already buffered when stop() was called is not delivered.
            if (stopped) return;
            yield parseEvent<T>(line);
          }
        }
        for (const line of lines.end()) if (!stopped) yield parseEvent<T>(line);
      } catch (err) {
        if (stopped || !(err instanceof BadEvent)) return;
        yield errorEvent<T>(`unable to decode an event from the watch stream: ${err.message}`);
      }
    } finally {
      finish();
    }
  }

  const iterator = events();
  return {
    [Symbol.asyncIterator]: () => iterator,
    stop() {
      stopped = true;
      finish();
    },
  };
}

class BadEvent extends Error {}

function parseEvent<T extends ApiObject>(line: string): WatchEvent<T> {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (err) {
    throw new BadEvent(`${(err as Error).message}: ${line.slice(0, 200)}`);
  }
  const e = value as { type?: unknown; object?: unknown };
  if (typeof value !== 'object' || value === null || !EVENT_TYPES.has(e.type as WatchEventType) || typeof e.object !== 'object' || e.object === null) {
    throw new BadEvent(`not a watch event: ${line.slice(0, 200)}`);
  }
  return { type: e.type as WatchEventType, object: e.object as T };
}

function errorEvent<T extends ApiObject>(message: string): WatchEvent<T> {
  return { type: 'ERROR', object: new StatusError('InternalError', message).toStatus() as unknown as T };
}
