/** The `fieldValidation` query parameter: how a write treats unknown and duplicate fields. */
import { invalid } from '../errors/status-error.js';

/** Strict rejects unknown fields, Warn drops them with a warning, Ignore drops them silently. */
export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

/** What kube-apiserver (1.27+) uses when a request has no fieldValidation parameter. */
export const DEFAULT_FIELD_VALIDATION: FieldValidation = 'Warn';

/** The options kind named in the error, as Kubernetes validates CreateOptions, UpdateOptions or PatchOptions. */
export type WriteOptionsKind = 'CreateOptions' | 'UpdateOptions' | 'PatchOptions';

/** Values Kubernetes lists in its error, sorted as it sorts them ("" means "not set"). */
const SUPPORTED_VALUES = ['', 'Ignore', 'Strict', 'Warn'];

/**
 * Parses the query parameter. Missing or empty means Warn. Anything else is rejected as kube-apiserver does:
 * 422 `CreateOptions.meta.k8s.io "" is invalid: fieldValidation: Unsupported value: "x": supported values: "", "Ignore", "Strict", "Warn"`.
 */
export function parseFieldValidation(q: string | undefined, optionsKind: WriteOptionsKind = 'CreateOptions'): FieldValidation {
  if (q === undefined || q === '') return DEFAULT_FIELD_VALIDATION;
  if (q === 'Strict' || q === 'Warn' || q === 'Ignore') return q;
  const supported = SUPPORTED_VALUES.map((v) => JSON.stringify(v)).join(', ');
  throw invalid(optionsKind, 'meta.k8s.io', '', [
    { type: 'FieldValueNotSupported', field: 'fieldValidation', message: `Unsupported value: ${JSON.stringify(q)}: supported values: ${supported}` },
  ]);
}
