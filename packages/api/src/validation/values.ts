/** Defensive readers for decoded JSON and a semantic deep-equality like Kubernetes' `apiequality.Semantic`. */

export type JsonRecord = Record<string, unknown>;

export function isRecord(value: unknown): value is JsonRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value as an object, or an empty one. */
export function asRecord(value: unknown): JsonRecord {
  return isRecord(value) ? value : {};
}

/** The value as a list, or an empty one. */
export function asArray<T = unknown>(value: unknown): T[] {
  return Array.isArray(value) ? (value as T[]) : [];
}

/** A string map (labels, annotations, selectors); non-string values are kept as their JSON text. */
export function asStringMap(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(asRecord(value))) out[k] = typeof v === 'string' ? v : JSON.stringify(v);
  return out;
}

/** The value if it is a string, else `''` (Go's zero value). */
export function asString(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** True when the value is "unset" as Go sees it after decoding: absent, null, empty list or empty map. */
function isEmptyish(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (Array.isArray(value)) return value.length === 0;
  return isRecord(value) && Object.keys(value).length === 0;
}

/**
 * Deep equality that, like Kubernetes' semantic equality, treats absent, null, empty lists and empty maps
 * alike, so `labels: {}` equals no labels.
 */
export function semanticEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (isEmptyish(a) && isEmptyish(b)) return true;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, i) => semanticEqual(item, b[i]));
  }
  if (isRecord(a) && isRecord(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const key of keys) if (!semanticEqual(a[key], b[key])) return false;
    return true;
  }
  return false;
}

/** Paths (dotted, with `[i]`) under which two values differ; at most `limit` of them. */
export function differingPaths(a: unknown, b: unknown, path: string, limit = 10): string[] {
  const out: string[] = [];
  const walk = (x: unknown, y: unknown, p: string): void => {
    if (out.length >= limit || semanticEqual(x, y)) return;
    if (Array.isArray(x) && Array.isArray(y) && x.length === y.length) {
      x.forEach((item, i) => walk(item, y[i], `${p}[${i}]`));
      return;
    }
    if (isRecord(x) && isRecord(y)) {
      for (const key of new Set([...Object.keys(x), ...Object.keys(y)])) walk(x[key], y[key], p ? `${p}.${key}` : key);
      return;
    }
    out.push(p);
  };
  walk(a, b, path);
  return out;
}
