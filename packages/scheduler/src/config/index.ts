/** config: the scheduler's KubeSchedulerConfiguration-like file, parsed, validated and merged onto the default profile. */
export {
  loadSchedulerConfiguration,
  readSchedulerConfiguration,
  defaultSchedulerConfiguration,
  type LoadSchedulerConfigurationOptions,
} from './load.js';
export { mergeProfile, EXTENSION_POINTS, type ExtensionPoint } from './merge-profile.js';
export {
  SCHEDULER_CONFIG_API_VERSION,
  SCHEDULER_CONFIG_KIND,
  DEFAULT_PERCENTAGE_OF_NODES_TO_SCORE,
  DEFAULT_POD_INITIAL_BACKOFF_SECONDS,
  DEFAULT_POD_MAX_BACKOFF_SECONDS,
  DEFAULT_LEASE_DURATION_MS,
  DEFAULT_RENEW_DEADLINE_MS,
  DEFAULT_RETRY_PERIOD_MS,
  DEFAULT_LEADER_ELECTION_NAMESPACE,
  DEFAULT_LEADER_ELECTION_NAME,
  SchedulerConfigError,
  type SchedulerConfiguration,
  type SchedulerProfile,
  type LeaderElectionConfiguration,
} from './types.js';
