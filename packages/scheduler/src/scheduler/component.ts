/** The skiff-scheduler component: flags, scheduler configuration file, client (gRPC or REST), optional leader election, the Scheduler. */
import type { ResourceClient } from '@skiff/client';
import { componentClient, runLeaderElected, type ComponentSpec, type LeaseSettings } from '@skiff/runtime';
import { readSchedulerConfiguration, SchedulerConfigError, type SchedulerConfiguration } from '../config/index.js';
import { Scheduler, type SchedulerOptions } from './scheduler.js';

/** kube-scheduler's secure port, used here for health and metrics. */
export const DEFAULT_SCHEDULER_HEALTH_PORT = 10259;
/** The Lease kube-scheduler elects its leader with. */
export const SCHEDULER_LEASE_NAME = 'kube-scheduler';
export const SCHEDULER_LEASE_NAMESPACE = 'kube-system';
const USER_AGENT = 'skiff-scheduler';
const MS_PER_SECOND = 1000;

export interface SchedulerSettings {
  /** `host:port` of the apiserver's gRPC transport; empty: REST at the kubeconfig's server. */
  grpcAddress: string;
  /** `--leader-elect`: true/false when given, undefined when not (then the configuration file decides, else false). */
  leaderElect: boolean | undefined;
  /** `--scheduler-config`: path of a KubeSchedulerConfiguration file; empty: kube-scheduler's defaults. */
  schedulerConfig: string;
}

/** What the component runs with once the flags and the configuration file are combined. */
export interface ResolvedSchedulerConfig {
  /** The file's configuration; undefined when no file was given. */
  config: SchedulerConfiguration | undefined;
  leaderElect: boolean;
  lease: LeaseSettings;
}

/** Builds the client: gRPC with the kubeconfig's CA and client certificate when an address is given, else REST. */
export function schedulerClient(kubeconfigPath: string | undefined, grpcAddress: string): Promise<ResourceClient> {
  return componentClient(kubeconfigPath, grpcAddress, USER_AGENT);
}

/** Reads the `--scheduler-config` file; every failure (missing file, bad YAML, invalid field) names the file. */
async function readConfigFile(path: string): Promise<SchedulerConfiguration> {
  try {
    return await readSchedulerConfiguration(path);
  } catch (err) {
    if (err instanceof SchedulerConfigError) throw new Error(`invalid scheduler configuration ${err.message}`);
    throw new Error(`cannot read scheduler configuration ${path}: ${(err as Error).message}`);
  }
}

/**
 * Combines the flags with the configuration file: as in kube-scheduler, a `--leader-elect` given on the command
 * line wins over the file's `leaderElection.leaderElect`; the Lease and its timings come from the file.
 */
export async function resolveSchedulerConfig(settings: SchedulerSettings): Promise<ResolvedSchedulerConfig> {
  const config = settings.schedulerConfig ? await readConfigFile(settings.schedulerConfig) : undefined;
  if (!config) return { config, leaderElect: settings.leaderElect ?? false, lease: { namespace: SCHEDULER_LEASE_NAMESPACE, name: SCHEDULER_LEASE_NAME } };
  const le = config.leaderElection;
  return {
    config,
    leaderElect: settings.leaderElect ?? le.leaderElect,
    lease: { namespace: le.resourceNamespace, name: le.resourceName, leaseDurationMs: le.leaseDurationMs, renewDeadlineMs: le.renewDeadlineMs, retryPeriodMs: le.retryPeriodMs },
  };
}

/** The Scheduler's options a configuration sets: profiles, percentageOfNodesToScore, the pod backoff. */
export function schedulerOptionsFrom(config: SchedulerConfiguration | undefined): Partial<SchedulerOptions> {
  if (!config) return {};
  return {
    profiles: config.profiles,
    percentageOfNodesToScore: config.percentageOfNodesToScore,
    queueOptions: { podInitialBackoffMs: config.podInitialBackoffSeconds * MS_PER_SECOND, podMaxBackoffMs: config.podMaxBackoffSeconds * MS_PER_SECOND },
  };
}

function parseLeaderElect(value: string): boolean | undefined {
  if (value === '') return undefined;
  if (value !== 'true' && value !== 'false') throw new Error(`invalid --leader-elect ${JSON.stringify(value)} (true or false)`);
  return value === 'true';
}

/** The component spec `runComponent` runs (flags: --kubeconfig, --grpc-address, --leader-elect, --scheduler-config). */
export const schedulerComponent: ComponentSpec<SchedulerSettings> = {
  name: 'skiff-scheduler',
  defaultHealthPort: DEFAULT_SCHEDULER_HEALTH_PORT,
  flags: { 'grpc-address': '', 'leader-elect': '', 'scheduler-config': '' },
  settings: (values) => ({
    grpcAddress: values['grpc-address'] ?? '',
    leaderElect: parseLeaderElect(values['leader-elect'] ?? ''),
    schedulerConfig: values['scheduler-config'] ?? '',
  }),
  async start(ctx) {
    // The file is read first, so a bad one fails the start before any connection is made.
    const resolved = await resolveSchedulerConfig(ctx.settings);
    const client = await schedulerClient(ctx.settings.kubeconfig, ctx.settings.grpcAddress);
    const newScheduler = (): Scheduler => new Scheduler({ client, logger: ctx.logger, metrics: ctx.metrics, ...schedulerOptionsFrom(resolved.config) });
    if (!resolved.leaderElect) {
      const scheduler = newScheduler();
      await scheduler.start();
      ctx.setReady(true);
      return async () => {
        await scheduler.stop();
        await client.close();
      };
    }
    // Metrics are registered once per registry, so the scheduler is built once; leading again after a loss needs a restart.
    const scheduler = newScheduler();
    ctx.setReady(true);
    const stop = runLeaderElected(client, resolved.lease, { start: () => scheduler.start(), stop: () => scheduler.stop() }, ctx.logger);
    return async () => {
      await stop();
      await client.close();
    };
  },
};
