/** NodeAgent: the kubelet's node part — registers the Node, keeps its status and Lease fresh, and writes the CNI config from spec.podCIDR. */
import type { ResourceClient } from '@skiff/client';
import { realClock, SharedInformer, type Clock } from '@skiff/runtime';
import { pino, type Logger } from 'pino';
import type { CriClient } from '../cri/index.js';
import { machineInfo, type Reservations } from './machine-info.js';
import { initialNode, NODES, type NodeIdentity, type NodeObject } from './node-object.js';
import { NodeLease, NODE_LEASE_RENEW_INTERVAL_MS } from './node-lease.js';
import { registerNode } from './node-registration.js';
import { NodeStatusSync, NODE_STATUS_REPORT_FREQUENCY_MS } from './node-status.js';
import { cniNetworkName, PodCidrCni } from './pod-cidr-cni.js';
import { systemInfo, type SystemInfoPaths } from './system-info.js';

/** The kubelet's default nodeStatusUpdateFrequency. */
export const NODE_STATUS_UPDATE_FREQUENCY_MS = 10_000;
/** While the node is not ready, the runtime is asked this often so Ready is posted soon after it becomes true (the kubelet's fast status update). */
export const FAST_STATUS_CHECK_MS = 200;
/** Registration retries back off from this, doubling up to REGISTER_RETRY_MAX_MS (as the kubelet's registration loop). */
export const REGISTER_RETRY_INITIAL_MS = 100;
export const REGISTER_RETRY_MAX_MS = 7_000;
/** The kubelet's default port, reported in status.daemonEndpoints. */
export const DEFAULT_KUBELET_PORT = 10250;

export interface NodeAgentPeriods {
  /** How often the status is computed (and posted if changed); default 10 s. */
  statusUpdateMs?: number;
  /** How often an unchanged status is posted anyway; default 5 min. */
  statusReportMs?: number;
  /** Runtime checks while not ready; default 200 ms. */
  fastStatusCheckMs?: number;
  /** Lease renewal; default 10 s. */
  leaseRenewMs?: number;
}

export interface NodeAgentOptions {
  client: ResourceClient;
  cri: CriClient;
  nodeName: string;
  nodeIP: string;
  /** The node's containerd dir: net.d (CNI config) lives below it. */
  containerdDir: string;
  /** Its filesystem is the node's ephemeral storage; default containerdDir. */
  rootDir?: string;
  hostname?: string;
  kubeletPort?: number;
  maxPods?: number;
  labels?: Record<string, string>;
  reservations?: Reservations;
  cniBridge?: string;
  /** Registered as the Node's spec.podCIDR(s) (the kubelet's --pod-cidr); node IPAM keeps a CIDR a Node already has. */
  podCIDR?: string;
  cniNetworkName?: string;
  kubeProxyVersion?: string;
  /** Files behind nodeInfo (tests). */
  systemInfoPaths?: SystemInfoPaths;
  clock?: Clock;
  logger?: Logger;
  periods?: NodeAgentPeriods;
}

/** Runs the node's registration, status loop, Lease and pod-CIDR watch. */
export class NodeAgent {
  private readonly clock: Clock;
  private readonly log: Logger;
  private readonly cni: PodCidrCni;
  private status: NodeStatusSync | undefined;
  private lease: NodeLease | undefined;
  private informer: SharedInformer<NodeObject> | undefined;
  private nodeUid: string | undefined;
  private abort: AbortController | undefined;
  private loops: Promise<void>[] = [];
  private poked = false;
  private wake: (() => void) | undefined;

  constructor(private readonly opts: NodeAgentOptions) {
    this.clock = opts.clock ?? realClock;
    this.log = (opts.logger ?? pino({ level: 'silent' })).child({ component: 'node-agent', node: opts.nodeName });
    this.cni = new PodCidrCni({
      containerdDir: opts.containerdDir,
      networkName: opts.cniNetworkName ?? cniNetworkName(opts.nodeName),
      ...(opts.cniBridge ? { bridge: opts.cniBridge } : {}),
    });
  }

  /** The uid of the registered Node (undefined until registration succeeded). */
  uid(): string | undefined {
    return this.nodeUid;
  }

  /** The pod CIDR whose CNI config was written. */
  podCIDR(): string | undefined {
    return this.cni.current();
  }

