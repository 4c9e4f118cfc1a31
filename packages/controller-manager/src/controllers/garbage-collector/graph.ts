/**
 * The garbage collector's ownership graph: one node per object uid with its owners (as its ownerReferences say) and its
 * dependents. Informer events update it; each update says which uids the collector should look at again.
 */
import type { ApiObject } from '@skiff/client';
import type { OwnerReference } from 'kubernetes-types/meta/v1.js';

/** The finalizer of a Foreground deletion: the owner waits for its blocking dependents. */
export const FOREGROUND_FINALIZER = 'foregroundDeletion';
/** The finalizer of an Orphan deletion: the owner's references are removed from its dependents first. */
export const ORPHAN_FINALIZER = 'orphan';

/** Who an object is: enough to GET, patch or delete it. */
export interface ObjectIdentity {
  apiVersion: string;
  kind: string;
  /** Absent for cluster-scoped objects. */
  namespace?: string;
  name: string;
  uid: string;
}

export interface GraphNode {
  identity: ObjectIdentity;
  /** Known only from other objects' ownerReferences (not seen by an informer, or deleted while it still has dependents). */
  virtual: boolean;
  owners: OwnerReference[];
  dependents: Set<GraphNode>;
  /** It has a deletionTimestamp. */
  beingDeleted: boolean;
  /** Being deleted with the foregroundDeletion finalizer: it waits for its blocking dependents. */
  deletingDependents: boolean;
}

/** What the collector should do after a graph change. */
export interface GraphWork {
  /** uids to pass to attemptToDelete. */
  attemptToDelete: string[];
  /** uids to pass to attemptToOrphan. */
  attemptToOrphan: string[];
}

/** Whether `dependent` holds a blocking reference (blockOwnerDeletion) to `owner`. */
export function blocksOwner(dependent: GraphNode, ownerUid: string): boolean {
  return dependent.owners.some((r) => r.uid === ownerUid && r.blockOwnerDeletion === true);
}

function hasFinalizer(obj: ApiObject, finalizer: string): boolean {
  return (obj.metadata?.finalizers ?? []).includes(finalizer);
}

export class OwnershipGraph {
  private readonly nodes = new Map<string, GraphNode>();

  get(uid: string): GraphNode | undefined {
    return this.nodes.get(uid);
  }

  get size(): number {
    return this.nodes.size;
  }

  /**
   * An object was added or changed. `namespacedKinds` tells whether an owner's kind is namespaced (a namespaced owner
   * lives in its dependent's namespace).
   */
  upsert(obj: ApiObject, apiVersion: string, kind: string, isNamespaced: (apiVersion: string, kind: string) => boolean): GraphWork {
    const work: GraphWork = { attemptToDelete: [], attemptToOrphan: [] };
    const meta = obj.metadata ?? {};
    const uid = meta.uid;
    if (!uid) return work;
    const identity: ObjectIdentity = { apiVersion, kind, name: meta.name ?? '', uid, ...(meta.namespace ? { namespace: meta.namespace } : {}) };
    let node = this.nodes.get(uid);
    const oldOwners = node?.owners ?? [];
    const wasDeletingDependents = node?.deletingDependents ?? false;
    if (!node) {
      node = { identity, virtual: false, owners: [], dependents: new Set(), beingDeleted: false, deletingDependents: false };
      this.nodes.set(uid, node);
    }
    node.identity = identity;
    node.virtual = false;
    const newOwners = meta.ownerReferences ?? [];
    node.owners = newOwners;
    node.beingDeleted = !!meta.deletionTimestamp;
    node.deletingDependents = node.beingDeleted && hasFinalizer(obj, FOREGROUND_FINALIZER);

    // Owners this object no longer names, or no longer blocks: one waiting for its dependents may now be done.
    const newByUid = new Map(newOwners.map((r) => [r.uid, r]));
    for (const old of oldOwners) {
      const now = newByUid.get(old.uid);
      const owner = this.nodes.get(old.uid);
      if (!owner) continue;
      if (!now) this.unlink(owner, node);
      if ((!now || (old.blockOwnerDeletion === true && now.blockOwnerDeletion !== true)) && owner.deletingDependents) work.attemptToDelete.push(owner.identity.uid);
    }
    let needsCheck = false;
    for (const ref of newOwners) {
      let owner = this.nodes.get(ref.uid);
      if (!owner) {
        const ownerNamespace = isNamespaced(ref.apiVersion, ref.kind) ? meta.namespace : undefined;
        owner = {
          identity: { apiVersion: ref.apiVersion, kind: ref.kind, name: ref.name, uid: ref.uid, ...(ownerNamespace ? { namespace: ownerNamespace } : {}) },
          virtual: true,
          owners: [],
          dependents: new Set(),
          beingDeleted: false,
          deletingDependents: false,
        };
        this.nodes.set(ref.uid, owner);
      }
      owner.dependents.add(node);
      // An owner never seen (maybe absent), or on its way out: the dependent may have to go.
      if (owner.virtual || owner.beingDeleted) needsCheck = true;
    }
    if (needsCheck) work.attemptToDelete.push(uid);
    if (node.deletingDependents && !wasDeletingDependents) {
      // Foreground deletion has just begun: every dependent is a candidate, and the owner waits for the blocking ones.
      for (const dep of node.dependents) work.attemptToDelete.push(dep.identity.uid);
      work.attemptToDelete.push(uid);
    } else if (node.deletingDependents) {
      work.attemptToDelete.push(uid);
    }
    if (node.beingDeleted && hasFinalizer(obj, ORPHAN_FINALIZER)) work.attemptToOrphan.push(uid);
    return work;
  }

  /** An object was deleted: its dependents may now be garbage, and an owner waiting for it may be done. */
  remove(uid: string): GraphWork {
    const work: GraphWork = { attemptToDelete: [], attemptToOrphan: [] };
    const node = this.nodes.get(uid);
    if (!node) return work;
    for (const ref of node.owners) {
      const owner = this.nodes.get(ref.uid);
      if (!owner) continue;
      this.unlink(owner, node);
      if (owner.deletingDependents) work.attemptToDelete.push(owner.identity.uid);
    }
    node.owners = [];
    for (const dep of node.dependents) work.attemptToDelete.push(dep.identity.uid);
    if (node.dependents.size > 0) {
      // Kept as a virtual node so the dependents still point somewhere until they are collected or let go.
      node.virtual = true;
      node.beingDeleted = false;
      node.deletingDependents = false;
    } else {
      this.nodes.delete(uid);
    }
    return work;
  }

  /** The dependents of `uid` that hold a blocking reference to it. */
  blockingDependents(uid: string): GraphNode[] {
    const node = this.nodes.get(uid);
    if (!node) return [];
    return [...node.dependents].filter((d) => blocksOwner(d, uid));
  }

  private unlink(owner: GraphNode, dependent: GraphNode): void {
    owner.dependents.delete(dependent);
    if (owner.virtual && owner.dependents.size === 0) this.nodes.delete(owner.identity.uid);
  }
}
