/** The scheduler: informers feed the queue and the cache; one scheduling cycle at a time; binding runs in the background. */
import type { Pod } from 'kubernetes-types/core/v1.js';
import { StatusError } from '@skiff/api';
import type { ResourceClient } from '@skiff/client';
import { EventRecorder, realClock, SharedInformerFactory, type Clock, type SharedInformer } from '@skiff/runtime';
import { pino, type Logger } from 'pino';
import { Registry as MetricsRegistry } from 'prom-client';
import { withDefaultBinder, registryWithBinder } from '../binder/index.js';
import { SchedulerCache } from '../cache/index.js';
import { Code, CycleState, Framework, Status, failureMessage, isSuccess, selectHost, type NodeInfo, type PreemptionActions, type Profile, type Registry } from '../framework/index.js';
import { DEFAULT_SCHEDULER_NAME, defaultProfile } from '../plugins/index.js';
import { ClusterEvents, SchedulingQueue, type QueuedPodInfo, type SchedulingQueueOptions } from '../queue/index.js';
import { registerEventHandlers, type NodeObject, type PodObject } from './event-handlers.js';
import { SchedulerMetrics, type AttemptResult } from './metrics.js';
import { POD_SCHEDULED, REASON_SCHEDULER_ERROR, REASON_UNSCHEDULABLE, podScheduledCondition } from './pod-status.js';
import { podReference, preemptionActions, rfc3339 } from './preemption-actions.js';
import { NODES, PODS } from './resources.js';

export { NODES, PODS };

/** Passed as the failed cycle of an internal error, so the queue backs the pod off instead of parking it. */
const ERROR_RETRY_CYCLE = Number.NEGATIVE_INFINITY;

export interface SchedulerOptions {
  client: ResourceClient;
  /** Profiles by schedulerName; default: kube-scheduler's default profile. Profiles without a binder get DefaultBinder. */
  profiles?: Profile[];
  /** Plugin factories; default: the in-tree plugins. DefaultBinder on `client` is always added. */
  registry?: Registry;
  /** Shared informers to use (and start); default: a factory of its own on `client`. */
  informerFactory?: SharedInformerFactory;
  /** Records Scheduled/FailedScheduling events; default: one of its own, component `default-scheduler`. */
  recorder?: EventRecorder;
  clock?: Clock;
  logger?: Logger;
  /** Where the metrics are registered; default: a registry of its own. */
  metrics?: MetricsRegistry;
  queueOptions?: Omit<SchedulingQueueOptions, 'clock' | 'registry'>;
  percentageOfNodesToScore?: number;
  /** Tie-breaking among equally scored nodes. */
  random?: () => number;
}

/** A kube-scheduler: start() it, stop() it. */
export class Scheduler {
  readonly cache: SchedulerCache;
  readonly queue: SchedulingQueue;
  readonly frameworks = new Map<string, Framework>();
  readonly metrics: SchedulerMetrics;
  private readonly client: ResourceClient;
  private readonly clock: Clock;
  private readonly log: Logger;
  private readonly factory: SharedInformerFactory;
  private readonly ownFactory: boolean;
  private readonly recorder: EventRecorder;
  private readonly ownRecorder: boolean;
  private readonly random: () => number;
  private readonly bindings = new Set<Promise<void>>();
  private readonly abort = new AbortController();
  private loop: Promise<void> | undefined;
  /** The node snapshot of the cycle in progress (plugins such as preemption read it through the handle). */
  private cycleNodes: readonly NodeInfo[] = [];
  /** Pods evicted by the preemption of the cycle in progress. */
  private cycleVictims = 0;
  private podInformer: SharedInformer<PodObject> | undefined;

