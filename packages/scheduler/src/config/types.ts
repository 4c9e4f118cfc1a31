/** The parsed, defaulted scheduler configuration (KubeSchedulerConfiguration-like), its defaults and its error type. */
import type { Profile } from '../framework/index.js';

/** The only accepted apiVersion, as kube-scheduler's v1 configuration API. */
export const SCHEDULER_CONFIG_API_VERSION = 'kubescheduler.config.k8s.io/v1';
/** The only accepted kind. */
export const SCHEDULER_CONFIG_KIND = 'KubeSchedulerConfiguration';

/** 0 means kube-scheduler's adaptive percentage (50% - nodes/125, at least 5%). */
export const DEFAULT_PERCENTAGE_OF_NODES_TO_SCORE = 0;
/** kube-scheduler's default podInitialBackoffSeconds. */
export const DEFAULT_POD_INITIAL_BACKOFF_SECONDS = 1;
/** kube-scheduler's default podMaxBackoffSeconds. */
export const DEFAULT_POD_MAX_BACKOFF_SECONDS = 10;
/** kube-scheduler's leader election defaults (component-base): 15 s lease, 10 s renew deadline, 2 s retry period. */
export const DEFAULT_LEASE_DURATION_MS = 15_000;
export const DEFAULT_RENEW_DEADLINE_MS = 10_000;
export const DEFAULT_RETRY_PERIOD_MS = 2_000;
/** Where kube-scheduler keeps its Lease by default. */
export const DEFAULT_LEADER_ELECTION_NAMESPACE = 'kube-system';
export const DEFAULT_LEADER_ELECTION_NAME = 'kube-scheduler';

/** Leader election settings; durations in milliseconds (the file gives Go durations such as "15s"). */
export interface LeaderElectionConfiguration {
  leaderElect: boolean;
  leaseDurationMs: number;
  renewDeadlineMs: number;
  retryPeriodMs: number;
  resourceNamespace: string;
  resourceName: string;
}

/** A profile after merging onto the default profile; the optional percentage overrides the global one. */
export interface SchedulerProfile extends Profile {
  percentageOfNodesToScore?: number;
}

/** The whole configuration, every field defaulted. */
export interface SchedulerConfiguration {
  profiles: SchedulerProfile[];
  percentageOfNodesToScore: number;
  podInitialBackoffSeconds: number;
  podMaxBackoffSeconds: number;
  leaderElection: LeaderElectionConfiguration;
}

/**
 * An invalid configuration; `field` is the path of the offending field (e.g. `profiles[0].plugins.score.enabled[1]`),
 * `source` the file it came from when known. The message is `[source: ][field: ]detail`.
 */
export class SchedulerConfigError extends Error {
  constructor(
    readonly field: string,
    readonly detail: string,
    readonly source?: string,
  ) {
    super([source, field, detail].filter(Boolean).join(': '));
    this.name = 'SchedulerConfigError';
  }
}
