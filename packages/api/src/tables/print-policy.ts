/** Printer for policy/v1 PodDisruptionBudget. */
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1.js';
import { AGE_COLUMN, NAME_COLUMN, ageOf, column, printer } from './printer.js';

/** An int-or-string as Kubernetes prints it; `N/A` when unset. */
function intOrStringCell(value: number | string | undefined): string {
  return value === undefined || value === null ? 'N/A' : String(value);
}

/** Columns as kube-apiserver prints them: MIN AVAILABLE, MAX UNAVAILABLE, ALLOWED DISRUPTIONS (an integer cell), AGE. */
export const PODDISRUPTIONBUDGET_PRINTER = printer<PodDisruptionBudget>(
  [
    NAME_COLUMN,
    column('Min Available', 'string', 'The minimum number of pods that must be available.'),
    column('Max Unavailable', 'string', 'The maximum number of pods that may be unavailable.'),
    column('Allowed Disruptions', 'integer', 'Calculated number of pods that may be disrupted at this time.'),
    AGE_COLUMN,
  ],
  (pdb, now) => [
    pdb.metadata?.name ?? '',
    intOrStringCell(pdb.spec?.minAvailable),
    intOrStringCell(pdb.spec?.maxUnavailable),
    pdb.status?.disruptionsAllowed ?? 0,
    ageOf(pdb, now),
  ],
);
