/** The generic registry: every verb of one resource, following its strategy, over the store. */
import {
  applyDefaults,
  badRequest,
  checkSchema,
  conflict,
  invalid,
  notFound,
  recordUpdateManager,
  validateCreate,
  validateStatusUpdate,
  validateUpdate,
  OBJECT_MODIFIED,
  StatusError,
  type FieldCause,
  type FieldValidation,
  type ResourceInfo,
} from '@skiff/api';
import { ConflictError, KeyNotFoundError, type Store, type StoredObject, type Watch, type WatchEvent } from '@skiff/storage';
import { isDeepStrictEqual } from 'node:util';
import type { Clock } from './clock.js';
import { rfc3339 } from './clock.js';
import type { RequestContext } from './context.js';
import { collectionPrefix, objectKey } from './keys.js';
import { bumpGenerationOnSpecChange, generateName, initObjectMeta, preserveObjectMeta, resetMetaForStatus } from './object-meta.js';
import { parseSelection } from './selection.js';
import { fromStorageError } from './storage-errors.js';
import { checkTypeMeta, expectedTypeOf } from './type-meta.js';
import type { DeleteOptions, KObject, Rollback, Strategy } from './types.js';
import { applyPatch, type PatchType } from './patching.js';

/** How many names to try when `generateName` collides. */
const GENERATE_NAME_ATTEMPTS = 8;

export interface ListQuery {
  labelSelector?: string;
  fieldSelector?: string;
  limit?: number;
  continue?: string;
  resourceVersion?: string;
  resourceVersionMatch?: string;
}

export interface WatchQuery {
  labelSelector?: string;
  fieldSelector?: string;
  resourceVersion?: string;
  allowWatchBookmarks?: boolean;
}

export interface ListOutcome {
  items: KObject[];
  resourceVersion: string;
  continue?: string;
  remainingItemCount?: number;
}

export interface WriteOptions {
  fieldValidation: FieldValidation;
}

export interface RegistryEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK';
  object: KObject;
}

export interface RegistryWatch extends AsyncIterable<RegistryEvent> {
  stop(): void;
}

/** Looks a namespace up for lifecycle checks; undefined when it does not exist. */
export type NamespaceLookup = (name: string) => Promise<KObject | undefined>;

export interface RegistryDeps {
  store: Store;
  clock: Clock;
  namespaceLookup: NamespaceLookup;
  /** Told when an object of this registry began its (graceful) deletion, e.g. so the namespace lookup reads it live for a while. */
  onDeleting?: (info: ResourceInfo, name: string) => void;
}

/** `resourceVersion` query values: "" or absent = newest, "0" = any, else a revision. */
function parseRevision(rv: string | undefined): number | undefined {
  if (rv === undefined || rv === '') return undefined;
  if (!/^\d+$/.test(rv)) throw badRequest(`Invalid value: "${rv}": resourceVersion must be a non-negative integer`);
  return Number(rv);
}

export class ResourceRegistry {
  readonly info: ResourceInfo;
  readonly strategy: Strategy;
  private readonly deps: RegistryDeps;

  constructor(info: ResourceInfo, strategy: Strategy, deps: RegistryDeps) {
    this.info = info;
    this.strategy = strategy;
    this.deps = deps;
  }

  private key(namespace: string | undefined, name: string): string {
    return objectKey(this.info, namespace, name);
  }

  private subject(name: string) {
    return { resource: this.info.resource, group: this.info.group, name };
  }

  private fail(err: unknown, name = ''): never {
    throw fromStorageError(err, this.info, name);
  }

  async get(namespace: string | undefined, name: string): Promise<KObject> {
    try {
      return await this.deps.store.get<KObject & StoredObject>(this.key(namespace, name));
    } catch (err) {
      this.fail(err, name);
    }
  }

