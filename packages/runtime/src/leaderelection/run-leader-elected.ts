/** Runs a component's work only while it holds a Lease, as kube-scheduler and kube-controller-manager do for HA. */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { ResourceClient } from '@skiff/client';
import type { Logger } from 'pino';
import { LeaderElector } from './leader-elector.js';

/** The Lease to contend for, with optional timings (the LeaderElector's defaults otherwise). */
export interface LeaseSettings {
  namespace: string;
  name: string;
  leaseDurationMs?: number;
  renewDeadlineMs?: number;
  retryPeriodMs?: number;
}

export interface LeaderElectedWork {
  /** Starts the work once leadership is won. */
  start(): Promise<void>;
  /** Stops it (on a lost lease, or when the component stops); must be idempotent. */
  stop(): Promise<void>;
}

/**
 * Contends for the Lease with a unique identity (`hostname_random`) and starts the work when leading; the lease is
 * released on stop so a standby takes over at once. Returns the stop function.
 */
export function runLeaderElected(client: ResourceClient, lease: LeaseSettings, work: LeaderElectedWork, logger: Logger): () => Promise<void> {
  const stopElection = new AbortController();
  const { namespace, name, ...timings } = lease;
  const elector = new LeaderElector({
    client,
    namespace,
    name,
    ...timings,
    identity: `${hostname()}_${randomBytes(4).toString('hex')}`,
    releaseOnCancel: true,
    logger,
    onStartedLeading: async () => {
      logger.info({ lease: `${namespace}/${name}` }, 'started leading');
      await work.start();
    },
    onStoppedLeading: () => {
      logger.warn({ lease: `${namespace}/${name}` }, 'leader election lost: work stopped');
      void work.stop();
    },
  });
  const running = elector.run(stopElection.signal);
  return async () => {
    stopElection.abort();
    await running.catch(() => undefined);
    await work.stop();
  };
}
