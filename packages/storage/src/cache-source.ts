/** What a watch cache reads from: a consistent list of a prefix and a watch that resumes after a revision. */
import type { StoredObject } from './interface.js';

export interface SourceEvent {
  type: 'PUT' | 'DELETE';
  key: string;
  /** Revision of the change. */
  revision: number;
  /** For PUT: the new object, with its resourceVersion set. */
  object?: StoredObject;
}

export interface SourceListing {
  /** Every key under the prefix with its object, read at `revision`. */
  items: Array<[string, StoredObject]>;
  revision: number;
}

export interface SourceHandlers {
  /** The watch is established. */
  onReady?(): void;
  /** Changes, in revision order. */
  onEvents(events: SourceEvent[]): void;
  /** No change under the prefix up to `revision` is still to come. */
  onProgress(revision: number): void;
  /** The watch cannot resume: history after its revision was compacted away. Terminal. */
  onCompacted(compactRevision: number): void;
  /** The watch broke. Terminal. */
  onError(err: Error): void;
}

export interface CacheSource {
  list(prefix: string): Promise<SourceListing>;
  /** Watches changes under `prefix` after `afterRevision`. */
  watch(prefix: string, afterRevision: number, handlers: SourceHandlers): { close(): void };
}