  async list(namespace: string | undefined, query: ListQuery): Promise<ListOutcome> {
    const selection = parseSelection(this.info, query.labelSelector, query.fieldSelector);
    const revision = query.resourceVersionMatch === 'Exact' ? parseRevision(query.resourceVersion) : undefined;
    if (query.resourceVersion !== undefined) parseRevision(query.resourceVersion);
    if (selection.exactName !== undefined && !query.continue) {
      const rev = await this.deps.store.currentRevision();
      try {
        const obj = await this.deps.store.get<KObject & StoredObject>(this.key(namespace, selection.exactName));
        const matches = !selection.filter || selection.filter(obj);
        return { items: matches ? [obj] : [], resourceVersion: String(rev) };
      } catch (err) {
        if (err instanceof KeyNotFoundError) return { items: [], resourceVersion: String(rev) };
        this.fail(err);
      }
    }
    try {
      const result = await this.deps.store.list<KObject & StoredObject>(collectionPrefix(this.info, namespace), {
        revision,
        limit: query.limit,
        continue: query.continue,
        filter: selection.filter as ((o: StoredObject) => boolean) | undefined,
      });
      const out: ListOutcome = { items: result.items, resourceVersion: String(result.revision) };
      if (result.continue) out.continue = result.continue;
      if (result.remainingItemCount !== undefined) out.remainingItemCount = result.remainingItemCount;
      return out;
    } catch (err) {
      this.fail(err);
    }
  }

  async watch(namespace: string | undefined, query: WatchQuery): Promise<RegistryWatch> {
    const selection = parseSelection(this.info, query.labelSelector, query.fieldSelector);
    const revision = parseRevision(query.resourceVersion);
    let watch: Watch<KObject & StoredObject>;
    try {
      watch = await this.deps.store.watch<KObject & StoredObject>(collectionPrefix(this.info, namespace), {
        revision: revision === 0 ? undefined : revision,
        filter: selection.filter as ((o: StoredObject) => boolean) | undefined,
        bookmarks: query.allowWatchBookmarks === true,
      });
    } catch (err) {
      this.fail(err);
    }
    const info = this.info;
    async function* events(): AsyncGenerator<RegistryEvent> {
      for await (const ev of watch as AsyncIterable<WatchEvent<KObject & StoredObject>>) {
        if (ev.type === 'ERROR') continue;
        if (ev.type === 'BOOKMARK') {
          yield { type: 'BOOKMARK', object: { ...expectedTypeOf(info), metadata: { resourceVersion: String(ev.revision) } } };
        } else {
          yield { type: ev.type, object: ev.object };
        }
      }
    }
    const iterable = events();
    return {
      [Symbol.asyncIterator]: () => iterable,
      stop: () => watch.stop(),
    };
  }

  /** Runs the create admission steps on `body` and returns the object to write. */
  private async admitCreate(ctx: RequestContext, namespace: string | undefined, body: unknown, opts: WriteOptions): Promise<KObject> {
    const checked = checkSchema(this.gvk(), checkTypeMeta(body, expectedTypeOf(this.info)), opts.fieldValidation);
    ctx.warnings.push(...checked.warnings);
    const obj = checked.object as KObject;
    const meta = (obj.metadata ??= {});
    this.checkNamespace(obj, namespace);
    if (!meta.name && meta.generateName) meta.name = generateName(meta.generateName);
    applyDefaults(this.info, obj);
    initObjectMeta(obj, this.deps.clock.now(), this.strategy.tracksGeneration);
    this.strategy.prepareForCreate?.(obj, ctx);
    this.validate(obj, validateCreate(this.info, obj), undefined);
    if (this.info.namespaced) await this.checkNamespaceLifecycle(meta.namespace!, meta.name ?? '');
    this.recordManager(ctx, undefined, obj);
    return obj;
  }

  async create(ctx: RequestContext, namespace: string | undefined, body: unknown, opts: WriteOptions): Promise<KObject> {
    const generated = !!(body as KObject | null)?.metadata?.generateName && !(body as KObject).metadata?.name;
    const template = generated ? structuredClone(body) : undefined;
    for (let attempt = 0; ; attempt++) {
      const obj = await this.admitCreate(ctx, namespace, attempt === 0 ? body : structuredClone(template), opts);
      try {
        return await this.write(ctx, obj);
      } catch (err) {
        if (generated && err instanceof StatusError && err.reason === 'AlreadyExists' && attempt < GENERATE_NAME_ATTEMPTS) continue;
        throw err;
      }
    }
  }

