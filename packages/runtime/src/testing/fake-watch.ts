/** One watch of the fake API server: the store (or the test) pushes events into it, ends it or breaks it. */
import type { ApiObject, ResourceRef, WatchEvent, WatchOptions, WatchStream } from '@skiff/client';

type Item = { event?: WatchEvent; error?: unknown; end?: true };

export class FakeWatch implements WatchStream {
  stopped = false;
  private readonly queue: Item[] = [];
  private wake: (() => void) | undefined;

  constructor(
    readonly resource: ResourceRef,
    readonly namespace: string | undefined,
    readonly opts: WatchOptions,
  ) {}

  push(event: WatchEvent): void {
    this.enqueue({ event });
  }

  /** The server ends the stream cleanly. */
  end(): void {
    this.enqueue({ end: true });
  }

  /** The connection breaks: the iterator throws. */
  fail(error: unknown): void {
    this.enqueue({ error });
  }

  stop(): void {
    this.stopped = true;
    this.enqueue({ end: true });
  }

  private enqueue(item: Item): void {
    this.queue.push(item);
    this.wake?.();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<WatchEvent> {
    for (;;) {
      const item = this.queue.shift();
      if (!item) {
        await new Promise<void>((resolve) => (this.wake = resolve));
        this.wake = undefined;
        continue;
      }
      if (item.end) return;
      if (item.error) throw item.error;
      yield item.event!;
    }
  }
}

/** A 410 Expired Status, as the server sends it in an ERROR event. */
export function expiredStatus(message = 'too old resource version'): ApiObject {
  return { apiVersion: 'v1', kind: 'Status', status: 'Failure', message, reason: 'Expired', code: 410, metadata: {} };
}
