/** Converts a meta/v1 LabelSelector (`matchLabels` + `matchExpressions`) into a LabelSelector, as metav1.LabelSelectorAsSelector does. */
import type { LabelSelector as MetaLabelSelector } from 'kubernetes-types/meta/v1.js';
import { badRequest, StatusError } from '../errors/status-error.js';
import { everythingSelector, nothingSelector, selectorOf, type LabelOperator, type LabelRequirement, type LabelSelector } from './label-selector.js';
import { newRequirement } from './label-parser.js';

const OPERATORS: Record<string, LabelOperator> = { In: 'in', NotIn: 'notin', Exists: 'exists', DoesNotExist: '!' };

/**
 * The selector a meta/v1 LabelSelector describes, with Kubernetes' semantics:
 * - `null`/`undefined` selects NOTHING (a workload without a selector owns no pods);
 * - `{}` (no matchLabels, no matchExpressions) selects EVERYTHING.
 * A caller that wants "absent means everything" (e.g. an optional filter) passes `sel ?? {}`.
 * An invalid selector (bad key, value or operator) throws a 400 `StatusError`.
 */
export function labelSelectorFromSpec(sel: MetaLabelSelector | null | undefined): LabelSelector {
  if (sel === null || sel === undefined) return nothingSelector();
  const matchLabels = sel.matchLabels ?? {};
  const matchExpressions = sel.matchExpressions ?? [];
  if (Object.keys(matchLabels).length + matchExpressions.length === 0) return everythingSelector();
  const requirements: LabelRequirement[] = [];
  try {
    for (const [key, value] of Object.entries(matchLabels)) requirements.push(newRequirement(key, '=', [value]));
    for (const expr of matchExpressions) {
      const op = OPERATORS[expr.operator];
      if (!op) throw badRequest(`${JSON.stringify(expr.operator)} is not a valid label selector operator`);
      requirements.push(newRequirement(expr.key, op, [...(expr.values ?? [])]));
    }
  } catch (err) {
    if (err instanceof StatusError) throw err;
    throw badRequest(err instanceof Error ? err.message : String(err));
  }
  return selectorOf(requirements);
}

/**
 * The canonical selector text of a meta/v1 LabelSelector, e.g. `app=web` (what a Scale's `status.selector`
 * carries); `''` for an empty or absent selector.
 */
export function labelSelectorToString(sel: MetaLabelSelector | LabelSelector | null | undefined): string {
  if (sel && typeof (sel as LabelSelector).matches === 'function') return (sel as LabelSelector).toString();
  return labelSelectorFromSpec(sel as MetaLabelSelector | null | undefined).toString();
}
