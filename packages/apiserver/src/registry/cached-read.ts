/** Admission reads: the watch cache first, a live read when the cache has not seen the object yet. */
import { KeyNotFoundError, type Store, type StoredObject } from '@skiff/storage';

/** The object at `key`, or undefined when neither the cache nor etcd holds it (an object created a moment ago is found). */
export async function getCachedOrLive<T extends StoredObject>(store: Store, key: string): Promise<T | undefined> {
  for (const anyRevision of [true, false]) {
    try {
      return await store.get<T>(key, { anyRevision });
    } catch (err) {
      if (!(err instanceof KeyNotFoundError)) throw err;
    }
  }
  return undefined;
}
