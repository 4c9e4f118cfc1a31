/** Printer for scheduling.k8s.io PriorityClass. */
import type { PriorityClass } from 'kubernetes-types/scheduling/v1.js';
import { AGE_COLUMN, NAME_COLUMN, ageOf, column, printer } from './printer.js';

/** Columns as kube-apiserver prints them: VALUE and GLOBAL-DEFAULT as typed cells (a number, a boolean), AGE before PREEMPTIONPOLICY. */
export const PRIORITYCLASS_PRINTER = printer<PriorityClass>(
  [
    NAME_COLUMN,
    column('Value', 'integer', 'value represents the integer value of this priority class. This is the actual priority that pods receive when they have the name of this class in their pod spec.'),
    column('Global-Default', 'boolean', 'globalDefault specifies whether this PriorityClass should be considered as the default priority for pods that do not have any priority class.'),
    AGE_COLUMN,
    column('PreemptionPolicy', 'string', 'preemptionPolicy is the Policy for preempting pods with lower priority. One of Never, PreemptLowerPriority. Defaults to PreemptLowerPriority if unset.'),
  ],
  (pc, now) => [pc.metadata?.name ?? '', pc.value ?? 0, pc.globalDefault ?? false, ageOf(pc, now), pc.preemptionPolicy ?? ''],
);
