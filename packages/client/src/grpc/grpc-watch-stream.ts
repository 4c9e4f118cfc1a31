/** A gRPC Watch call as a `WatchStream`: events in order through an async iterator, `stop()` cancels the call. */
import { status as GrpcStatus, type ClientReadableStream, type ServiceError } from '@grpc/grpc-js';
import type { ApiObject, WatchEvent, WatchEventType, WatchStream } from '../interface.js';
import { statusErrorOfGrpc } from './status-of-error.js';

/** Events buffered before the call is paused (HTTP/2 flow control then holds the server back). */
const MAX_BUFFERED_EVENTS = 4096;

export interface WatchEventsMessage {
  events?: { type?: string; object?: Buffer }[];
}

/** Starts reading `call`; resolves once the server has established the watch (its headers arrived) or rejects with its StatusError. */
export function grpcWatchStream<T extends ApiObject>(call: ClientReadableStream<WatchEventsMessage>): Promise<WatchStream<T>> {
  const queue: WatchEvent<T>[] = [];
  let head = 0;
  let failure: Error | undefined;
  let ended = false;
  let stopped = false;
  let waiting: ((result: IteratorResult<WatchEvent<T>>) => void) | undefined;
  let waitingFail: ((err: Error) => void) | undefined;

  /** Hands the next event (or the end) to a consumer blocked in next(). */
  const settle = () => {
    if (!waiting) return;
    const resolve = waiting;
    const reject = waitingFail!;
    if (head < queue.length) {
      waiting = waitingFail = undefined;
      resolve({ value: shift(), done: false });
    } else if (failure) {
      waiting = waitingFail = undefined;
      reject(failure);
    } else if (ended) {
      waiting = waitingFail = undefined;
      resolve({ value: undefined, done: true });
    }
  };
  const shift = (): WatchEvent<T> => {
    const event = queue[head++]!;
    if (head === queue.length) {
      queue.length = 0;
      head = 0;
    }
    if (queue.length - head < MAX_BUFFERED_EVENTS / 2 && call.isPaused() && !ended) call.resume();
    return event;
  };

  const iterator: AsyncIterator<WatchEvent<T>> = {
    next() {
      if (head < queue.length) return Promise.resolve({ value: shift(), done: false });
      if (failure) return Promise.reject(failure);
      if (ended) return Promise.resolve({ value: undefined, done: true });
      return new Promise((resolve, reject) => {
        waiting = resolve;
        waitingFail = reject;
      });
    },
    return() {
      stream.stop();
      return Promise.resolve({ value: undefined, done: true });
    },
  };
  const stream: WatchStream<T> = {
    stop() {
      if (stopped) return;
      stopped = true;
      ended = true;
      queue.length = head = 0;
      call.cancel();
      settle();
    },
    [Symbol.asyncIterator]: () => iterator,
  };

  return new Promise<WatchStream<T>>((resolve, reject) => {
    let started = false;
    const start = () => {
      if (started) return;
      started = true;
      resolve(stream);
    };
    call.on('metadata', start);
    call.on('data', (message: WatchEventsMessage) => {
      if (stopped) return;
      start();
      try {
        for (const e of message.events ?? []) queue.push({ type: (e.type ?? '') as WatchEventType, object: JSON.parse(e.object?.toString('utf8') ?? 'null') as T });
      } catch (err) {
        failure = new Error(`watch event is not JSON: ${(err as Error).message}`);
        ended = true;
        call.cancel();
      }
      if (queue.length - head >= MAX_BUFFERED_EVENTS) call.pause();
      settle();
    });
    call.on('end', () => {
      ended = true;
      settle();
    });
    call.on('error', (err: ServiceError) => {
      ended = true;
      // Our own stop() cancels the call: that is the normal end, not a failure.
      if (!(stopped && err.code === GrpcStatus.CANCELLED)) {
        const statusError = statusErrorOfGrpc(err);
        if (!started) {
          started = true;
          reject(statusError);
          return;
        }
        failure ??= statusError;
      }
      settle();
    });
  });
}
