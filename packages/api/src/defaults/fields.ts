/** Small helpers for defaulting loosely-typed JSON objects without crashing on malformed input. */

export type Obj = Record<string, unknown>;

/** True for a plain JSON object (not an array, not null). */
export function isObj(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Go's "nil pointer": absent or JSON null. */
export function isNil(value: unknown): value is undefined | null {
  return value === undefined || value === null;
}

/** Go's zero value of a non-pointer scalar: nil, "" or 0. */
export function isZero(value: unknown): boolean {
  return isNil(value) || value === '' || value === 0;
}

/** Sets `obj[key]` when it is absent or null (a nil pointer in Kubernetes' Go types). */
export function setIfNil(obj: Obj, key: string, value: unknown): void {
  if (isNil(obj[key])) obj[key] = value;
}

/** Sets `obj[key]` when it holds Go's zero value ("" , 0, absent or null). */
export function setIfZero(obj: Obj, key: string, value: unknown): void {
  if (isZero(obj[key])) obj[key] = value;
}

/** The object at `obj[key]`, or undefined when absent or not an object. */
export function child(obj: Obj, key: string): Obj | undefined {
  const value = obj[key];
  return isObj(value) ? value : undefined;
}

/**
 * The object at `obj[key]`, created as `{}` when absent or null (Go defaulting a nil struct
 * pointer, or descending into a non-pointer struct). Undefined when the field holds a non-object.
 */
export function ensureChild(obj: Obj, key: string): Obj | undefined {
  if (isNil(obj[key])) obj[key] = {};
  return child(obj, key);
}

/** The object entries of the array at `obj[key]` (non-objects skipped; none when not an array). */
export function items(obj: Obj | undefined, key: string): Obj[] {
  const value = obj?.[key];
  return Array.isArray(value) ? value.filter(isObj) : [];
}