  constructor(options: SchedulerOptions) {
    this.client = options.client;
    this.clock = options.clock ?? realClock;
    this.log = options.logger ?? pino({ name: 'scheduler', level: 'silent' });
    this.random = options.random ?? Math.random;
    const metrics = options.metrics ?? new MetricsRegistry();
    this.metrics = new SchedulerMetrics(metrics);
    this.cache = new SchedulerCache({ clock: this.clock });
    this.queue = new SchedulingQueue({ ...options.queueOptions, clock: this.clock, registry: metrics });
    this.ownFactory = !options.informerFactory;
    this.factory = options.informerFactory ?? new SharedInformerFactory(this.client, { clock: this.clock, logger: this.log });
    this.ownRecorder = !options.recorder;
    this.recorder = options.recorder ?? new EventRecorder({ client: this.client, component: DEFAULT_SCHEDULER_NAME, clock: this.clock, logger: this.log });
    const registry = registryWithBinder(this.client, options.registry);
    const actions = preemptionActions({ client: this.client, recorder: this.recorder, nominator: this.queue.nominator, clock: this.clock });
    const preemption: PreemptionActions = {
      preemptVictim: (victim, preemptor, nodeName) => {
        this.cycleVictims++;
        return actions.preemptVictim(victim, preemptor, nodeName);
      },
      clearNominatedNodeName: (pods) => actions.clearNominatedNodeName(pods),
    };
    for (const profile of options.profiles ?? [defaultProfile()]) {
      if (this.frameworks.has(profile.schedulerName)) throw new StatusError('Invalid', `duplicate profile with scheduler name "${profile.schedulerName}"`);
      const fwkOptions = {
        ...(options.percentageOfNodesToScore !== undefined ? { percentageOfNodesToScore: options.percentageOfNodesToScore } : {}),
        snapshot: () => this.cycleNodes,
        nominator: this.queue.nominator,
        preemption,
      };
      this.frameworks.set(profile.schedulerName, new Framework(withDefaultBinder(profile), registry, fwkOptions));
    }
  }

  /** Whether a profile of this scheduler handles the pod. */
  responsibleFor(pod: Pod): boolean {
    return this.frameworks.has(pod.spec?.schedulerName || DEFAULT_SCHEDULER_NAME);
  }

  /** Starts the informers, waits for their caches, then schedules until stop(). Resolves once scheduling has begun. */
  async start(): Promise<void> {
    if (this.loop) return;
    const pods = this.factory.forResource<PodObject>(PODS);
    const nodes = this.factory.forResource<NodeObject>(NODES);
    this.podInformer = pods;
    registerEventHandlers(this, pods, nodes);
    this.factory.start();
    if (!(await this.factory.waitForCacheSync(this.abort.signal))) throw new Error('scheduler: informer caches did not sync');
    this.cache.run((expired) => {
      for (const pod of expired) this.log.warn({ pod: `${pod.metadata?.namespace}/${pod.metadata?.name}` }, 'assumed pod expired');
      this.queue.moveAllToActiveOrBackoffQueue(ClusterEvents.PodDelete);
    });
    this.loop = this.run();
  }

  /** Stops scheduling, waits for in-flight bindings and event writes, and stops the informers it started. */
  async stop(): Promise<void> {
    this.abort.abort();
    this.queue.close();
    this.cache.stop();
    await this.loop?.catch(() => undefined);
    while (this.bindings.size > 0) await Promise.allSettled([...this.bindings]);
    if (this.ownFactory) await this.factory.shutdown();
    if (this.ownRecorder) await this.recorder.shutdown();
  }

  /** Resolves when no binding or condition write is in flight (for tests and graceful stops). */
  async idle(): Promise<void> {
    while (this.bindings.size > 0) await Promise.allSettled([...this.bindings]);
  }

