/** The node's heartbeat Lease in kube-node-lease: created if missing, owned by the Node, renewed every renewInterval, as the kubelet's nodelease controller. */
import type { ResourceClient } from '@skiff/client';
import { formatMicroTime, LEASES, realClock, type Clock, type LeaseObject } from '@skiff/runtime';
import { pino, type Logger } from 'pino';
import { reasonOf } from './node-registration.js';

export const NODE_LEASE_NAMESPACE = 'kube-node-lease';
/** The kubelet's default nodeLeaseDurationSeconds. */
export const NODE_LEASE_DURATION_SECONDS = 40;
/** The kubelet renews at a quarter of the lease duration: 10 s. */
export const NODE_LEASE_RENEW_INTERVAL_MS = (NODE_LEASE_DURATION_SECONDS * 1000) / 4;
/** After a failed renewal the controller retries sooner, doubling from this up to the renew interval. */
export const NODE_LEASE_RETRY_INITIAL_MS = 200;

export interface NodeLeaseOptions {
  client: ResourceClient;
  nodeName: string;
  /** Returns the Node's uid once it is registered (for the ownerReference); undefined before. */
  nodeUid: () => string | undefined;
  clock?: Clock;
  logger?: Logger;
  renewIntervalMs?: number;
  leaseDurationSeconds?: number;
}

/** Keeps one node's Lease fresh; start() runs the loop, stop() ends it. */
export class NodeLease {
  private readonly clock: Clock;
  private readonly log: Logger;
  private readonly renewIntervalMs: number;
  private readonly durationSeconds: number;
  private latest: LeaseObject | undefined;
  private running: { abort: AbortController; done: Promise<void> } | undefined;

  constructor(private readonly opts: NodeLeaseOptions) {
    this.clock = opts.clock ?? realClock;
    this.log = (opts.logger ?? pino({ level: 'silent' })).child({ component: 'node-lease' });
    this.renewIntervalMs = opts.renewIntervalMs ?? NODE_LEASE_RENEW_INTERVAL_MS;
    this.durationSeconds = opts.leaseDurationSeconds ?? NODE_LEASE_DURATION_SECONDS;
  }

  start(): void {
    if (this.running) return;
    const abort = new AbortController();
    this.running = { abort, done: this.loop(abort.signal) };
  }

  async stop(): Promise<void> {
    const running = this.running;
    this.running = undefined;
    if (!running) return;
    running.abort.abort();
    await running.done;
  }

  /** One renewal: creates the Lease when missing, else updates renewTime (and the owner once known). */
  async renew(): Promise<LeaseObject> {
    const now = this.clock.now();
    if (!this.latest) {
      try {
        this.latest = await this.opts.client.get<LeaseObject>(LEASES, NODE_LEASE_NAMESPACE, this.opts.nodeName);
      } catch (err) {
        if (reasonOf(err) !== 'NotFound') throw err;
        this.latest = await this.opts.client.create<LeaseObject>(LEASES, NODE_LEASE_NAMESPACE, this.desired(undefined, now));
        return this.latest;
      }
    }
    try {
      this.latest = await this.opts.client.update<LeaseObject>(LEASES, NODE_LEASE_NAMESPACE, this.desired(this.latest, now));
      return this.latest;
    } catch (err) {
      // a stale cached copy (Conflict) or a deleted Lease: read afresh next time
      this.latest = undefined;
      throw err;
    }
  }

  private desired(current: LeaseObject | undefined, now: number): LeaseObject {
    const uid = this.opts.nodeUid();
    const metadata = { ...(current?.metadata ?? {}), name: this.opts.nodeName, namespace: NODE_LEASE_NAMESPACE };
    if (uid && !metadata.ownerReferences?.some((r) => r.uid === uid)) {
      metadata.ownerReferences = [{ apiVersion: 'v1', kind: 'Node', name: this.opts.nodeName, uid }];
    }
    return {
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata,
      spec: {
        ...(current?.spec ?? {}),
        holderIdentity: this.opts.nodeName,
        leaseDurationSeconds: this.durationSeconds,
        renewTime: formatMicroTime(now),
      },
    };
  }

  private async loop(signal: AbortSignal): Promise<void> {
    let retry = NODE_LEASE_RETRY_INITIAL_MS;
    while (!signal.aborted) {
      let wait = this.renewIntervalMs;
      try {
        await this.renew();
        retry = NODE_LEASE_RETRY_INITIAL_MS;
      } catch (err) {
        this.log.warn({ err }, 'failed to update lease');
        wait = Math.min(retry, this.renewIntervalMs);
        retry = Math.min(retry * 2, this.renewIntervalMs);
      }
      await this.clock.sleep(wait, signal).catch(() => undefined);
    }
  }
}
