/** JSON text of shared, read-only objects, computed once per object: an event sent to N watchers is serialized once. */
import type { StoredObject } from './interface.js';

const texts = new WeakMap<object, string>();

/**
 * `JSON.stringify(obj)`, remembered for as long as `obj` lives. Only for objects that are never
 * modified, such as those in watch events and cached lists (which the store shares between callers).
 */
export function cachedJson(obj: StoredObject): string {
  let text = texts.get(obj);
  if (text === undefined) {
    text = JSON.stringify(obj);
    texts.set(obj, text);
  }
  return text;
}
