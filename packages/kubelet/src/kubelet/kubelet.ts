/** Kubelet: the node agent assembled — Node registration, the pods bound to the node synced through CRI, probes, pod status, events. */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { ApiObject, ResourceClient } from '@skiff/client';
import { isStatusError } from '@skiff/api';
import { Controller, EventRecorder, isTombstone, objectKey, realClock, SharedInformer, type Clock, type Result } from '@skiff/runtime';
import type { ObjectReference, Pod, PodStatus } from 'kubernetes-types/core/v1.js';
import { pino, type Logger } from 'pino';
import { isCriNotFound, type CriClient } from '../cri/index.js';
import { NodeAgent, type NodeAgentPeriods } from '../node/index.js';
import { RelistPleg } from '../pleg/index.js';
import { POD_NAME_LABEL, POD_NAMESPACE_LABEL, POD_UID_LABEL } from '../podconfig/index.js';
import { newProbeRunner, probeKillGracePeriodSeconds, probeKillMessage, ProbeManager, type ProbeKind, type ProbeResult, type RunningContainer } from '../prober/index.js';
import { computePodStatus, CrashLoopBackoff, ImageBackoff, mergeStatusPatch, statusEqual } from '../status/index.js';
import { killPod, readPodRuntimeState, syncPod, type PodWorkerDeps, type SyncPodResult, type WorkerPodRuntimeState } from '../worker/index.js';
import { ConfigSources } from './config-sources.js';
import { CONFIGMAPS, PODS, SECRETS, type ConfigMapObject, type PodObject, type SecretObject } from './resources.js';

/** Every pod is synced again this often even without a change (the kubelet's resync); container exits are noticed sooner by the PLEG. */
export const POD_RESYNC_MS = 10_000;
/** Pods are synced in parallel up to this many at once (distinct pods only; one pod is never synced twice at a time). */
export const POD_SYNC_WORKERS = 4;
/** A short margin past a crash-loop back-off's end, so the requeued sync finds the back-off over. */
const BACKOFF_REQUEUE_SLACK_MS = 100;
/** The kubelet's default cluster domain. */
export const DEFAULT_CLUSTER_DOMAIN = 'cluster.local';
/** The component name on the kubelet's events (source.component). */
export const KUBELET_COMPONENT = 'kubelet';
/** Orphaned pods (CRI runs them, the API does not have them) are stopped with this grace period, as the kubelet's default. */
const ORPHAN_GRACE_SECONDS = 30;

export interface KubeletOptions {
  client: ResourceClient;
  cri: CriClient;
  nodeName: string;
  nodeIP: string;
  /** The node's containerd dir (CNI config under net.d). */
  containerdDir: string;
  /** Per-pod directories (`<rootDir>/pods/<uid>`) and container logs (`<rootDir>/logs`). */
  rootDir: string;
  /** First segment of every pod's cgroup parent; default `kubelet-<node>`. */
  cgroupRoot?: string;
  clusterDNS?: string[];
  clusterDomain?: string;
  /** Overrides of the node agent's CNI naming (tests use random names). */
  cniBridge?: string;
  /** The pod CIDR to register the Node with (as the kubelet's --pod-cidr); default: node IPAM assigns one. */
  podCIDR?: string;
  cniNetworkName?: string;
  nodePeriods?: NodeAgentPeriods;
  /** The port of the kubelet's own server, reported in the Node's daemonEndpoints (default 10250). */
  kubeletPort?: number;
  resyncMs?: number;
  workers?: number;
  logger?: Logger;
  clock?: Clock;
}

/** What the kubelet remembers of a pod it syncs. */
interface PodRecord {
  pod: Pod;
  /** The status it computed last (the base of the next one). */
  status?: PodStatus;
  /** Containers whose liveness or startup probe failed: the next sync restarts them. */
  restart: Map<string, ProbeKind>;
}

function podKey(pod: Pod): string {
  return objectKey(pod as ApiObject);
}

