/** loadSchedulerConfiguration: parses, validates and defaults a KubeSchedulerConfiguration-like YAML document. */
import { readFile } from 'node:fs/promises';
import { parseDocument } from 'yaml';
import type { Registry } from '../framework/index.js';
import { defaultProfile, inTreeRegistry } from '../plugins/index.js';
import { parseGoDuration } from '@skiff/api';
import { optArray, optBoolean, optInteger, optObject, optString, rejectUnknownKeys } from './fields.js';
import { mergeProfile } from './merge-profile.js';
import {
  DEFAULT_LEADER_ELECTION_NAME,
  DEFAULT_LEADER_ELECTION_NAMESPACE,
  DEFAULT_LEASE_DURATION_MS,
  DEFAULT_PERCENTAGE_OF_NODES_TO_SCORE,
  DEFAULT_POD_INITIAL_BACKOFF_SECONDS,
  DEFAULT_POD_MAX_BACKOFF_SECONDS,
  DEFAULT_RENEW_DEADLINE_MS,
  DEFAULT_RETRY_PERIOD_MS,
  SCHEDULER_CONFIG_API_VERSION,
  SCHEDULER_CONFIG_KIND,
  SchedulerConfigError,
  type LeaderElectionConfiguration,
  type SchedulerConfiguration,
} from './types.js';

/** Options of loading: the registry that plugin names resolve against (default: the in-tree plugins). */
export interface LoadSchedulerConfigurationOptions {
  registry?: Registry;
}

/** Upstream fields Skiff accepts and ignores (they tune things Skiff does not have), so real files still load. */
const IGNORED_FIELDS = ['parallelism', 'clientConnection', 'enableProfiling', 'enableContentionProfiling', 'delayCacheUntilActive'];
const TOP_LEVEL_FIELDS = [
  'apiVersion',
  'kind',
  'profiles',
  'percentageOfNodesToScore',
  'podInitialBackoffSeconds',
  'podMaxBackoffSeconds',
  'leaderElection',
  'extenders',
  ...IGNORED_FIELDS,
];
/** The only lock kind Skiff's leader election implements (kube-scheduler's default). */
const LEASES_LOCK = 'leases';

/** The configuration kube-scheduler runs with when given no file: one default-scheduler profile and upstream defaults. */
export function defaultSchedulerConfiguration(): SchedulerConfiguration {
  return {
    profiles: [{ ...defaultProfile(), pluginConfig: defaultProfile().pluginConfig ?? [] }],
    percentageOfNodesToScore: DEFAULT_PERCENTAGE_OF_NODES_TO_SCORE,
    podInitialBackoffSeconds: DEFAULT_POD_INITIAL_BACKOFF_SECONDS,
    podMaxBackoffSeconds: DEFAULT_POD_MAX_BACKOFF_SECONDS,
    leaderElection: {
      leaderElect: true,
      leaseDurationMs: DEFAULT_LEASE_DURATION_MS,
      renewDeadlineMs: DEFAULT_RENEW_DEADLINE_MS,
      retryPeriodMs: DEFAULT_RETRY_PERIOD_MS,
      resourceNamespace: DEFAULT_LEADER_ELECTION_NAMESPACE,
      resourceName: DEFAULT_LEADER_ELECTION_NAME,
    },
  };
}

function readDuration(value: unknown, field: string, fallback: number): number {
  const text = optString(value, field);
  if (text === undefined) return fallback;
  const ms = parseGoDuration(text);
  if (ms === undefined) throw new SchedulerConfigError(field, `invalid duration ${JSON.stringify(text)} (use e.g. "15s", "1m30s")`);
  return ms;
}

