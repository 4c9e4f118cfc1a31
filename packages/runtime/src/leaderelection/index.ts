/** Leader election over coordination.k8s.io/v1 Leases. */
export {
  LeaderElector,
  DEFAULT_LEASE_DURATION_MS,
  DEFAULT_RENEW_DEADLINE_MS,
  DEFAULT_RETRY_PERIOD_MS,
  JITTER_FACTOR as LEADER_ELECTION_JITTER_FACTOR,
  RELEASED_LEASE_DURATION_SECONDS,
  type LeaderElectorOptions,
} from './leader-elector.js';
export { LEASES, formatMicroTime, recordFromLease, type LeaderElectionRecord, type LeaseObject } from './lease-record.js';
export { runLeaderElected, type LeaseSettings, type LeaderElectedWork } from './run-leader-elected.js';