function uidOf(pod: Pod): string {
  return pod.metadata?.uid ?? '';
}

/** The running attempts of the pod's containers, as the probe manager takes them. */
function runningContainers(runtime: WorkerPodRuntimeState): Map<string, RunningContainer> {
  const running = new Map<string, RunningContainer>();
  for (const c of runtime.containers) if (c.state === 'CONTAINER_RUNNING' && !running.has(c.name)) running.set(c.name, { id: c.id, startedAt: c.startedAt });
  return running;
}

/** The kubelet: a NodeAgent plus a pod controller whose reconcile is one pod sync. */
export class Kubelet {
  readonly nodeName: string;
  private readonly client: ResourceClient;
  private readonly cri: CriClient;
  private readonly clock: Clock;
  private readonly log: Logger;
  private readonly agent: NodeAgent;
  private readonly pods: SharedInformer<PodObject>;
  private readonly configMaps: SharedInformer<ConfigMapObject>;
  private readonly secrets: SharedInformer<SecretObject>;
  private readonly sources: ConfigSources;
  private readonly recorder: EventRecorder;
  private readonly probes: ProbeManager;
  private readonly controller: Controller;
  private readonly deps: PodWorkerDeps;
  private readonly records = new Map<string, PodRecord>();
  private readonly keysByUid = new Map<string, string>();
  private readonly resyncMs: number;
  private abort: AbortController | undefined;
  private informerRuns: Promise<void>[] = [];
  private orphanSweep: Promise<void> | undefined;
  private readonly pleg: RelistPleg;
  private plegRun: Promise<void> | undefined;

  constructor(private readonly opts: KubeletOptions) {
    this.nodeName = opts.nodeName;
    this.client = opts.client;
    this.cri = opts.cri;
    this.clock = opts.clock ?? realClock;
    this.log = (opts.logger ?? pino({ level: 'silent' })).child({ component: 'kubelet', node: opts.nodeName });
    this.resyncMs = opts.resyncMs ?? POD_RESYNC_MS;
    this.agent = new NodeAgent({
      client: opts.client,
      cri: opts.cri,
      nodeName: opts.nodeName,
      nodeIP: opts.nodeIP,
      containerdDir: opts.containerdDir,
      rootDir: opts.rootDir,
      clock: this.clock,
      logger: this.log,
      ...(opts.cniBridge ? { cniBridge: opts.cniBridge } : {}),
      ...(opts.podCIDR ? { podCIDR: opts.podCIDR } : {}),
      ...(opts.cniNetworkName ? { cniNetworkName: opts.cniNetworkName } : {}),
      ...(opts.nodePeriods ? { periods: opts.nodePeriods } : {}),
      ...(opts.kubeletPort !== undefined ? { kubeletPort: opts.kubeletPort } : {}),
    });
    const informerOpts = { clock: this.clock, logger: this.log };
    this.pods = new SharedInformer<PodObject>(opts.client, PODS, { ...informerOpts, fieldSelector: `spec.nodeName=${opts.nodeName}` });
    this.configMaps = new SharedInformer<ConfigMapObject>(opts.client, CONFIGMAPS, informerOpts);
    this.secrets = new SharedInformer<SecretObject>(opts.client, SECRETS, informerOpts);
    this.sources = new ConfigSources(opts.client, this.configMaps.lister, this.secrets.lister);
    this.recorder = new EventRecorder({ client: opts.client, component: KUBELET_COMPONENT, host: opts.nodeName, clock: this.clock, logger: this.log });
    this.probes = new ProbeManager({
      runner: newProbeRunner(opts.cri),
      clock: this.clock,
      onChange: (uid, name, kind, result) => this.onProbeChange(uid, name, kind, result),
      onEvent: (pod, container, type, reason, message) => this.recorder.event(this.containerRef(pod, container), type, reason, message),
    });
    this.controller = new Controller({
      name: 'kubelet-pods',
      reconciler: { reconcile: (key) => this.syncKey(key) },
      workers: opts.workers ?? POD_SYNC_WORKERS,
      clock: this.clock,
      logger: this.log,
    });
    this.pleg = new RelistPleg({
      cri: opts.cri,
      clock: this.clock,
      logger: this.log,
      onPodChange: (uid) => {
        const key = this.keysByUid.get(uid);
        if (key) this.controller.enqueue(key);
      },
    });
    this.deps = {
      cri: opts.cri,
      podsDir: join(opts.rootDir, 'pods'),
      logsDir: join(opts.rootDir, 'logs'),
      cgroupRoot: opts.cgroupRoot ?? `kubelet-${opts.nodeName}`,
      nodeName: opts.nodeName,
      hostIP: opts.nodeIP,
      ...(opts.clusterDNS && opts.clusterDNS.length > 0 ? { clusterDNS: opts.clusterDNS } : {}),
      clusterDomain: opts.clusterDomain ?? DEFAULT_CLUSTER_DOMAIN,
      sources: this.sources.sources(),
      backoffs: { crashLoop: new CrashLoopBackoff(this.clock), image: new ImageBackoff(this.clock) },
      clock: this.clock,
      events: (pod, type, reason, message) => this.recorder.event(pod as ApiObject, type, reason, message),
    };
  }