  /** Writes an admitted new object, running the strategy's side effects and their undo on failure. */
  private async write(ctx: RequestContext, obj: KObject): Promise<KObject> {
    const name = obj.metadata!.name!;
    const rollback = await this.strategy.beforeCreate?.(obj, ctx);
    if (ctx.dryRun) {
      await rollback?.();
      return obj;
    }
    try {
      return await this.deps.store.create<KObject & StoredObject>(this.key(obj.metadata!.namespace, name), obj as KObject & StoredObject);
    } catch (err) {
      await rollback?.();
      this.fail(err, name);
    }
  }

  /** PUT: replace the object (or its status). Returns whether it was created. */
  async update(
    ctx: RequestContext,
    namespace: string | undefined,
    name: string,
    body: unknown,
    opts: WriteOptions & { subresource?: 'status' },
  ): Promise<{ object: KObject; created: boolean }> {
    const incoming = checkTypeMeta(body, expectedTypeOf(this.info));
    const meta = (incoming.metadata ??= {});
    if (meta.name !== undefined && meta.name !== name) {
      throw badRequest(`the name of the object (${meta.name}) does not match the name on the URL (${name})`);
    }
    meta.name = name;
    this.checkNamespace(incoming, namespace);
    const expectedRV = meta.resourceVersion || undefined;
    if (!expectedRV && !this.strategy.allowUnconditionalUpdate) {
      throw invalid(this.info.kind, this.info.group, name, [
        { type: 'FieldValueInvalid', field: 'metadata.resourceVersion', message: 'Invalid value: 0x0: must be specified for an update' },
      ]);
    }
    return this.guardedUpdate(ctx, namespace, name, opts.subresource, () => structuredClone(incoming), opts, expectedRV, () =>
      this.strategy.allowCreateOnUpdate && !opts.subresource ? this.create(ctx, namespace, incoming, opts) : undefined,
    );
  }

  /** PATCH of any type; server-side apply creates a missing object. */
  async patch(
    ctx: RequestContext,
    namespace: string | undefined,
    name: string,
    type: PatchType,
    patch: unknown,
    opts: WriteOptions & { subresource?: 'status'; force?: boolean },
  ): Promise<{ object: KObject; created: boolean }> {
    if (type === 'apply') ctx.serverSideApply = true;
    if (type === 'apply' && !ctx.fieldManager) {
      throw invalid('PatchOptions', 'meta.k8s.io', '', [{ type: 'FieldValueRequired', field: 'fieldManager', message: 'Required value: is required for apply patch' }]);
    }
    const gvk = this.gvk();
    const now = this.deps.clock.now();
    const create = (): Promise<KObject> | undefined => {
      if (type !== 'apply' || opts.subresource) return undefined;
      const applied = checkTypeMeta(patch, expectedTypeOf(this.info));
      const meta = (applied.metadata ??= {});
      if (meta.name !== undefined && meta.name !== name) {
        throw badRequest(`the name of the object (${meta.name}) does not match the name on the URL (${name})`);
      }
      meta.name = name;
      const fresh = applyPatch('apply', undefined, applied, gvk, { fieldManager: ctx.fieldManager!, force: opts.force ?? false, now });
      return this.create(ctx, namespace, fresh, opts);
    };
    return this.guardedUpdate(
      ctx,
      namespace,
      name,
      opts.subresource,
      (current) => {
        const base = structuredClone(current);
        const patched = applyPatch(type, base, patch, gvk, { fieldManager: ctx.fieldManager ?? '', force: opts.force ?? false, now });
        const rv = (patched as KObject | null)?.metadata?.resourceVersion;
        if (rv && rv !== current.metadata?.resourceVersion) throw conflict(this.subject(name), OBJECT_MODIFIED);
        return checkTypeMeta(patched, expectedTypeOf(this.info));
      },
      opts,
      undefined,
      create,
    );
  }

