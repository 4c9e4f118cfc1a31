/** Cell formatting shared by the printers: labels, label selectors, container lists, capped lists. */
import type { Container } from 'kubernetes-types/core/v1.js';
import type { LabelSelector } from 'kubernetes-types/meta/v1.js';
import { labelSelectorToString } from '../selectors/index.js';

/** `a=1,b=2` with keys sorted; `<none>` when there are none (labels.FormatLabels). */
export function formatLabels(labels: Record<string, string> | undefined): string {
  const keys = Object.keys(labels ?? {}).sort();
  if (keys.length === 0) return '<none>';
  return keys.map((k) => `${k}=${labels?.[k] ?? ''}`).join(',');
}

/**
 * A label selector as a selector string (metav1.LabelSelectorAsSelector(...).String()):
 * requirements sorted by key, `k=v`, `k in (a,b)`, `k notin (a,b)`, `k`, `!k`.
 * Returns undefined for an invalid selector (unknown operator, or values where none belong).
 */
export function selectorString(selector: LabelSelector | undefined | null): string | undefined {
  if (!selector) return '';
  try {
    return labelSelectorToString(selector);
  } catch {
    return undefined;
  }
}

/** metav1.FormatLabelSelector: `<none>` when empty, `<error>` when invalid. */
export function formatLabelSelector(selector: LabelSelector | undefined | null): string {
  const text = selectorString(selector);
  if (text === undefined) return '<error>';
  return text === '' ? '<none>' : text;
}

/** Container names and images, each comma-joined (the wide CONTAINERS and IMAGES columns). */
export function containerCells(containers: readonly Container[] | undefined): [string, string] {
  const list = containers ?? [];
  return [list.map((c) => c.name ?? '').join(','), list.map((c) => c.image ?? '').join(',')];
}

/** Up to `max` entries comma-joined, then ` + N more...`; `<unset>` when empty. */
export function listWithMore(list: readonly string[], total: number, max: number): string {
  const shown = list.slice(0, max).join(',');
  if (total > max) return `${shown} + ${total - max} more...`;
  return shown === '' ? '<unset>' : shown;
}

/** `True`/`False`, or `<unset>` for an absent boolean. */
export function formatBool(value: boolean | undefined | null): string {
  if (value === undefined || value === null) return '<unset>';
  return value ? 'True' : 'False';
}

/** Go's int() of an optional number field (absent counts as 0). */
export function int(value: number | undefined | null): number {
  return typeof value === 'number' ? value : 0;
}
