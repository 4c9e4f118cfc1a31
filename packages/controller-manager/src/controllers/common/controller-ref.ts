/**
 * Controller references: who controls an object (the ownerReference with controller=true), and claiming objects for an
 * owner as Kubernetes' ControllerRefManager does — adopt orphans that match the selector, release owned ones that no
 * longer match, leave objects controlled by others alone.
 */
import { StatusError, type LabelSelector } from '@skiff/api';
import type { ApiObject, ResourceClient, ResourceRef } from '@skiff/client';
import type { ObjectMeta, OwnerReference } from 'kubernetes-types/meta/v1.js';

/** The parts of an API object the claim logic reads. */
export interface OwnedObject extends ApiObject {
  metadata?: ObjectMeta;
}

/** The owner's identity: what an ownerReference to it holds. */
export interface Owner {
  apiVersion: string;
  kind: string;
  metadata?: ObjectMeta;
}

/** The ownerReference with controller=true, if any. */
export function controllerRefOf(obj: { metadata?: ObjectMeta }): OwnerReference | undefined {
  return obj.metadata?.ownerReferences?.find((r) => r.controller === true);
}

/** A controller reference to `owner` (controller and blockOwnerDeletion true, as controllers write them). */
export function newControllerRef(owner: Owner): OwnerReference {
  return {
    apiVersion: owner.apiVersion,
    kind: owner.kind,
    name: owner.metadata?.name ?? '',
    uid: owner.metadata?.uid ?? '',
    controller: true,
    blockOwnerDeletion: true,
  };
}

/** Whether `obj` is controlled by `owner` (by uid). */
export function isControlledBy(obj: { metadata?: ObjectMeta }, owner: Owner): boolean {
  const ref = controllerRefOf(obj);
  return ref !== undefined && ref.uid === owner.metadata?.uid;
}

export interface ClaimOptions {
  client: ResourceClient;
  /** The resource of the claimed objects (e.g. pods for a ReplicaSet). */
  resource: ResourceRef;
  owner: Owner;
  selector: LabelSelector;
  /**
   * Re-reads the owner from the server (not the cache) before the first adoption and throws unless it is still the
   * same object and not being deleted, so nothing is adopted by an owner that is going away. Called at most once.
   */
  recheckOwner(): Promise<void>;
}

function isNotFound(err: unknown): boolean {
  return err instanceof StatusError && err.reason === 'NotFound';
}

/**
 * The objects `owner` controls after claiming: owned ones that match, plus adopted orphans. Owned ones that no longer
 * match are released (unless the owner is being deleted). Objects already gone are skipped.
 */
export async function claimObjects<T extends OwnedObject>(candidates: readonly T[], opts: ClaimOptions): Promise<T[]> {
  const { client, resource, owner, selector } = opts;
  const ownerUid = owner.metadata?.uid;
  const ownerDeleting = !!owner.metadata?.deletionTimestamp;
  const ownerNamespace = owner.metadata?.namespace;
  let rechecked: Promise<void> | undefined;
  const claimed: T[] = [];
  for (const obj of candidates) {
    const meta = obj.metadata ?? {};
    const ref = controllerRefOf(obj);
    const matches = selector.matches(meta.labels ?? {});
    if (ref) {
      if (ref.uid !== ownerUid) continue;
      if (matches) {
        claimed.push(obj);
        continue;
      }
      if (ownerDeleting) continue;
      const patch = { metadata: { uid: meta.uid, ownerReferences: [{ $patch: 'delete', uid: ownerUid }] } };
      try {
        await client.patch(resource, meta.namespace, meta.name ?? '', 'strategic', patch);
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
      continue;
    }
    if (ownerDeleting || !matches || meta.deletionTimestamp || meta.namespace !== ownerNamespace) continue;
    rechecked ??= opts.recheckOwner();
    await rechecked;
    const patch = { metadata: { uid: meta.uid, ownerReferences: [newControllerRef(owner)] } };
    try {
      claimed.push(await client.patch<T>(resource, meta.namespace, meta.name ?? '', 'strategic', patch));
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }
  return claimed;
}

/** A recheckOwner that reads the owner live and insists on the same uid and no deletionTimestamp. */
export function recheckOwnerLive(client: ResourceClient, resource: ResourceRef, owner: Owner): () => Promise<void> {
  return async () => {
    const m = owner.metadata ?? {};
    const fresh = await client.get<OwnedObject>(resource, m.namespace, m.name ?? '');
    if (fresh.metadata?.uid !== m.uid) throw new Error(`original ${owner.kind} ${m.namespace}/${m.name} is gone: got uid ${fresh.metadata?.uid}, wanted ${m.uid}`);
    if (fresh.metadata?.deletionTimestamp) throw new Error(`${m.namespace}/${m.name} has just been deleted at ${fresh.metadata.deletionTimestamp}`);
  };
}
