/**
 * The garbage collector: deletes objects whose owners are all gone, carries out Foreground deletion (dependents first,
 * then the owner) and Orphan deletion (owner references removed from the dependents, then the owner goes).
 */
import { StatusError } from '@skiff/api';
import type { ApiObject, ResourceClient } from '@skiff/client';
import { Controller, type Clock } from '@skiff/runtime';
import type { OwnerReference } from 'kubernetes-types/meta/v1.js';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { isNamespacedKind, resourceForKind, type GcResource } from './gc-resources.js';
import { FOREGROUND_FINALIZER, ORPHAN_FINALIZER, type GraphNode, type GraphWork, type ObjectIdentity, OwnershipGraph } from './graph.js';

/** How many owner uids known to be absent are remembered, to spare a GET for every dependent of the same owner. */
export const ABSENT_OWNER_CACHE_SIZE = 500;

export interface GarbageCollectorOptions {
  client: ResourceClient;
  workers: number;
  logger: Logger;
  metrics: Registry;
  clock: Clock;
}

function isNotFound(err: unknown): boolean {
  return err instanceof StatusError && err.reason === 'NotFound';
}

function isConflict(err: unknown): boolean {
  return err instanceof StatusError && err.reason === 'Conflict';
}

/** A small insertion-ordered set that forgets its oldest entries. */
class BoundedSet {
  private readonly items = new Set<string>();
  constructor(private readonly max: number) {}
  has(v: string): boolean {
    return this.items.has(v);
  }
  add(v: string): void {
    this.items.delete(v);
    this.items.add(v);
    if (this.items.size > this.max) this.items.delete(this.items.values().next().value as string);
  }
}

type OwnerState = 'solid' | 'dangling' | 'waiting';

export class GarbageCollector {
  readonly graph = new OwnershipGraph();
  private readonly attemptToDelete: Controller;
  private readonly attemptToOrphan: Controller;
  private readonly absentOwners = new BoundedSet(ABSENT_OWNER_CACHE_SIZE);
  private readonly client: ResourceClient;
  private readonly logger: Logger;

  constructor(opts: GarbageCollectorOptions) {
    this.client = opts.client;
    this.logger = opts.logger;
    const common = { workers: opts.workers, logger: opts.logger, metricsRegistry: opts.metrics, clock: opts.clock };
    this.attemptToDelete = new Controller({ name: 'garbage_collector_attempt_to_delete', reconciler: { reconcile: (uid) => this.attemptToDeleteItem(uid) }, ...common });
    this.attemptToOrphan = new Controller({ name: 'garbage_collector_attempt_to_orphan', reconciler: { reconcile: (uid) => this.orphanDependents(uid) }, ...common });
  }

  /** An informer saw `obj` (of the watched resource `res`) added or changed. */
  observe(res: GcResource, obj: ApiObject): void {
    this.schedule(this.graph.upsert(obj, res.apiVersion, res.kind, isNamespacedKind));
  }

  /** An informer saw the object with `uid` deleted. */
  forget(uid: string): void {
    this.schedule(this.graph.remove(uid));
  }

  start(): void {
    this.attemptToDelete.start();
    this.attemptToOrphan.start();
  }

  async stop(): Promise<void> {
    await Promise.all([this.attemptToDelete.stop(), this.attemptToOrphan.stop()]);
  }

  private schedule(work: GraphWork): void {
    for (const uid of work.attemptToDelete) this.attemptToDelete.enqueue(uid);
    for (const uid of work.attemptToOrphan) this.attemptToOrphan.enqueue(uid);
  }

