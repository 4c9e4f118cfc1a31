/** Tunables of the scheduling queue, with kube-scheduler's defaults. */

/** First retry delay after a failed attempt (kube-scheduler's podInitialBackoffSeconds: 1 s). */
export const DEFAULT_POD_INITIAL_BACKOFF_MS = 1_000;

/** Ceiling of the doubling retry delay (kube-scheduler's podMaxBackoffSeconds: 10 s), so a busy pod is never forgotten for long. */
export const DEFAULT_POD_MAX_BACKOFF_MS = 10_000;

/**
 * How long a pod may stay parked in unschedulablePods without any relevant cluster event before it is
 * retried anyway (kube-scheduler's default: 5 min): a safety net for events the queue never hears about.
 */
export const DEFAULT_POD_MAX_IN_UNSCHEDULABLE_PODS_DURATION_MS = 5 * 60_000;

/** How often parked pods are checked against the 5 min limit (kube-scheduler runs that flush every 30 s). */
export const UNSCHEDULABLE_PODS_FLUSH_INTERVAL_MS = 30_000;
