/** Waiting out back-pressure on a response stream: resolves on `drain`, or when the stream ends first. */
import type { EventEmitter } from 'node:events';

export function drainedOrEnded(stream: EventEmitter, endEvent: string): Promise<void> {
  return new Promise<void>((resolve) => {
    const done = () => {
      stream.off('drain', done);
      stream.off(endEvent, done);
      resolve();
    };
    stream.on('drain', done);
    stream.on(endEvent, done);
  });
}
