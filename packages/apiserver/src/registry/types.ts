/** Shapes shared by the registry: API objects as JSON and the per-resource strategy hooks. */
import type { FieldCause, ResourceInfo } from '@skiff/api';
import type { ObjectMeta } from 'kubernetes-types/meta/v1.js';
import type { RequestContext } from './context.js';

/** A deep mutable view of the read-only kubernetes-types shapes. */
export type Writable<T> = T extends ReadonlyArray<infer U> ? Writable<U>[] : T extends object ? { -readonly [K in keyof T]: Writable<T[K]> } : T;

/** Any API object as JSON. */
export interface KObject {
  apiVersion?: string;
  kind?: string;
  metadata?: Writable<ObjectMeta>;
  [field: string]: unknown;
}

/** How DELETE should treat an object. */
export interface DeleteOptions {
  gracePeriodSeconds?: number;
  propagationPolicy?: 'Orphan' | 'Background' | 'Foreground';
  orphanDependents?: boolean;
  preconditions?: { uid?: string; resourceVersion?: string };
  dryRun?: string[];
}

/** Undo for a side effect taken before a write (e.g. an allocated IP) when the write fails. */
export type Rollback = () => Promise<void>;

/**
 * The per-resource policy the generic registry follows, as in Kubernetes' REST strategies.
 * Every hook is optional; the registry's defaults cover plain resources.
 */
export interface Strategy {
  /** Status subresource semantics: the main resource ignores status changes, /status ignores the rest. */
  readonly statusSubresource: boolean;
  /** `metadata.generation` starts at 1 and is bumped on every spec change. */
  readonly tracksGeneration: boolean;
  /** PUT on a missing object creates it. */
  readonly allowCreateOnUpdate: boolean;
  /** PUT without a resourceVersion is allowed (last write wins). */
  readonly allowUnconditionalUpdate: boolean;

  /** After defaulting, before validation, on create (e.g. reset status, set phase). */
  prepareForCreate?(obj: KObject, ctx: RequestContext): void;
  /** After defaulting, before validation, on update of the main resource. */
  prepareForUpdate?(obj: KObject, old: KObject, ctx: RequestContext): void;
  /** Extra validation beyond the shared per-kind rules. */
  validate?(obj: KObject, old: KObject | undefined): FieldCause[];
  /** Side effects before a create is written (allocations); returns their undo. */
  beforeCreate?(obj: KObject, ctx: RequestContext): Promise<Rollback | void>;
  /** Side effects before an update is written; returns their undo. */
  beforeUpdate?(obj: KObject, old: KObject, ctx: RequestContext): Promise<Rollback | void>;
  /** After an update of the main resource was written (release what the old state held). */
  afterUpdate?(obj: KObject, old: KObject): Promise<void>;
  /** After the object is gone from the store (release allocations). */
  afterDelete?(obj: KObject): Promise<void>;
  /**
   * Graceful deletion: the grace period to wait before the object really goes, or 0/undefined to
   * delete at once. Pods bound to a node wait for their kubelet.
   */
  gracePeriod?(obj: KObject, options: DeleteOptions): number | undefined;
  /** Refuses a delete by throwing (e.g. system namespaces, a namespace already being emptied). */
  checkDelete?(obj: KObject): void;
  /** Marks the start of deletion on the object (e.g. a namespace's Terminating phase); true if it did. */
  beginDelete?(obj: KObject): boolean;
  /** True while something other than metadata.finalizers holds the object (e.g. a namespace's spec.finalizers). */
  holdsDeletion?(obj: KObject): boolean;
}

export interface ResourceRegistration {
  info: ResourceInfo;
  strategy: Strategy;
}