function readLeaderElection(raw: unknown): LeaderElectionConfiguration {
  const base = defaultSchedulerConfiguration().leaderElection;
  const obj = optObject(raw, 'leaderElection');
  if (!obj) return base;
  rejectUnknownKeys(obj, 'leaderElection', ['leaderElect', 'leaseDuration', 'renewDeadline', 'retryPeriod', 'resourceLock', 'resourceNamespace', 'resourceName']);
  const lock = optString(obj.resourceLock, 'leaderElection.resourceLock');
  if (lock !== undefined && lock !== LEASES_LOCK) throw new SchedulerConfigError('leaderElection.resourceLock', `unsupported lock "${lock}" (only "${LEASES_LOCK}")`);
  const le: LeaderElectionConfiguration = {
    leaderElect: optBoolean(obj.leaderElect, 'leaderElection.leaderElect') ?? base.leaderElect,
    leaseDurationMs: readDuration(obj.leaseDuration, 'leaderElection.leaseDuration', base.leaseDurationMs),
    renewDeadlineMs: readDuration(obj.renewDeadline, 'leaderElection.renewDeadline', base.renewDeadlineMs),
    retryPeriodMs: readDuration(obj.retryPeriod, 'leaderElection.retryPeriod', base.retryPeriodMs),
    resourceNamespace: optString(obj.resourceNamespace, 'leaderElection.resourceNamespace') ?? base.resourceNamespace,
    resourceName: optString(obj.resourceName, 'leaderElection.resourceName') ?? base.resourceName,
  };
  if (!le.leaderElect) return le;
  // component-base's validation, applied only when leader election is on.
  if (le.leaseDurationMs <= 0) throw new SchedulerConfigError('leaderElection.leaseDuration', 'must be greater than zero');
  if (le.renewDeadlineMs <= 0) throw new SchedulerConfigError('leaderElection.renewDeadline', 'must be greater than zero');
  if (le.retryPeriodMs <= 0) throw new SchedulerConfigError('leaderElection.retryPeriod', 'must be greater than zero');
  if (le.leaseDurationMs <= le.renewDeadlineMs) throw new SchedulerConfigError('leaderElection.leaseDuration', 'LeaseDuration must be greater than RenewDeadline');
  if (!le.resourceNamespace) throw new SchedulerConfigError('leaderElection.resourceNamespace', 'required value');
  if (!le.resourceName) throw new SchedulerConfigError('leaderElection.resourceName', 'required value');
  return le;
}

/**
 * Parses a KubeSchedulerConfiguration (apiVersion kubescheduler.config.k8s.io/v1) from YAML, merges every profile onto
 * the default profile and fills in upstream defaults. An empty document yields defaultSchedulerConfiguration().
 * Throws SchedulerConfigError naming the offending field.
 */
export function loadSchedulerConfiguration(text: string, options: LoadSchedulerConfigurationOptions = {}): SchedulerConfiguration {
  const registry = options.registry ?? inTreeRegistry();
  const doc = parseDocument(text);
  if (doc.errors.length > 0) throw new SchedulerConfigError('', `invalid YAML: ${doc.errors[0]!.message}`);
  const raw = doc.toJS() as unknown;
  const config = defaultSchedulerConfiguration();
  const obj = optObject(raw, '(document)');
  if (!obj) return config;

  if (obj.apiVersion !== SCHEDULER_CONFIG_API_VERSION) {
    throw new SchedulerConfigError('apiVersion', `must be "${SCHEDULER_CONFIG_API_VERSION}", got ${JSON.stringify(obj.apiVersion ?? '')}`);
  }
  if (obj.kind !== SCHEDULER_CONFIG_KIND) {
    throw new SchedulerConfigError('kind', `must be "${SCHEDULER_CONFIG_KIND}", got ${JSON.stringify(obj.kind ?? '')}`);
  }
  rejectUnknownKeys(obj, '', TOP_LEVEL_FIELDS);
  if ((optArray(obj.extenders, 'extenders') ?? []).length > 0) throw new SchedulerConfigError('extenders', 'scheduler extenders are not supported');

  config.percentageOfNodesToScore =
    optInteger(obj.percentageOfNodesToScore, 'percentageOfNodesToScore', 0, 100) ?? config.percentageOfNodesToScore;
  config.podInitialBackoffSeconds = optInteger(obj.podInitialBackoffSeconds, 'podInitialBackoffSeconds', 1) ?? config.podInitialBackoffSeconds;
  config.podMaxBackoffSeconds = optInteger(obj.podMaxBackoffSeconds, 'podMaxBackoffSeconds', 1) ?? config.podMaxBackoffSeconds;
  if (config.podMaxBackoffSeconds < config.podInitialBackoffSeconds) {
    throw new SchedulerConfigError('podMaxBackoffSeconds', `must be greater than or equal to podInitialBackoffSeconds (${config.podInitialBackoffSeconds})`);
  }
  config.leaderElection = readLeaderElection(obj.leaderElection);

  const rawProfiles = optArray(obj.profiles, 'profiles') ?? [];
  if (rawProfiles.length > 0) {
    const names = new Set<string>();
    config.profiles = rawProfiles.map((p, i) => {
      const profile = mergeProfile(p, i, registry, rawProfiles.length === 1);
      if (names.has(profile.schedulerName)) throw new SchedulerConfigError(`profiles[${i}].schedulerName`, `duplicate value "${profile.schedulerName}"`);
      names.add(profile.schedulerName);
      return profile;
    });
  }
  return config;
}

/** Reads and loads a configuration file; errors are prefixed with the file's path. */
export async function readSchedulerConfiguration(path: string, options: LoadSchedulerConfigurationOptions = {}): Promise<SchedulerConfiguration> {
  const text = await readFile(path, 'utf8');
  try {
    return loadSchedulerConfiguration(text, options);
  } catch (err) {
    if (err instanceof SchedulerConfigError) throw new SchedulerConfigError(err.field, err.detail, path);
    throw err;
  }
}