  /** The pods bound to this node as the kubelet's cache holds them (what its logs and exec server serves). */
  pod(namespace: string, name: string): Pod | undefined {
    return this.pods.lister.get(`${namespace}/${name}`);
  }

  /** The node part (registration, status, Lease, CNI config). */
  node(): NodeAgent {
    return this.agent;
  }

  /** Registers the node, starts the informers, kills orphaned pods once the pod cache has synced, and starts syncing pods. */
  async start(): Promise<void> {
    if (this.abort) return;
    const abort = new AbortController();
    this.abort = abort;
    await Promise.all([this.opts.rootDir, this.deps.podsDir, this.deps.logsDir].map((d) => mkdir(d, { recursive: true })));
    await this.agent.start();
    this.pods.addEventHandler({
      onAdd: (pod) => this.enqueue(pod),
      onUpdate: (_old, pod) => this.enqueue(pod),
      onDelete: (obj) => this.enqueue(isTombstone(obj) ? (obj.obj as Pod) : obj),
    });
    for (const informer of [this.pods, this.configMaps, this.secrets] as unknown as SharedInformer<ApiObject>[]) {
      this.informerRuns.push(informer.run(abort.signal).catch((err: unknown) => this.log.error({ err, informer: informer.resource.resource }, 'informer ended')));
    }
    this.controller.start();
    this.plegRun = this.pleg.run(abort.signal);
    this.orphanSweep = (async () => {
      if (await this.pods.waitForSync(abort.signal)) await this.killOrphans();
    })().catch((err: unknown) => this.log.error({ err }, 'failed to clean up orphaned pods'));
  }

  /**
   * Stops syncing, probing and reporting; the containers keep running and the Node and its Lease stay, as when a
   * kubelet process stops. A later kubelet adopts the running containers. A stopped Kubelet is not started again.
   */
  async stop(): Promise<void> {
    const abort = this.abort;
    if (!abort) return;
    abort.abort();
    await this.controller.stop({ abortInFlight: true });
    this.probes.stop(); // after the controller: an in-flight sync may still add a pod's probes
    await Promise.all([this.agent.stop(), ...this.informerRuns, this.orphanSweep, this.plegRun]);
    this.informerRuns = [];
    await this.recorder.shutdown();
  }

  private enqueue(pod: Pod): void {
    const key = podKey(pod);
    this.controller.enqueue(key);
  }

  private onProbeChange(uid: string, name: string, kind: ProbeKind, result: ProbeResult): void {
    const key = this.keysByUid.get(uid);
    if (!key) return;
    if (result === 'Failure' && (kind === 'liveness' || kind === 'startup')) this.records.get(key)?.restart.set(name, kind);
    this.controller.enqueue(key);
  }