  /** Read-modify-write through the store's CAS loop, with every update admission step. */
  private async guardedUpdate(
    ctx: RequestContext,
    namespace: string | undefined,
    name: string,
    subresource: 'status' | undefined,
    produce: (current: KObject) => KObject,
    opts: WriteOptions,
    expectedResourceVersion: string | undefined,
    createInstead: () => Promise<KObject> | undefined,
  ): Promise<{ object: KObject; created: boolean }> {
    const undo: { rollback?: Rollback | void } = {};
    let dryRunResult: KObject | undefined;
    let previous: KObject | undefined;
    try {
      const object = await this.deps.store.guaranteedUpdate<KObject & StoredObject>(
        this.key(namespace, name),
        async (current) => {
          await undo.rollback?.();
          undo.rollback = undefined;
          previous = current;
          const next = this.admitUpdate(ctx, produce(current), current, subresource, opts);
          if (next === undefined) return undefined;
          undo.rollback = subresource ? undefined : await this.strategy.beforeUpdate?.(next, current, ctx);
          if (ctx.dryRun) {
            dryRunResult = next;
            return undefined;
          }
          return next as KObject & StoredObject;
        },
        { expectedResourceVersion },
      );
      if (dryRunResult) {
        await undo.rollback?.();
        return { object: dryRunResult, created: false };
      }
      if (!subresource && previous && previous.metadata?.resourceVersion !== object.metadata?.resourceVersion) {
        await this.strategy.afterUpdate?.(object, previous);
      }
      return { object: await this.finalizeIfDone(object), created: false };
    } catch (err) {
      await undo.rollback?.();
      if (err instanceof KeyNotFoundError) {
        const created = createInstead();
        if (created) return { object: await created, created: true };
      }
      this.fail(err, name);
    }
  }

  /** The update admission steps; undefined when nothing changes. */
  private admitUpdate(ctx: RequestContext, incoming: KObject, current: KObject, subresource: 'status' | undefined, opts: WriteOptions): KObject | undefined {
    const checked = checkSchema(this.gvk(), incoming, opts.fieldValidation);
    ctx.warnings.push(...checked.warnings);
    let obj = checked.object as KObject;
    const name = current.metadata?.name ?? '';
    if (obj.metadata?.name !== undefined && obj.metadata.name !== name) {
      throw badRequest(`the name of the object (${obj.metadata.name}) does not match the name on the URL (${name})`);
    }
    if (this.info.namespaced && obj.metadata?.namespace !== undefined && obj.metadata.namespace !== current.metadata?.namespace) {
      throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
    }
    applyDefaults(this.info, obj);
    if (subresource === 'status') {
      const status = obj.status;
      resetMetaForStatus(obj, current);
      obj = { ...structuredClone(current), metadata: obj.metadata, status };
      preserveObjectMeta(obj, current);
      this.validate(obj, validateStatusUpdate(this.info, obj, current), current);
    } else {
      preserveObjectMeta(obj, current);
      if (this.strategy.statusSubresource) obj.status = structuredClone(current.status);
      this.strategy.prepareForUpdate?.(obj, current, ctx);
      if (this.strategy.tracksGeneration) bumpGenerationOnSpecChange(obj, current);
      this.validate(obj, validateUpdate(this.info, obj, current), current);
    }
    this.recordManager(ctx, current, obj);
    if (isDeepStrictEqual(stripVolatile(obj), stripVolatile(current))) return undefined;
    return obj;
  }

