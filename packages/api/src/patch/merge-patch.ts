/** RFC 7386 JSON merge patch (`application/merge-patch+json`): null deletes, objects merge, everything else replaces. */
import { badRequest } from '../errors/status-error.js';
import { deepClone, isPlainObject, type JsonObject } from './deep.js';

/**
 * Applies a JSON merge patch to `doc` and returns the result; neither input is modified.
 * A patch that is not a JSON object is a 400 BadRequest, worded as Kubernetes words it.
 */
export function applyMergePatch(doc: unknown, patch: unknown): unknown {
  if (patch === null) throw badRequest('Invalid JSON Patch');
  if (!isPlainObject(patch)) {
    const type = Array.isArray(patch) ? 'array' : typeof patch;
    throw badRequest(`error decoding patch: json: cannot unmarshal ${type} into Go value of type map[string]interface {}`);
  }
  const target = isPlainObject(doc) ? deepClone(doc) : {};
  return mergeInto(target, patch);
}

function mergeInto(target: JsonObject, patch: JsonObject): JsonObject {
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) {
      delete target[key];
    } else if (isPlainObject(value) && isPlainObject(target[key])) {
      target[key] = mergeInto(target[key] as JsonObject, value);
    } else {
      target[key] = withoutNulls(value);
    }
  }
  return target;
}

/** A copy of a new value with null members of its objects dropped, as a merge into nothing would leave it. */
function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (isPlainObject(value)) {
    const out: JsonObject = {};
    for (const [key, item] of Object.entries(value)) if (item !== null) out[key] = withoutNulls(item);
    return out;
  }
  return value;
}
