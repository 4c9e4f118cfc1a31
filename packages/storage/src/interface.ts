/** The storage seam: what the API server needs from a store of JSON objects with revisions. */

/** A stored object: plain JSON with `metadata` (resourceVersion is set by the store on read). */
export type StoredObject = { metadata?: { resourceVersion?: string }; [k: string]: unknown };

export interface ListOptions {
  /** Read at this store revision; `undefined` or 0 reads the newest. A compacted revision throws `CompactedError`. */
  revision?: number;
  /** At most this many items; 0 or undefined means all. */
  limit?: number;
  /** Opaque token from a previous page. */
  continue?: string;
  /** Optional server-side filter applied before `limit` counts. */
  filter?: (obj: StoredObject) => boolean;
  /**
   * Kubernetes `resourceVersion=0` ("any"): a recent state will do. Without `revision` and
   * `continue`, a store may then answer from its watch cache (possibly a little behind etcd,
   * ignoring `limit`, items shared and read-only), as kube-apiserver does.
   */
  anyRevision?: boolean;
}

export interface ListResult<T extends StoredObject = StoredObject> {
  items: T[];
  /** The store revision the list was read at. */
  revision: number;
  /** Token for the next page, when there is one. */
  continue?: string;
  /** How many items remain after this page, when known. */
  remainingItemCount?: number;
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';

export interface WatchEvent<T extends StoredObject = StoredObject> {
  type: WatchEventType;
  /** The object after the change; for DELETED, the last state with the deletion's revision. */
  object: T;
  /** Revision of the change. */
  revision: number;
  /** For MODIFIED and DELETED: the state before the change. */
  prevObject?: T;
}

export interface WatchOptions {
  /** Deliver changes after this revision. 0/undefined: first ADDED for every current object, then changes. */
  revision?: number;
  /** Events for keys below this prefix only (a namespace, or a single key). */
  filter?: (obj: StoredObject) => boolean;
  /** Ask for BOOKMARK events while idle. */
  bookmarks?: boolean;
}

/** A running watch. Events arrive through the async iterator; `stop()` ends it. */
export interface Watch<T extends StoredObject = StoredObject> extends AsyncIterable<WatchEvent<T>> {
  stop(): void;
}

/** Decides the new state from the current one; return `undefined` to make no write. */
export type UpdateFn<T extends StoredObject = StoredObject> = (current: T) => T | undefined | Promise<T | undefined>;

export interface Store {
  /** Creates `key`; throws `KeyExistsError` if it exists. Returns the stored object with resourceVersion set. */
  create<T extends StoredObject>(key: string, obj: T, opts?: { ttlSeconds?: number }): Promise<T>;
  /**
   * Throws `KeyNotFoundError`. With `anyRevision` (Kubernetes' resourceVersion=0) the answer may come
   * from the watch cache and be slightly behind etcd; such an object is shared and must not be modified.
   */
  get<T extends StoredObject>(key: string, opts?: { anyRevision?: boolean }): Promise<T>;
  /** Lists every key under `prefix` (which should end with '/'). */
  list<T extends StoredObject>(prefix: string, opts?: ListOptions): Promise<ListResult<T>>;
  /**
   * Read-modify-write with compare-and-swap on the mod revision, retried on races.
   * If `expectedResourceVersion` is given and differs from the stored one, throws `ConflictError` (no retry).
   */
  guaranteedUpdate<T extends StoredObject>(key: string, update: UpdateFn<T>, opts?: { expectedResourceVersion?: string }): Promise<T>;
  /**
   * Deletes `key` if `precondition` (given the current object) holds; throws `KeyNotFoundError`.
   * Returns the last state, with the deletion's revision as resourceVersion.
   */
  delete<T extends StoredObject>(key: string, opts?: { precondition?: (current: T) => void; expectedResourceVersion?: string }): Promise<T>;
  /** Watches keys under `prefix`. From a compacted revision: throws `CompactedError`. */
  watch<T extends StoredObject>(prefix: string, opts?: WatchOptions): Promise<Watch<T>>;
  /** The newest store revision. */
  currentRevision(): Promise<number>;
  /** Compacts history below `revision`. */
  compact(revision: number): Promise<void>;
  close(): Promise<void>;
}
