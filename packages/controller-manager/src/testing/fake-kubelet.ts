/**
 * A stand-in for kubelets in integration tests (there are none): pods bound to a node are marked Running and Ready
 * with a pod IP through the status subresource, and bound pods being deleted are confirmed gone, as a kubelet would.
 */
import type { Pod } from 'kubernetes-types/core/v1.js';
import { StatusError } from '@skiff/api';
import type { ApiObject, ResourceClient, ResourceRef } from '@skiff/client';
import { formatMicroTime, LEASES, SharedInformerFactory } from '@skiff/runtime';

const PODS: ResourceRef = { group: '', version: 'v1', resource: 'pods', namespaced: true };
const NODES: ResourceRef = { group: '', version: 'v1', resource: 'nodes', namespaced: false };
/** Where kubelets keep their node Leases. */
const NODE_LEASE_NAMESPACE = 'kube-node-lease';

export interface FakeKubeletOptions {
  /** Nodes whose pods are left alone (a dead node's kubelet does nothing). */
  deadNodes?: Set<string>;
  /** Whether pods become Ready (default true); a function decides per pod. */
  ready?: (pod: Pod) => boolean;
  /** Renew each live node's Lease in kube-node-lease this often, as a kubelet does (default: no heartbeats). */
  heartbeatMs?: number;
}

export class FakeKubelet {
  private readonly factory: SharedInformerFactory;
  private nextIp = 1;
  private readonly ips = new Map<string, string>();
  private readonly inFlight = new Set<Promise<void>>();
  readonly deadNodes: Set<string>;
  private readonly ready: (pod: Pod) => boolean;
  private readonly heartbeatMs: number | undefined;
  private readonly nodeNames = new Set<string>();
  private heartbeat: NodeJS.Timeout | undefined;

  constructor(
    private readonly client: ResourceClient,
    options: FakeKubeletOptions = {},
  ) {
    this.deadNodes = options.deadNodes ?? new Set();
    this.ready = options.ready ?? (() => true);
    this.heartbeatMs = options.heartbeatMs;
    this.factory = new SharedInformerFactory(client);
    const pods = this.factory.forResource<Pod & ApiObject>(PODS);
    const sync = (pod: Pod & ApiObject): void => this.track(this.sync(pod));
    pods.addEventHandler({ onAdd: sync, onUpdate: (_o, n) => sync(n) });
    if (this.heartbeatMs !== undefined) {
      this.factory.forResource<ApiObject>(NODES).addEventHandler({
        onAdd: (n) => this.nodeNames.add(n.metadata?.name ?? ''),
        onDelete: (n) => this.nodeNames.delete(('metadata' in n ? n.metadata?.name : undefined) ?? ''),
      });
    }
  }

  async start(): Promise<void> {
    this.factory.start();
    await this.factory.waitForCacheSync();
    if (this.heartbeatMs !== undefined) {
      const beat = (): void => {
        for (const node of this.nodeNames) if (node && !this.deadNodes.has(node)) this.track(this.renewLease(node));
      };
      beat();
      this.heartbeat = setInterval(beat, this.heartbeatMs);
    }
  }

  async stop(): Promise<void> {
    if (this.heartbeat) clearInterval(this.heartbeat);
    await this.factory.shutdown();
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  private track(work: Promise<void>): void {
    const p = work.catch(() => undefined).finally(() => this.inFlight.delete(p));
    this.inFlight.add(p);
  }

  private async sync(pod: Pod & ApiObject): Promise<void> {
    const node = pod.spec?.nodeName;
    const m = pod.metadata ?? {};
    if (!node || this.deadNodes.has(node)) return;
    try {
      if (m.deletionTimestamp) {
        await this.client.delete(PODS, m.namespace, m.name ?? '', { gracePeriodSeconds: 0, ...(m.uid ? { preconditions: { uid: m.uid } } : {}) });
        return;
      }
      if (pod.status?.phase !== 'Pending') return;
      const ready = this.ready(pod);
      const now = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
      const status = {
        phase: 'Running',
        podIP: this.ipFor(m.uid ?? `${m.namespace}/${m.name}`),
        hostIP: '10.0.0.1',
        startTime: now,
        conditions: [
          { type: 'Initialized', status: 'True', lastTransitionTime: now },
          { type: 'Ready', status: ready ? 'True' : 'False', lastTransitionTime: now },
          { type: 'ContainersReady', status: ready ? 'True' : 'False', lastTransitionTime: now },
        ],
        containerStatuses: (pod.spec?.containers ?? []).map((c) => ({ name: c.name, image: c.image ?? '', imageID: '', ready, restartCount: 0, started: true, state: { running: { startedAt: now } } })),
      };
      await this.client.patch(PODS, m.namespace, m.name ?? '', 'merge', { status }, { subresource: 'status' });
    } catch (err) {
      if (!(err instanceof StatusError && (err.reason === 'NotFound' || err.reason === 'Conflict'))) throw err;
    }
  }

  /** The node's Lease renewed now (created on the first beat), as the kubelet's node lease controller does. */
  private async renewLease(node: string): Promise<void> {
    const spec = { holderIdentity: node, leaseDurationSeconds: 40, renewTime: formatMicroTime(Date.now()) };
    try {
      await this.client.patch(LEASES, NODE_LEASE_NAMESPACE, node, 'merge', { spec });
    } catch (err) {
      if (!(err instanceof StatusError && err.reason === 'NotFound')) throw err;
      await this.client.create(LEASES, NODE_LEASE_NAMESPACE, { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: node, namespace: NODE_LEASE_NAMESPACE }, spec });
    }
  }

  /** A stable pod IP per pod, from 10.244.0.0/16. */
  private ipFor(key: string): string {
    let ip = this.ips.get(key);
    if (!ip) {
      const n = this.nextIp++;
      ip = `10.244.${Math.floor(n / 250)}.${(n % 250) + 2}`;
      this.ips.set(key, ip);
    }
    return ip;
  }
}
