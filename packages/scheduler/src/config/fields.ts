/** Typed readers of untrusted YAML values that fail with the path of the offending field. */
import { SchedulerConfigError } from './types.js';

export type RawObject = Record<string, unknown>;

/** The value as a plain object; undefined/null read as absent. */
export function optObject(value: unknown, field: string): RawObject | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) throw new SchedulerConfigError(field, `must be an object, got ${describe(value)}`);
  return value as RawObject;
}

/** The value as an array; undefined/null read as absent. */
export function optArray(value: unknown, field: string): unknown[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) throw new SchedulerConfigError(field, `must be a list, got ${describe(value)}`);
  return value;
}

/** The value as a string; undefined/null read as absent. */
export function optString(value: unknown, field: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new SchedulerConfigError(field, `must be a string, got ${describe(value)}`);
  return value;
}

/** The value as a boolean; undefined/null read as absent. */
export function optBoolean(value: unknown, field: string): boolean | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw new SchedulerConfigError(field, `must be a boolean, got ${describe(value)}`);
  return value;
}

/** The value as an integer within [min, max]; undefined/null read as absent. */
export function optInteger(value: unknown, field: string, min: number, max = Number.MAX_SAFE_INTEGER): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value)) throw new SchedulerConfigError(field, `must be an integer, got ${describe(value)}`);
  if (value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `must be >= ${min}` : `must be in the range [${min}, ${max}]`;
    throw new SchedulerConfigError(field, `${range}, got ${value}`);
  }
  return value;
}

/** Rejects keys that are neither known nor deliberately ignored (catches typos, as kube-scheduler's strict decoding does). */
export function rejectUnknownKeys(obj: RawObject, field: string, known: readonly string[]): void {
  for (const key of Object.keys(obj)) {
    if (!known.includes(key)) throw new SchedulerConfigError(field ? `${field}.${key}` : key, 'unknown field');
  }
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${JSON.stringify(value)}`;
}
