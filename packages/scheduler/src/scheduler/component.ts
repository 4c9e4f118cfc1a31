/** The skiff-scheduler component: flags, client (gRPC or REST from the kubeconfig), optional leader election, the Scheduler. */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { GrpcResourceClient, loadKubeconfig, RestResourceClient, type ResourceClient } from '@skiff/client';
import { LeaderElector, type ComponentSpec } from '@skiff/runtime';
import { Scheduler } from './scheduler.js';

/** kube-scheduler's secure port, used here for health and metrics. */
export const DEFAULT_SCHEDULER_HEALTH_PORT = 10259;
/** The Lease kube-scheduler elects its leader with. */
export const SCHEDULER_LEASE_NAME = 'kube-scheduler';
export const SCHEDULER_LEASE_NAMESPACE = 'kube-system';
const USER_AGENT = 'skiff-scheduler';

export interface SchedulerSettings {
  /** `host:port` of the apiserver's gRPC transport; empty: REST at the kubeconfig's server. */
  grpcAddress: string;
  leaderElect: boolean;
}

/** Builds the client: gRPC with the kubeconfig's CA and client certificate when an address is given, else REST. */
export async function schedulerClient(kubeconfigPath: string | undefined, grpcAddress: string): Promise<ResourceClient> {
  const cfg = await loadKubeconfig(kubeconfigPath ? { path: kubeconfigPath } : {});
  if (!grpcAddress) return RestResourceClient.fromKubeconfig(cfg, { userAgent: USER_AGENT });
  const tls = cfg.ca && cfg.cert && cfg.key ? { tls: { ca: cfg.ca, cert: cfg.cert, key: cfg.key } } : {};
  return new GrpcResourceClient({ address: grpcAddress, userAgent: USER_AGENT, ...tls });
}

/** The component spec `runComponent` runs (flags: --kubeconfig, --grpc-address, --leader-elect). */
export const schedulerComponent: ComponentSpec<SchedulerSettings> = {
  name: 'skiff-scheduler',
  defaultHealthPort: DEFAULT_SCHEDULER_HEALTH_PORT,
  flags: { 'grpc-address': '', 'leader-elect': 'false' },
  settings: (values) => ({ grpcAddress: values['grpc-address'] ?? '', leaderElect: values['leader-elect'] === 'true' }),
  async start(ctx) {
    const client = await schedulerClient(ctx.settings.kubeconfig, ctx.settings.grpcAddress);
    const newScheduler = (): Scheduler => new Scheduler({ client, logger: ctx.logger, metrics: ctx.metrics });
    if (!ctx.settings.leaderElect) {
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
    const stopElection = new AbortController();
    ctx.setReady(true);
    const elector = new LeaderElector({
      client,
      namespace: SCHEDULER_LEASE_NAMESPACE,
      name: SCHEDULER_LEASE_NAME,
      identity: `${hostname()}_${randomBytes(4).toString('hex')}`,
      releaseOnCancel: true,
      logger: ctx.logger,
      onStartedLeading: async () => {
        ctx.logger.info('started leading');
        await scheduler.start();
      },
      onStoppedLeading: () => {
        ctx.logger.warn('leader election lost: scheduling stopped');
        void scheduler.stop();
      },
    });
    const running = elector.run(stopElection.signal);
    return async () => {
      stopElection.abort();
      await running.catch(() => undefined);
      await scheduler.stop();
      await client.close();
    };
  },
};
