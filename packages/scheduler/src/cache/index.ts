/** cache: the scheduler's view of nodes and the pods on them, including assumed pods. */
export { SchedulerCache, ASSUMED_POD_TTL_MS, CLEANUP_ASSUMED_PERIOD_MS, type SchedulerCacheOptions } from './scheduler-cache.js';