  async delete(ctx: RequestContext, namespace: string | undefined, name: string, options: DeleteOptions): Promise<{ object: KObject; deleted: boolean }> {
    const key = this.key(namespace, name);
    let current: KObject;
    try {
      current = await this.deps.store.get<KObject & StoredObject>(key);
    } catch (err) {
      this.fail(err, name);
    }
    this.checkPreconditions(current, options, name);
    this.strategy.checkDelete?.(current);
    const grace = this.strategy.gracePeriod?.(current, options) ?? 0;
    const wantsFinalizer = options.propagationPolicy === 'Foreground' ? 'foregroundDeletion' : options.propagationPolicy === 'Orphan' || options.orphanDependents ? 'orphan' : undefined;
    const startsGracefully = this.strategy.beginDelete?.(current) ?? false;
    const finalizers = current.metadata?.finalizers ?? [];
    if (finalizers.length > 0 || grace > 0 || startsGracefully || wantsFinalizer !== undefined) {
      return this.markDeleting(ctx, namespace, name, options, grace, wantsFinalizer);
    }
    if (ctx.dryRun) return { object: current, deleted: true };
    try {
      const gone = await this.deps.store.delete<KObject & StoredObject>(key, {
        expectedResourceVersion: current.metadata?.resourceVersion,
      });
      await this.strategy.afterDelete?.(gone);
      return { object: gone, deleted: true };
    } catch (err) {
      if (err instanceof StatusError) throw err;
      // Changed between our read and the delete: decide again on the new state.
      if (err instanceof ConflictError) return this.delete(ctx, namespace, name, options);
      this.fail(err, name);
    }
  }

  /** Graceful deletion: set deletionTimestamp (and policy finalizers) and leave the object for its finalizers/kubelet. */
  private async markDeleting(
    ctx: RequestContext,
    namespace: string | undefined,
    name: string,
    options: DeleteOptions,
    grace: number,
    policyFinalizer: string | undefined,
  ): Promise<{ object: KObject; deleted: boolean }> {
    const now = this.deps.clock.now();
    let dryRunResult: KObject | undefined;
    try {
      const object = await this.deps.store.guaranteedUpdate<KObject & StoredObject>(this.key(namespace, name), (current) => {
        this.checkPreconditions(current, options, name);
        const next = structuredClone(current);
        const meta = (next.metadata ??= {});
        const deadline = new Date(now.getTime() + grace * 1000);
        if (!meta.deletionTimestamp || (meta.deletionGracePeriodSeconds ?? 0) > grace) {
          meta.deletionTimestamp = rfc3339(deadline);
          meta.deletionGracePeriodSeconds = grace;
        }
        if (policyFinalizer && !(meta.finalizers ?? []).includes(policyFinalizer)) meta.finalizers = [...(meta.finalizers ?? []), policyFinalizer];
        this.strategy.beginDelete?.(next);
        if (ctx.dryRun) {
          dryRunResult = next;
          return undefined;
        }
        return next;
      });
      if (dryRunResult) return { object: dryRunResult, deleted: false };
      this.deps.onDeleting?.(this.info, name);
      const finished = await this.finalizeIfDone(object);
      return { object: finished, deleted: finished !== object };
    } catch (err) {
      this.fail(err, name);
    }
  }

  /** An object being deleted with no finalizers left and no grace remaining is removed now. */
  private async finalizeIfDone(obj: KObject): Promise<KObject> {
    const meta = obj.metadata ?? {};
    if (!meta.deletionTimestamp || (meta.finalizers ?? []).length > 0 || (meta.deletionGracePeriodSeconds ?? 0) > 0) return obj;
    if (this.strategy.holdsDeletion?.(obj)) return obj;
    try {
      const gone = await this.deps.store.delete<KObject & StoredObject>(this.key(meta.namespace, meta.name ?? ''), {
        expectedResourceVersion: meta.resourceVersion,
      });
      await this.strategy.afterDelete?.(gone);
      return gone;
    } catch (err) {
      if (err instanceof KeyNotFoundError || err instanceof ConflictError) return obj;
      throw err;
    }
  }

