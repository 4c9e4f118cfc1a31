/** Strategic merge patch vocabulary: directive keys, cleaning of patch values, and errors worded as Kubernetes words them. */
import { badRequest, StatusError } from '../errors/status-error.js';
import { isPlainObject, type JsonObject } from './deep.js';

export const PATCH_DIRECTIVE = '$patch';
export const RETAIN_KEYS_DIRECTIVE = '$retainKeys';
export const SET_ELEMENT_ORDER_PREFIX = '$setElementOrder';
export const DELETE_FROM_PRIMITIVE_LIST_PREFIX = '$deleteFromPrimitiveList';

/** Kubernetes' mergepatch error texts (400 BadRequest). */
export const ERR_BAD_PATCH_FORMAT_FOR_PRIMITIVE_LIST = 'invalid patch format of primitive list';
export const ERR_BAD_PATCH_FORMAT_FOR_RETAIN_KEYS = 'invalid patch format of retainKeys';
export const ERR_BAD_PATCH_FORMAT_FOR_SET_ELEMENT_ORDER_LIST = 'invalid patch format of setElementOrder list';
export const ERR_NO_LIST_OF_LISTS = 'lists of lists are not supported';

/** True for keys that carry instructions rather than data. */
export function isDirectiveKey(key: string): boolean {
  return (
    key === PATCH_DIRECTIVE ||
    key === RETAIN_KEYS_DIRECTIVE ||
    key.startsWith(`${SET_ELEMENT_ORDER_PREFIX}/`) ||
    key.startsWith(`${DELETE_FROM_PRIMITIVE_LIST_PREFIX}/`)
  );
}

/**
 * A patch value taken as it is because there is nothing to merge it with: null members dropped,
 * directive keys dropped, and (as Kubernetes does) maps that carry `$patch` dropped altogether.
 * Returns undefined when the value itself is to be dropped.
 */
export function cleanPatchValue(value: unknown): unknown {
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    for (const item of value) {
      const cleaned = cleanPatchValue(item);
      if (cleaned !== undefined) out.push(cleaned);
    }
    return out;
  }
  if (isPlainObject(value)) {
    if (PATCH_DIRECTIVE in value) return undefined;
    const out: JsonObject = {};
    for (const [key, item] of Object.entries(value)) {
      if (item === null || isDirectiveKey(key)) continue;
      const cleaned = cleanPatchValue(item);
      if (cleaned !== undefined) out[key] = cleaned;
    }
    return out;
  }
  return value;
}

/** A value rendered as Go's `%v` renders decoded JSON (`map[a:1 b:[x y]]`), for error messages. */
export function goString(value: unknown): string {
  if (value === null || value === undefined) return '<nil>';
  if (Array.isArray(value)) return `[${value.map(goString).join(' ')}]`;
  if (isPlainObject(value)) {
    const entries = Object.keys(value)
      .sort()
      .map((key) => `${key}:${goString(value[key])}`);
    return `map[${entries.join(' ')}]`;
  }
  return String(value);
}

/** The Go type name of a decoded JSON value, as `reflect.TypeOf` prints it. */
export function goTypeName(value: unknown): string {
  if (value === null || value === undefined) return '<nil>';
  if (Array.isArray(value)) return '[]interface {}';
  if (isPlainObject(value)) return 'map[string]interface {}';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int64' : 'float64';
  return typeof value;
}

/** A malformed strategic merge patch: 400 BadRequest. */
export function smpError(message: string): StatusError {
  return badRequest(message);
}

export function errBadArgType(expected: string, actual: unknown): StatusError {
  return smpError(`expected a ${expected}, but received a ${goTypeName(actual)}`);
}

export function errNoMergeKey(item: unknown, key: string): StatusError {
  return smpError(`map: ${goString(item)} does not contain declared merge key: ${key}`);
}

export function errBadPatchType(directive: unknown, map: unknown): StatusError {
  return smpError(`unknown patch type: ${goString(directive)} in map: ${goString(map)}`);
}

/** Lists of lists: Kubernetes answers 422 with its generic message. */
export function errNoListOfLists(): StatusError {
  return new StatusError('Invalid', 'the server rejected our request due to an error in our request', {
    causes: [{ reason: 'FieldValueInvalid', field: 'patch', message: ERR_NO_LIST_OF_LISTS }],
  });
}
