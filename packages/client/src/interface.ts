/** The one client interface every Skiff component codes against, whether it speaks REST or gRPC. */
import type { ResourceInfo } from '@skiff/api';
import type { ObjectMeta } from 'kubernetes-types/meta/v1.js';

/** Any API object as JSON. */
export interface ApiObject {
  apiVersion?: string;
  kind?: string;
  metadata?: ObjectMeta;
  [field: string]: unknown;
}

/** Names a resource: group ('' for core), version and plural resource, plus its scope. */
export type ResourceRef = Pick<ResourceInfo, 'group' | 'version' | 'resource' | 'namespaced'>;

export interface ListOptions {
  labelSelector?: string;
  fieldSelector?: string;
  limit?: number;
  continue?: string;
  /** "" (or absent): newest; "0": any; a revision: at least that (or exactly, with resourceVersionMatch Exact). */
  resourceVersion?: string;
  resourceVersionMatch?: 'Exact' | 'NotOlderThan';
}

export interface ObjectList<T extends ApiObject = ApiObject> {
  apiVersion?: string;
  kind?: string;
  metadata: { resourceVersion?: string; continue?: string; remainingItemCount?: number };
  items: T[];
}

export interface WatchOptions {
  labelSelector?: string;
  fieldSelector?: string;
  /** Absent or "0": ADDED for every current object first; otherwise changes after that revision. */
  resourceVersion?: string;
  allowWatchBookmarks?: boolean;
  timeoutSeconds?: number;
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';

/** One watch event; for ERROR, `object` is a meta/v1 Status (e.g. 410 Expired). */
export interface WatchEvent<T extends ApiObject = ApiObject> {
  type: WatchEventType;
  object: T;
}

/** A running watch: events in order through the async iterator; it ends when the server ends it or on `stop()`. */
export interface WatchStream<T extends ApiObject = ApiObject> extends AsyncIterable<WatchEvent<T>> {
  stop(): void;
}

export interface WriteOptions {
  fieldManager?: string;
  fieldValidation?: 'Strict' | 'Warn' | 'Ignore';
  dryRun?: boolean;
  /** On create: POST to this subresource of the object the body names (e.g. `binding` of a pod). */
  subresource?: string;
}

export interface UpdateOptions extends WriteOptions {
  /** e.g. `status` */
  subresource?: string;
}

export type PatchType = 'json' | 'merge' | 'strategic' | 'apply';

export interface PatchOptions extends UpdateOptions {
  /** Server-side apply: take fields from other managers. */
  force?: boolean;
}

export interface DeleteOptions {
  gracePeriodSeconds?: number;
  propagationPolicy?: 'Orphan' | 'Background' | 'Foreground';
  preconditions?: { uid?: string; resourceVersion?: string };
  dryRun?: boolean;
}

/**
 * Every verb on every resource. Failures are `StatusError`s (from @skiff/api) carrying the server's
 * Kubernetes reason and code, whichever transport was used.
 */
export interface ResourceClient {
  get<T extends ApiObject = ApiObject>(resource: ResourceRef, namespace: string | undefined, name: string): Promise<T>;
  list<T extends ApiObject = ApiObject>(resource: ResourceRef, namespace: string | undefined, opts?: ListOptions): Promise<ObjectList<T>>;
  watch<T extends ApiObject = ApiObject>(resource: ResourceRef, namespace: string | undefined, opts?: WatchOptions): Promise<WatchStream<T>>;
  create<T extends ApiObject = ApiObject>(resource: ResourceRef, namespace: string | undefined, obj: T, opts?: WriteOptions): Promise<T>;
  /** PUT of the whole object (its metadata.name names it); `subresource: 'status'` writes status only. */
  update<T extends ApiObject = ApiObject>(resource: ResourceRef, namespace: string | undefined, obj: T, opts?: UpdateOptions): Promise<T>;
  patch<T extends ApiObject = ApiObject>(resource: ResourceRef, namespace: string | undefined, name: string, type: PatchType, patch: unknown, opts?: PatchOptions): Promise<T>;
  /** Returns the object as the server answered (still present when deletion is graceful). */
  delete<T extends ApiObject = ApiObject>(resource: ResourceRef, namespace: string | undefined, name: string, opts?: DeleteOptions): Promise<T>;
  close(): Promise<void>;
}