  /** Reads the machine, then registers in the background and starts the loops; returns at once. */
  async start(): Promise<void> {
    if (this.abort) return;
    const abort = new AbortController();
    this.abort = abort;
    const o = this.opts;
    const identity: NodeIdentity = {
      nodeName: o.nodeName,
      hostname: (o.hostname ?? o.nodeName).toLowerCase(),
      nodeIP: o.nodeIP,
      kubeletPort: o.kubeletPort ?? DEFAULT_KUBELET_PORT,
      ...(o.labels ? { labels: o.labels } : {}),
      ...(o.podCIDR ? { podCIDR: o.podCIDR } : {}),
    };
    const [machine, system] = await Promise.all([
      machineInfo({ rootDir: o.rootDir ?? o.containerdDir, hostname: identity.hostname, ...(o.maxPods !== undefined ? { maxPods: o.maxPods } : {}) }),
      systemInfo(o.systemInfoPaths),
    ]);
    const status = new NodeStatusSync({
      client: o.client,
      cri: o.cri,
      identity,
      machine,
      system,
      ...(o.reservations ? { reservations: o.reservations } : {}),
      ...(o.kubeProxyVersion !== undefined ? { kubeProxyVersion: o.kubeProxyVersion } : {}),
      reportFrequencyMs: o.periods?.statusReportMs ?? NODE_STATUS_REPORT_FREQUENCY_MS,
      now: () => this.clock.now(),
    });
    this.status = status;
    this.lease = new NodeLease({
      client: o.client,
      nodeName: o.nodeName,
      nodeUid: () => this.nodeUid,
      clock: this.clock,
      logger: this.log,
      renewIntervalMs: o.periods?.leaseRenewMs ?? NODE_LEASE_RENEW_INTERVAL_MS,
    });
    this.informer = new SharedInformer<NodeObject>(o.client, NODES, { fieldSelector: `metadata.name=${o.nodeName}`, clock: this.clock, logger: this.log });
    this.informer.addEventHandler({
      onAdd: (node) => this.onNode(node),
      onUpdate: (_old, node) => this.onNode(node),
    });
    this.loops.push(this.informer.run(abort.signal).catch((err: unknown) => this.log.error({ err }, 'node informer ended')));
    this.loops.push(this.run(abort.signal, initialNode(identity, system)));
  }

  /** Ends every loop; the Node and its Lease stay (as when a kubelet stops). */
  async stop(): Promise<void> {
    const abort = this.abort;
    if (!abort) return;
    abort.abort();
    this.wake?.();
    await this.lease?.stop();
    await Promise.all(this.loops);
    this.loops = [];
    this.abort = undefined;
  }

  /** Asks the status loop to sync now (e.g. after the CNI config changed). */
  poke(): void {
    this.poked = true;
    this.wake?.();
  }

  private onNode(node: NodeObject): void {
    this.applyPodCidr(node).catch((err: unknown) => this.log.error({ err }, 'failed to write the CNI config'));
  }

  private async applyPodCidr(node: NodeObject): Promise<void> {
    const cidr = node.spec?.podCIDR;
    if (await this.cni.apply(cidr)) {
      this.log.info({ podCIDR: cidr }, 'updated the CNI config for the pod CIDR');
      this.poke();
    }
  }

  private async register(signal: AbortSignal, node: NodeObject): Promise<boolean> {
    let retry = REGISTER_RETRY_INITIAL_MS;
    while (!signal.aborted) {
      try {
        await this.status!.checkRuntime();
        const { node: registered, created } = await registerNode(this.opts.client, { ...node, status: await this.status!.desiredStatus(undefined) });
        this.nodeUid = registered.metadata?.uid;
        this.log.info({ created }, created ? 'successfully registered node' : 'node was previously registered');
        return true;
      } catch (err) {
        this.log.warn({ err }, 'unable to register node with API server');
        await this.clock.sleep(retry, signal).catch(() => undefined);
        retry = Math.min(retry * 2, REGISTER_RETRY_MAX_MS);
      }
    }
    return false;
  }

  private async run(signal: AbortSignal, node: NodeObject): Promise<void> {
    if (!(await this.register(signal, node))) return;
    this.lease!.start();
    const period = this.opts.periods?.statusUpdateMs ?? NODE_STATUS_UPDATE_FREQUENCY_MS;
    const fast = this.opts.periods?.fastStatusCheckMs ?? FAST_STATUS_CHECK_MS;
    const status = this.status!;
    let lastSync: number | undefined;
    let force = true; // the first sync after (re-)registration always posts
    while (!signal.aborted) {
      const now = this.clock.now();
      let full = force || this.poked || lastSync === undefined || now - lastSync >= period;
      this.poked = false;
      if (!full) {
        await status.checkRuntime();
        full = status.runtimeReady();
      }
      if (full) {
        try {
          const { node: current } = await status.sync(force);
          force = false;
          lastSync = now;
          this.nodeUid = current.metadata?.uid ?? this.nodeUid;
          await this.applyPodCidr(current);
        } catch (err) {
          this.log.warn({ err }, 'error updating node status, will retry');
        }
      }
      const untilFull = lastSync === undefined ? fast : Math.max(0, lastSync + period - this.clock.now());
      await this.sleep(status.runtimeReady() ? untilFull : Math.min(fast, untilFull), signal);
    }
  }

  /** Sleeps on the clock, or until poke() or stop(). */
  private async sleep(ms: number, signal: AbortSignal): Promise<void> {
    if (this.poked || signal.aborted) return;
    const wakeup = new AbortController();
    const onAbort = (): void => wakeup.abort();
    signal.addEventListener('abort', onAbort, { once: true });
    this.wake = () => wakeup.abort();
    await this.clock.sleep(ms, wakeup.signal).catch(() => undefined);
    this.wake = undefined;
    signal.removeEventListener('abort', onAbort);
  }
}
