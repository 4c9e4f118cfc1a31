/** Work-queue keys: `namespace/name` for namespaced objects, `name` for cluster-scoped ones. */
import { objectKey } from '../cache/store.js';
import type { Request } from './reconciler.js';

/** Anything with object metadata (every Kubernetes object). */
export interface KeyedObject {
  metadata?: { namespace?: string; name?: string };
}

/** The key of an object: `namespace/name`, or `name` when it has no namespace (the informer store's key). */
export function keyOf(obj: KeyedObject): string {
  return objectKey(obj);
}

/** The key of a request; the inverse of `splitKey`. */
export function keyOfRequest(req: Request): string {
  return req.namespace ? `${req.namespace}/${req.name}` : req.name;
}

/** Splits a key back into namespace and name; throws on a key with more than one `/`. */
export function splitKey(key: string): Request {
  const parts = key.split('/');
  if (parts.length === 1) return { name: key };
  if (parts.length === 2) {
    const [namespace, name] = parts as [string, string];
    return namespace ? { namespace, name } : { name };
  }
  throw new Error(`unexpected key format: ${JSON.stringify(key)}`);
}