  /** The reference of one container for events (`spec.containers{name}`). */
  private containerRef(pod: Pod, container: string): ObjectReference {
    const m = pod.metadata ?? {};
    return { apiVersion: 'v1', kind: 'Pod', namespace: m.namespace, name: m.name, uid: m.uid, resourceVersion: m.resourceVersion, fieldPath: `spec.containers{${container}}` };
  }

  /** One reconcile: the pod named `key` brought in line with its spec, or stopped and released when it is gone or being deleted. */
  private async syncKey(key: string): Promise<Result> {
    const pod = this.pods.lister.get(key);
    const record = this.records.get(key);
    if (record && (!pod || uidOf(pod) !== uidOf(record.pod))) {
      // The pod left the API (or was replaced under the same name): stop what is left of the old one.
      await this.stopPod(record.pod, record.pod.metadata?.deletionGracePeriodSeconds ?? record.pod.spec?.terminationGracePeriodSeconds);
      this.forget(key, record.pod);
    }
    if (!pod) return;
    if (pod.metadata?.deletionTimestamp) {
      await this.terminate(key, pod);
      return;
    }
    return this.syncRunning(key, pod);
  }

  private forget(key: string, pod: Pod): void {
    this.probes.removePod(uidOf(pod));
    this.keysByUid.delete(uidOf(pod));
    if (this.records.get(key)?.pod.metadata?.uid === uidOf(pod)) this.records.delete(key);
  }

  private async stopPod(pod: Pod, graceSeconds: number | undefined): Promise<void> {
    this.probes.removePod(uidOf(pod));
    const { volumesLeft } = await killPod(this.deps, pod, graceSeconds);
    if (volumesLeft.length > 0) this.log.warn({ pod: podKey(pod), volumesLeft }, 'pod volumes could not be torn down');
  }

  /** A pod being deleted: stop it within its grace period, report its final status, then remove the pod object for good. */
  private async terminate(key: string, pod: Pod): Promise<void> {
    await this.stopPod(pod, pod.metadata?.deletionGracePeriodSeconds ?? undefined);
    const record = this.records.get(key);
    const runtime = { containers: [] };
    const status = computePodStatus({
      pod,
      runtime,
      waiting: new Map(),
      probes: this.probes.podResults(uidOf(pod)),
      hostIP: this.opts.nodeIP,
      now: this.clock.now(),
      ...(record?.status ? { previous: record.status } : {}),
      terminal: true,
    });
    await this.patchStatus(pod, status).catch((err: unknown) => this.log.debug({ err, pod: key }, 'final status not written'));
    try {
      await this.client.delete(PODS, pod.metadata?.namespace, pod.metadata?.name ?? '', { gracePeriodSeconds: 0, preconditions: { uid: uidOf(pod) } });
      this.log.info({ pod: key }, 'pod deleted');
    } catch (err) {
      // Already gone, or a new pod under the same name (uid precondition): nothing of ours to delete.
      if (!isStatusError(err) || (err.code !== 404 && err.code !== 409)) throw err;
    }
    this.forget(key, pod);
  }

  /** A pod that should run: one syncPod pass, probes updated, status reported, the next sync scheduled. */
  private async syncRunning(key: string, pod: Pod): Promise<Result> {
    const uid = uidOf(pod);
    let record = this.records.get(key);
    if (!record) {
      record = { pod, restart: new Map() };
      this.records.set(key, record);
    }
    record.pod = pod;
    this.keysByUid.set(uid, key);
    await this.sources.prefetch(pod);
    const restart = new Map(record.restart);
    record.restart.clear();
    if (restart.size > 0) await this.killForProbes(pod, restart);
    const result: SyncPodResult = await syncPod(this.deps, pod, { restart: new Set(restart.keys()) });
    if (result.error) this.log.warn({ pod: key, error: result.error }, 'pod sync failed, will retry');
    this.probes.addPod(pod, runningContainers(result.runtime), { podIP: result.runtime.sandbox?.ip ?? '' });
    const status = computePodStatus({
      pod,
      runtime: result.runtime,
      waiting: result.waiting,
      probes: this.probes.podResults(uid),
      hostIP: this.opts.nodeIP,
      now: this.clock.now(),
      ...(record.status ? { previous: record.status } : {}),
    });
    record.status = status;
    if (!statusEqual(pod.status, status)) await this.patchStatus(pod, status);
    return { requeueAfter: this.nextSyncDelay(pod, result) };
  }