  /**
   * A system write that bypasses update admission (pod binding, namespace finalize): `change` gets a
   * copy of the stored object and returns the new state; the CAS loop still guards against races.
   */
  async rawUpdate(namespace: string | undefined, name: string, change: (current: KObject) => KObject | undefined): Promise<KObject> {
    try {
      const object = await this.deps.store.guaranteedUpdate<KObject & StoredObject>(this.key(namespace, name), (current) => {
        const next = change(structuredClone(current));
        return next as (KObject & StoredObject) | undefined;
      });
      return await this.finalizeIfDone(object);
    } catch (err) {
      this.fail(err, name);
    }
  }

  async deleteCollection(ctx: RequestContext, namespace: string | undefined, query: ListQuery, options: DeleteOptions): Promise<ListOutcome> {
    const listed = await this.list(namespace, { ...query, limit: undefined, continue: undefined });
    const items: KObject[] = [];
    for (const item of listed.items) {
      try {
        items.push((await this.delete(ctx, item.metadata?.namespace, item.metadata?.name ?? '', options)).object);
      } catch (err) {
        if (!(err instanceof StatusError && err.reason === 'NotFound')) throw err;
      }
    }
    return { items, resourceVersion: listed.resourceVersion };
  }

  private checkPreconditions(current: KObject, options: DeleteOptions, name: string): void {
    const pre = options.preconditions;
    if (pre?.uid && pre.uid !== current.metadata?.uid) {
      throw conflict(this.subject(name), `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${current.metadata?.uid ?? ''}`);
    }
    if (pre?.resourceVersion && pre.resourceVersion !== current.metadata?.resourceVersion) {
      throw conflict(
        this.subject(name),
        `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${current.metadata?.resourceVersion ?? ''}`,
      );
    }
  }

  private gvk() {
    return { group: this.info.group, version: this.info.version, kind: this.info.kind };
  }

  private validate(obj: KObject, causes: FieldCause[], old: KObject | undefined): void {
    const all = [...causes, ...(this.strategy.validate?.(obj, old) ?? [])];
    if (all.length > 0) throw invalid(this.info.kind, this.info.group, obj.metadata?.name ?? '', all);
  }

  /** The URL's namespace wins when the body has none; a different one is a 400. */
  private checkNamespace(obj: KObject, namespace: string | undefined): void {
    const meta = (obj.metadata ??= {});
    if (!this.info.namespaced) {
      delete meta.namespace;
      return;
    }
    if (meta.namespace && meta.namespace !== namespace) {
      throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
    }
    meta.namespace = namespace;
  }

  /** Namespaced objects need an existing namespace that is not terminating. */
  private async checkNamespaceLifecycle(namespace: string, name: string): Promise<void> {
    const ns = await this.deps.namespaceLookup(namespace);
    if (!ns) throw notFound({ resource: 'namespaces', name: namespace });
    if ((ns.status as { phase?: string } | undefined)?.phase === 'Terminating' || ns.metadata?.deletionTimestamp) {
      const resource = this.info.group ? `${this.info.resource}.${this.info.group}` : this.info.resource;
      throw new StatusError('Forbidden', `${resource} "${name}" is forbidden: unable to create new content in namespace ${namespace} because it is being terminated`, {
        name,
        kind: this.info.resource,
        ...(this.info.group ? { group: this.info.group } : {}),
        causes: [{ reason: 'NamespaceTerminating', message: `namespace ${namespace} is being terminated`, field: 'metadata.namespace' }],
      });
    }
  }

  private recordManager(ctx: RequestContext, old: KObject | undefined, obj: KObject): void {
    if (!ctx.fieldManager || ctx.serverSideApply) return;
    const updated = recordUpdateManager(old, obj, this.gvk(), ctx.fieldManager, this.deps.clock.now()) as KObject;
    if (updated !== obj && updated?.metadata) obj.metadata = updated.metadata;
  }
}

/** Fields that change on every write and say nothing about the object's content (a manager's new timestamp alone is no change). */
function stripVolatile(obj: KObject): KObject {
  const meta = { ...(obj.metadata ?? {}) };
  delete meta.resourceVersion;
  if (meta.managedFields) meta.managedFields = meta.managedFields.map((entry) => ({ ...entry, time: undefined }));
  return { ...obj, metadata: meta };
}
