/** statusEqual: whether two pod statuses say the same thing, ignoring the order of conditions and container statuses and null-vs-absent fields. */
import { deepEqual } from '@skiff/api';
import type { PodStatus } from 'kubernetes-types/core/v1.js';

/** Lists whose order carries no meaning, and the field that names an item. */
const UNORDERED_LISTS: Readonly<Record<string, string>> = {
  conditions: 'type',
  containerStatuses: 'name',
  initContainerStatuses: 'name',
  ephemeralContainerStatuses: 'name',
};

/** JSON without null fields: a patch's null deletes a field, so null and absent read the same once stored. */
function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null).map(([k, v]) => [k, withoutNulls(v)]));
}

/** JSON form (undefined and null fields gone) with the unordered lists sorted by their key. */
function canonical(status: PodStatus | undefined): Record<string, unknown> {
  const json = withoutNulls(JSON.parse(JSON.stringify(status ?? {}))) as Record<string, unknown>;
  for (const [list, key] of Object.entries(UNORDERED_LISTS)) {
    const items = json[list];
    if (!Array.isArray(items)) continue;
    if (items.length === 0) {
      delete json[list];
      continue;
    }
    json[list] = [...items].sort((a, b) => String((a as Record<string, unknown>)[key]).localeCompare(String((b as Record<string, unknown>)[key])));
  }
  return json;
}

/** True when `a` and `b` differ at most in the order of conditions and container statuses, empty vs absent lists, or null vs absent fields. */
export function statusEqual(a: PodStatus | undefined, b: PodStatus | undefined): boolean {
  return deepEqual(canonical(a), canonical(b));
}