  /** Stops the containers whose liveness or startup probe failed (Killing event, the probe's grace period); the sync then restarts them. */
  private async killForProbes(pod: Pod, failed: ReadonlyMap<string, ProbeKind>): Promise<void> {
    const state = await readPodRuntimeState(this.cri, uidOf(pod));
    await Promise.all(
      [...failed].map(async ([name, kind]) => {
        const running = state.containers.find((c) => c.name === name && c.state === 'CONTAINER_RUNNING');
        const spec = pod.spec?.containers.find((c) => c.name === name);
        if (!running || !spec) return;
        this.recorder.event(this.containerRef(pod, name), 'Normal', 'Killing', probeKillMessage(name, kind));
        await this.cri.stopContainer(running.id, probeKillGracePeriodSeconds(pod, spec, kind)).catch((err: unknown) => {
          if (!isCriNotFound(err)) throw err;
        });
      }),
    );
  }

  private async patchStatus(pod: Pod, status: PodStatus): Promise<void> {
    const patch = mergeStatusPatch(pod.status, status, uidOf(pod));
    await this.client.patch(PODS, pod.metadata?.namespace, pod.metadata?.name ?? '', 'strategic', patch, { subresource: 'status' });
  }

  /** The resync period, or sooner when a crash-loop back-off ends before it. */
  private nextSyncDelay(pod: Pod, result: SyncPodResult): number {
    let delay = this.resyncMs;
    const now = this.clock.now();
    for (const [name, waiting] of result.waiting) {
      if (waiting.reason !== 'CrashLoopBackOff') continue;
      const last = result.runtime.containers.find((c) => c.name === name && c.state === 'CONTAINER_EXITED');
      if (!last) continue;
      const ends = last.finishedAt + this.deps.backoffs.crashLoop.delay(CrashLoopBackoff.key(pod, name));
      delay = Math.min(delay, Math.max(0, ends - now) + BACKOFF_REQUEUE_SLACK_MS);
    }
    return delay;
  }

  /** Stops every pod CRI runs for this kubelet whose uid the API does not know (any more). */
  private async killOrphans(): Promise<void> {
    const sandboxes = await this.cri.listPodSandbox();
    // Read the cache after listing: a pod added meanwhile is in it, so its brand-new sandbox is not taken for an orphan.
    const known = new Set(this.pods.lister.list().map(uidOf));
    const orphans = new Map<string, Pod>();
    for (const sb of sandboxes) {
      const labels = sb.labels ?? {};
      const uid = labels[POD_UID_LABEL];
      if (!uid || known.has(uid) || orphans.has(uid)) continue;
      orphans.set(uid, {
        metadata: { uid, name: labels[POD_NAME_LABEL] ?? sb.metadata?.name ?? '', namespace: labels[POD_NAMESPACE_LABEL] ?? sb.metadata?.namespace ?? '' },
        spec: { containers: [], terminationGracePeriodSeconds: ORPHAN_GRACE_SECONDS },
      });
    }
    await Promise.all(
      [...orphans.values()].map(async (pod) => {
        this.log.info({ pod: podKey(pod), uid: uidOf(pod) }, 'killing orphaned pod');
        await killPod(this.deps, pod);
      }),
    );
  }
}
