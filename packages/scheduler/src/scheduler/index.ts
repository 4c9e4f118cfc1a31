/** scheduler: the scheduling loop on informers, cache and queue. */
export { Scheduler, PODS, NODES, type SchedulerOptions } from './scheduler.js';
export { registerEventHandlers, nodeUpdateEvent, type HandlerTarget, type PodObject, type NodeObject } from './event-handlers.js';
export { SchedulerMetrics, type AttemptResult } from './metrics.js';
export { podScheduledCondition, POD_SCHEDULED, REASON_UNSCHEDULABLE, REASON_SCHEDULER_ERROR } from './pod-status.js';
export {
  schedulerComponent,
  schedulerClient,
  resolveSchedulerConfig,
  schedulerOptionsFrom,
  DEFAULT_SCHEDULER_HEALTH_PORT,
  SCHEDULER_LEASE_NAME,
  SCHEDULER_LEASE_NAMESPACE,
  type SchedulerSettings,
  type ResolvedSchedulerConfig,
} from './component.js';
export { preemptionActions, DISRUPTION_TARGET, REASON_PREEMPTION_BY_SCHEDULER, type PreemptionActionsDeps } from './preemption-actions.js';
