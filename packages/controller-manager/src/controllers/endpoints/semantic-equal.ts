/** Equality of API data as the server round-trips it: key order, absent vs undefined/null and empty lists/maps do not matter. */
import { isDeepStrictEqual } from 'node:util';

/** `value` with undefined/null fields and empty arrays/objects left out (recursively), so both sides compare alike. */
export function normalizeApiData(value: unknown): unknown {
  if (Array.isArray(value)) {
    const items = value.map(normalizeApiData).filter((v) => v !== undefined);
    return items.length > 0 ? items : undefined;
  }
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const n = normalizeApiData(v);
      if (n !== undefined) out[k] = n;
    }
    return Object.keys(out).length > 0 ? out : undefined;
  }
  return value === null ? undefined : value;
}

/** Whether `a` and `b` hold the same API data (see normalizeApiData). */
export function semanticEqual(a: unknown, b: unknown): boolean {
  return isDeepStrictEqual(normalizeApiData(a), normalizeApiData(b));
}