  /** The live object, or undefined when it is gone or has been replaced by another of the same name. */
  private async getLive(id: ObjectIdentity): Promise<ApiObject | undefined> {
    const res = resourceForKind(id.apiVersion, id.kind);
    if (!res) throw new Error(`unable to resolve ${id.apiVersion}, Kind=${id.kind}: not served`);
    if (res.ref.namespaced && !id.namespace) return undefined; // a namespaced owner of a cluster-scoped object cannot exist
    try {
      const obj = await this.client.get(res.ref, res.ref.namespaced ? id.namespace : undefined, id.name);
      return obj.metadata?.uid === id.uid ? obj : undefined;
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }

  /** Looks an object's graph node up again; a node the informers never saw, or a virtual one, is not acted on. */
  private async attemptToDeleteItem(uid: string): Promise<void> {
    const node = this.graph.get(uid);
    if (!node || node.virtual) return;
    if (node.beingDeleted && !node.deletingDependents) return;
    const latest = await this.getLive(node.identity);
    if (!latest) {
      // Gone although the informer has not said so yet: let its dependents be looked at now.
      this.schedule(this.graph.remove(uid));
      return;
    }
    if (node.deletingDependents) return this.processDeletingDependents(node);
    const refs = latest.metadata?.ownerReferences ?? [];
    if (refs.length === 0) return;
    const states = await Promise.all(refs.map((r) => this.classifyOwner(node, r)));
    const solid = refs.filter((_, i) => states[i] === 'solid');
    const dangling = refs.filter((_, i) => states[i] === 'dangling');
    const waiting = refs.filter((_, i) => states[i] === 'waiting');
    if (solid.length > 0) {
      // Some owner still holds it: only drop the references to owners that are gone or going.
      const drop = [...dangling, ...waiting];
      if (drop.length > 0) await this.removeOwnerReferences(node.identity, drop.map((r) => r.uid));
      return;
    }
    if (waiting.length > 0 && node.dependents.size > 0) {
      // An owner waits for its dependents and this one has dependents of its own: delete in Foreground so that they
      // block the owner too, unless one of them also waits (a cycle), then stop blocking first.
      if ([...node.dependents].some((d) => d.deletingDependents)) await this.unblockOwnerReferences(node.identity, latest);
      await this.deleteObject(node.identity, 'Foreground');
      return;
    }
    const finalizers = latest.metadata?.finalizers ?? [];
    const policy = finalizers.includes(ORPHAN_FINALIZER) ? 'Orphan' : finalizers.includes(FOREGROUND_FINALIZER) ? 'Foreground' : 'Background';
    this.logger.info({ object: node.identity }, 'deleting object whose owners are all gone');
    await this.deleteObject(node.identity, policy);
  }

  /** solid: the owner exists and is not waiting for dependents; dangling: absent; waiting: in Foreground deletion. */
  private async classifyOwner(node: GraphNode, ref: OwnerReference): Promise<OwnerState> {
    if (this.absentOwners.has(ref.uid)) return 'dangling';
    const res = resourceForKind(ref.apiVersion, ref.kind);
    if (!res) {
      // Not served by this apiserver: deleting on a guess could destroy something a later API would own; keep it.
      this.logger.warn({ object: node.identity, owner: ref }, 'owner kind is not served; keeping the dependent');
      return 'solid';
    }
    const owner = await this.getLive({
      apiVersion: ref.apiVersion,
      kind: ref.kind,
      name: ref.name,
      uid: ref.uid,
      ...(res.ref.namespaced && node.identity.namespace ? { namespace: node.identity.namespace } : {}),
    });
    if (!owner) {
      this.absentOwners.add(ref.uid);
      return 'dangling';
    }
    const meta = owner.metadata ?? {};
    return meta.deletionTimestamp && (meta.finalizers ?? []).includes(FOREGROUND_FINALIZER) ? 'waiting' : 'solid';
  }

  /** An owner in Foreground deletion: when no blocking dependent remains it loses its finalizer (and goes). */
  private async processDeletingDependents(node: GraphNode): Promise<void> {
    const blocking = this.graph.blockingDependents(node.identity.uid);
    if (blocking.length === 0) {
      await this.removeFinalizer(node.identity, FOREGROUND_FINALIZER);
      return;
    }
    for (const dep of blocking) if (!dep.deletingDependents) this.attemptToDelete.enqueue(dep.identity.uid);
  }

  /** An owner with the orphan finalizer: its references are removed from every dependent, then the finalizer. */
  private async orphanDependents(uid: string): Promise<void> {
    const node = this.graph.get(uid);
    if (!node || node.virtual) return;
    for (const dep of [...node.dependents]) await this.removeOwnerReferences(dep.identity, [uid]);
    await this.removeFinalizer(node.identity, ORPHAN_FINALIZER);
  }

  private async deleteObject(id: ObjectIdentity, policy: 'Background' | 'Foreground' | 'Orphan'): Promise<void> {
    const res = resourceForKind(id.apiVersion, id.kind)!;
    try {
      await this.client.delete(res.ref, id.namespace, id.name, { propagationPolicy: policy, preconditions: { uid: id.uid } });
    } catch (err) {
      if (isNotFound(err) || isConflict(err)) return; // already gone, or replaced by another object of that name
      throw err;
    }
  }

  /** Strategic-merge patch deleting the ownerReferences with these uids (ownerReferences merge on uid). */
  private async removeOwnerReferences(id: ObjectIdentity, ownerUids: string[]): Promise<void> {
    const res = resourceForKind(id.apiVersion, id.kind)!;
    const patch = { metadata: { uid: id.uid, ownerReferences: ownerUids.map((uid) => ({ $patch: 'delete', uid })) } };
    try {
      await this.client.patch(res.ref, id.namespace, id.name, 'strategic', patch);
    } catch (err) {
      if (isNotFound(err)) return;
      throw err;
    }
  }

  /** Sets blockOwnerDeletion false on every reference of `latest` (to break a Foreground cycle). */
  private async unblockOwnerReferences(id: ObjectIdentity, latest: ApiObject): Promise<void> {
    const res = resourceForKind(id.apiVersion, id.kind)!;
    const refs = (latest.metadata?.ownerReferences ?? []).filter((r) => r.blockOwnerDeletion === true).map((r) => ({ uid: r.uid, blockOwnerDeletion: false }));
    if (refs.length === 0) return;
    await this.client.patch(res.ref, id.namespace, id.name, 'strategic', { metadata: { uid: id.uid, ownerReferences: refs } });
  }

  /** Removes one finalizer with a JSON patch guarded by the resourceVersion read (a conflict is retried by the queue). */
  private async removeFinalizer(id: ObjectIdentity, finalizer: string): Promise<void> {
    const res = resourceForKind(id.apiVersion, id.kind)!;
    const latest = await this.getLive(id);
    if (!latest) return;
    const finalizers = latest.metadata?.finalizers ?? [];
    if (!finalizers.includes(finalizer)) return;
    const patch = [
      { op: 'test', path: '/metadata/resourceVersion', value: latest.metadata?.resourceVersion },
      { op: 'replace', path: '/metadata/finalizers', value: finalizers.filter((f) => f !== finalizer) },
    ];
    try {
      await this.client.patch(res.ref, id.namespace, id.name, 'json', patch);
    } catch (err) {
      if (isNotFound(err)) return;
      throw err;
    }
  }
}
