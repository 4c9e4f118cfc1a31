/** disruption: the disruption controller keeping PodDisruptionBudget status, and its budget arithmetic. */
export { disruptionController, DisruptionController, PODDISRUPTIONBUDGETS, DISRUPTION_COMPONENT } from './disruption-controller.js';
export {
  budgetStatus,
  countHealthy,
  disruptionsAllowed,
  expectedAndDesired,
  pendingDisruptions,
  scaledValue,
  DELETION_TIMEOUT_MS,
  DISRUPTION_ALLOWED_CONDITION,
  SUFFICIENT_PODS_REASON,
  INSUFFICIENT_PODS_REASON,
  SYNC_FAILED_REASON,
} from './budget.js';
export { expectedScale, type WorkloadListers, type ExpectedScale } from './controller-scale.js';
