/** Validation of a meta/v1 LabelSelector (`matchLabels`, `matchExpressions`) embedded in an object. */
import type { LabelSelector as MetaLabelSelector } from 'kubernetes-types/meta/v1.js';
import type { FieldCause } from '../errors/status-error.js';
import { labelSelectorFromSpec } from '../selectors/label-spec.js';
import type { LabelSelector } from '../selectors/label-selector.js';
import { child, forbiddenCause, index, invalidCause, invalidEach, requiredCause } from './field-errors.js';
import { isQualifiedName, isValidLabelValue } from './name-format.js';
import { validateLabels } from './object-meta.js';
import { asArray, asRecord, asString, isRecord } from './values.js';

/** Errors in a label selector spec; an absent selector has none. */
export function validateLabelSelectorSpec(sel: unknown, path: string): FieldCause[] {
  if (!isRecord(sel)) return [];
  const causes = validateLabels(sel['matchLabels'], child(path, 'matchLabels'));
  asArray<unknown>(sel['matchExpressions']).forEach((raw, i) => {
    const expr = asRecord(raw);
    const exprPath = index(child(path, 'matchExpressions'), i);
    const values = asArray<unknown>(expr['values']).map(asString);
    const operator = expr['operator'];
    switch (operator) {
      case 'In':
      case 'NotIn':
        if (values.length === 0) causes.push(requiredCause(child(exprPath, 'values'), "must be specified when `operator` is 'In' or 'NotIn'"));
        break;
      case 'Exists':
      case 'DoesNotExist':
        if (values.length > 0) causes.push(forbiddenCause(child(exprPath, 'values'), "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
        break;
      default:
        causes.push(invalidCause(child(exprPath, 'operator'), operator ?? '', 'not a valid selector operator'));
    }
    const key = asString(expr['key']);
    causes.push(...invalidEach(child(exprPath, 'key'), key, isQualifiedName(key)));
    values.forEach((v, j) => causes.push(...invalidEach(index(child(exprPath, 'values'), j), v, isValidLabelValue(v))));
  });
  return causes;
}

/** The selector a spec describes, or undefined when the spec is invalid (its errors come from validateLabelSelectorSpec). */
export function selectorOrUndefined(sel: unknown): LabelSelector | undefined {
  try {
    return labelSelectorFromSpec(isRecord(sel) ? (sel as MetaLabelSelector) : undefined);
  } catch {
    return undefined;
  }
}

/** True when the selector has no matchLabels and no matchExpressions. */
export function isEmptySelectorSpec(sel: unknown): boolean {
  const s = asRecord(sel);
  return Object.keys(asRecord(s['matchLabels'])).length + asArray(s['matchExpressions']).length === 0;
}