  private async run(): Promise<void> {
    while (!this.abort.signal.aborted) {
      let info: QueuedPodInfo | undefined;
      try {
        info = await this.queue.pop(this.abort.signal);
      } catch {
        return;
      }
      if (!info) return;
      try {
        await this.scheduleOne(info);
      } catch (err) {
        this.log.error({ err: String(err) }, 'scheduling cycle failed');
      }
      // Let informer events and binding replies in between cycles.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }

  /** One scheduling cycle for one pod; binding continues in the background. Only preemption's evictions are awaited. */
  async scheduleOne(info: QueuedPodInfo): Promise<void> {
    const pod = this.latest(info.pod);
    info.pod = pod;
    const fwk = this.frameworks.get(pod.spec?.schedulerName || DEFAULT_SCHEDULER_NAME);
    if (!fwk || pod.metadata?.deletionTimestamp || pod.spec?.nodeName || this.cache.isAssumedPod(pod)) return;
    const started = this.clock.now();
    const cycle = this.queue.currentSchedulingCycle();
    const state = new CycleState();
    const nodes = this.cache.snapshot();
    this.cycleNodes = nodes;
    const fit = fwk.findNodesThatFit(state, pod, nodes);
    if (fit.status) {
      this.fail(fwk, info, cycle, started, 'error', fit.status.message(), new Set());
      return;
    }
    let host: string | undefined;
    if (fit.feasible.length === 0) {
      if (nodes.length === 0) {
        this.fail(fwk, info, cycle, started, 'unschedulable', 'no nodes available to schedule pods', fit.diagnosis.unschedulablePlugins);
        return;
      }
      // PostFilter (preemption) explains itself in the message's tail, as `preemption: ...` upstream, and may nominate a node.
      let nominatedNodeName: string | undefined;
      if (fwk.postFilterPlugins.length > 0) {
        this.cycleVictims = 0;
        const post = await fwk.runPostFilterPlugins(state, pod, fit.diagnosis);
        this.metrics.preemptionAttempts.inc();
        if (post.nominatedNodeName) this.metrics.preemptionVictims.observe(this.cycleVictims);
        if (post.status?.reasons.length) fit.diagnosis.postFilterMsg = post.status.message();
        if (post.status?.code === Code.Error) this.log.error({ pod: `${pod.metadata?.namespace}/${pod.metadata?.name}`, message: post.status.message() }, 'preemption failed');
        nominatedNodeName = post.nominatedNodeName;
      }
      this.fail(fwk, info, cycle, started, 'unschedulable', failureMessage(fit.diagnosis, nodes.length), fit.diagnosis.unschedulablePlugins, nominatedNodeName);
      return;
    } else if (fit.feasible.length === 1) {
      host = fit.feasible[0]!.name;
    } else {
      const prioritized = fwk.prioritizeNodes(state, pod, fit.feasible);
      if (prioritized.status) {
        this.fail(fwk, info, cycle, started, 'error', prioritized.status.message(), new Set());
        return;
      }
      host = selectHost(prioritized.scores, this.random);
    }
    if (!host) {
      this.fail(fwk, info, cycle, started, 'error', 'no host selected', new Set());
      return;
    }
    const assumed: Pod = { ...pod, spec: { ...pod.spec!, nodeName: host } };
    try {
      this.cache.assumePod(assumed);
      // Placed: whatever room it was nominated to elsewhere is free for others.
      this.queue.nominator.delete(pod);
    } catch (err) {
      this.fail(fwk, info, cycle, started, 'error', String(err), new Set());
      return;
    }
    const reserve = fwk.runReservePluginsReserve(state, assumed, host);
    if (!isSuccess(reserve)) {
      fwk.runReservePluginsUnreserve(state, assumed, host);
      this.cache.forgetPod(assumed);
      this.fail(fwk, info, cycle, started, reserve!.code === Code.Error ? 'error' : 'unschedulable', reserve!.message(), new Set(reserve!.plugin ? [reserve!.plugin] : []));
      return;
    }
    this.track(this.bind(fwk, state, info, assumed, host, cycle, started));
  }

  /** Keeps a background write (binding, condition) in flight until it settles, so stop() can wait for it. */
  private track(work: Promise<void>): void {
    const tracked: Promise<void> = work
      .catch((err: unknown) => this.log.error({ err: String(err) }, 'background write failed'))
      .finally(() => this.bindings.delete(tracked));
    this.bindings.add(tracked);
  }

  private async bind(fwk: Framework, state: CycleState, info: QueuedPodInfo, assumed: Pod, host: string, cycle: number, started: number): Promise<void> {
    let status: Status | undefined;
    try {
      status = await fwk.runBindPlugins(state, assumed, host);
    } catch (err) {
      status = Status.error(err);
    }
    if (!isSuccess(status)) {
      fwk.runReservePluginsUnreserve(state, assumed, host);
      this.cache.forgetPod(assumed);
      // The room it held is free again: parked pods may fit (kube-scheduler moves them as for a pod deletion).
      this.queue.moveAllToActiveOrBackoffQueue(ClusterEvents.PodDelete);
      this.fail(fwk, info, cycle, started, 'error', `binding rejected: ${status!.message()}`, new Set());
      return;
    }
    this.cache.finishBinding(assumed);
    this.metrics.observe('scheduled', fwk.profileName, (this.clock.now() - started) / 1000);
    const ns = assumed.metadata?.namespace ?? 'default';
    this.recorder.event(podReference(assumed), 'Normal', 'Scheduled', `Successfully assigned ${ns}/${assumed.metadata?.name} to ${host}`);
  }

  /** The informer's newest copy of a pending pod (the queue may hold an older one). */
  private latest(pod: Pod): Pod {
    const key = `${pod.metadata?.namespace ?? 'default'}/${pod.metadata?.name}`;
    return this.podInformer?.lister.get(key) ?? pod;
  }

  /**
   * A failed attempt: requeue (parked, or backing off on errors), then the PodScheduled condition and a FailedScheduling
   * event. `nominatedNodeName` is preemption's outcome: a node to hold for the pod, or '' to drop an old nomination.
   */
  private fail(fwk: Framework, info: QueuedPodInfo, cycle: number, started: number, result: AttemptResult, message: string, plugins: Set<string>, nominatedNodeName?: string): void {
    this.metrics.observe(result, fwk.profileName, (this.clock.now() - started) / 1000);
    const pod = this.latest(info.pod);
    const gone = this.podInformer !== undefined && !this.podInformer.lister.get(`${pod.metadata?.namespace ?? 'default'}/${pod.metadata?.name}`);
    if (gone || pod.spec?.nodeName) return;
    info.pod = pod;
    info.unschedulablePlugins = plugins;
    if (nominatedNodeName) this.queue.nominator.add(pod, nominatedNodeName);
    else if (nominatedNodeName === '') this.queue.nominator.delete(pod);
    try {
      // An internal error is retried after backoff, as kube-scheduler does, rather than parked until a cluster event:
      // a cycle older than any move request sends the pod to backoffQ.
      this.queue.addUnschedulableIfNotPresent(info, result === 'error' ? ERROR_RETRY_CYCLE : cycle);
    } catch {
      // Already back in the queue (an update arrived during the cycle): it will be tried again anyway.
    }
    if (result === 'error') this.log.warn({ pod: `${pod.metadata?.namespace}/${pod.metadata?.name}`, message }, 'error scheduling pod');
    this.recorder.event(podReference(pod), 'Warning', 'FailedScheduling', message);
    this.track(this.writeStatus(pod, result === 'error' ? REASON_SCHEDULER_ERROR : REASON_UNSCHEDULABLE, message, nominatedNodeName));
  }

  /** One status patch with the PodScheduled condition and, when it changes, the nominated node (null clears it). */
  private async writeStatus(pod: Pod, reason: string, message: string, nominatedNodeName: string | undefined): Promise<void> {
    const condition = podScheduledCondition(pod, reason, message, rfc3339(this.clock.now()));
    const current = pod.status?.nominatedNodeName ?? '';
    const nomination = nominatedNodeName !== undefined && nominatedNodeName !== current ? { nominatedNodeName: nominatedNodeName || null } : {};
    if (!condition && !('nominatedNodeName' in nomination)) return;
    const status = { ...(condition ? { conditions: [condition] } : {}), ...nomination };
    try {
      await this.client.patch(PODS, pod.metadata?.namespace ?? 'default', pod.metadata?.name ?? '', 'strategic', { status }, { subresource: 'status' });
    } catch (err) {
      this.log.warn({ pod: pod.metadata?.name, err: String(err), condition: POD_SCHEDULED }, 'could not update pod condition');
    }
  }
}
