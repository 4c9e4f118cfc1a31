/** Object <-> etcd value: JSON without metadata.resourceVersion on the way in, the mod revision set on the way out. */
import type { StoredObject } from './interface.js';

/** The JSON stored for `obj`: the object as given, minus `metadata.resourceVersion`. */
export function encodeObject(obj: StoredObject): string {
  const metadata = obj.metadata;
  if (metadata && typeof metadata === 'object' && 'resourceVersion' in metadata) {
    const { resourceVersion: _dropped, ...rest } = metadata;
    return JSON.stringify({ ...obj, metadata: rest });
  }
  return JSON.stringify(obj);
}

/** Parses a stored value and sets `metadata.resourceVersion` to `modRevision`. */
export function decodeValue<T extends StoredObject = StoredObject>(value: Buffer | Uint8Array | string, modRevision: string): T {
  const text = typeof value === 'string' ? value : Buffer.isBuffer(value) ? value.toString('utf8') : Buffer.from(value).toString('utf8');
  const obj = JSON.parse(text) as T;
  if (obj.metadata && typeof obj.metadata === 'object') obj.metadata.resourceVersion = modRevision;
  else obj.metadata = { resourceVersion: modRevision };
  return obj;
}

/** A shallow copy of `obj` whose `metadata.resourceVersion` is `resourceVersion`; nested values are shared. */
export function withResourceVersion<T extends StoredObject>(obj: T, resourceVersion: string): T {
  return { ...obj, metadata: { ...obj.metadata, resourceVersion } };
}

/** The mod revision an object carries, or 0 when it has none. */
export function revisionOf(obj: StoredObject): number {
  const rv = obj.metadata?.resourceVersion;
  return rv === undefined ? 0 : Number(rv);
}
