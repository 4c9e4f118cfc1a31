/** kube-scheduler's scheduling queue: activeQ (priority heap), backoffQ (expiry heap) and unschedulablePods. */
import { isDeepStrictEqual } from 'node:util';
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { Registry } from 'prom-client';
import { StatusError } from '@skiff/api';
import { realClock, type Clock, type TimerHandle } from '@skiff/runtime';
import { backoffDuration } from './backoff.js';
import { ANY_EVENT, ClusterEvents, WILDCARD_EVENTS, type ClusterEvent } from './cluster-events.js';
import {
  DEFAULT_POD_INITIAL_BACKOFF_MS,
  DEFAULT_POD_MAX_BACKOFF_MS,
  DEFAULT_POD_MAX_IN_UNSCHEDULABLE_PODS_DURATION_MS,
  UNSCHEDULABLE_PODS_FLUSH_INTERVAL_MS,
} from './constants.js';
import { KeyedHeap } from './keyed-heap.js';
import { SchedulingQueueMetrics, type QueueName } from './metrics.js';
import { matchesRequiredAffinity } from './affinity-match.js';
import { podPriority } from '../framework/priority.js';
import { Nominator } from './nominator.js';
import { hasSchedulingGates, podQueueKey, type QueuedPodInfo } from './queued-pod-info.js';

/** Event -> names of the plugins whose rejections that event may resolve. Key `'*'`: plugins that care about every event. */
export type QueueingHints = ReadonlyMap<ClusterEvent, Iterable<string>> | Readonly<Record<ClusterEvent, readonly string[]>>;

export interface SchedulingQueueOptions {
  clock?: Clock;
  /** A pod's priority; default `pod.spec.priority ?? 0` (the apiserver fills it in from the PriorityClass). */
  priorityOf?: (pod: Pod) => number;
  /** Whether a pod must wait before it may be tried at all (PreEnqueue); default: it has `spec.schedulingGates`. */
  isGated?: (pod: Pod) => boolean;
  /**
   * Which events may help which rejecting plugins. Absent: every event moves every parked pod. Present: a parked
   * pod moves on an event when it has no recorded plugins, or when one of them is listed for the event (or `'*'`).
   */
  queueingHints?: QueueingHints;
  podInitialBackoffMs?: number;
  podMaxBackoffMs?: number;
  podMaxInUnschedulablePodsDurationMs?: number;
  /** Where the queue metrics are registered; prom-client's default registry when absent. */
  registry?: Registry;
}

/** How upstream's "already present" error names each sub-queue. */
const ALREADY_PRESENT_IN: Record<QueueName, string> = {
  active: 'the active queue',
  backoff: 'the backoff queue',
  unschedulable: 'unschedulable queue',
  gated: 'unschedulable queue',
};

/** One pending pod as `pendingPods` reports it. */
export interface PendingPod {
  pod: Pod;
  queue: QueueName;
}

interface ActiveEntry {
  info: QueuedPodInfo;
  /** Insertion order, the last tie-breaker, so equal pods leave in the order they came. */
  seq: number;
}

interface Waiter {
  resolve: (info: QueuedPodInfo | undefined) => void;
  reject: (reason: unknown) => void;
  signal?: AbortSignal;
  onAbort?: () => void;
}

/** The fields of a pod that cannot make it schedulable when they alone change. */
function stripForComparison(pod: Pod): unknown {
  const { status: _status, ...rest } = pod;
  const { resourceVersion: _rv, generation: _gen, managedFields: _mf, finalizers: _fin, ...metadata } = pod.metadata ?? {};
  return { ...rest, metadata };
}

/** Whether an update may have made a pod schedulable: anything but status and bookkeeping metadata changed. */
export function isPodUpdated(oldPod: Pod | undefined, newPod: Pod): boolean {
  if (!oldPod) return true;
  return !isDeepStrictEqual(stripForComparison(oldPod), stripForComparison(newPod));
}

export class SchedulingQueue {
  /** Pending pods nominated to nodes; kept in step with add/update/delete of pending pods. */
  readonly nominator = new Nominator();
  private readonly clock: Clock;
  private readonly priorityOf: (pod: Pod) => number;
  private readonly isGated: (pod: Pod) => boolean;
  private readonly hints: Map<ClusterEvent, Set<string>> | undefined;
  private readonly initialBackoffMs: number;
  private readonly maxBackoffMs: number;
  private readonly maxInUnschedulableMs: number;
  private readonly metrics: SchedulingQueueMetrics;

  private readonly activeQ: KeyedHeap<ActiveEntry>;
  private readonly backoffQ: KeyedHeap<QueuedPodInfo>;
  private readonly unschedulablePods = new Map<string, QueuedPodInfo>();
  /** Pods never tried because a PreEnqueue gate holds them (part of unschedulablePods upstream). */
  private readonly gatedPods = new Map<string, QueuedPodInfo>();

  private nextSeq = 0;
  /** Counted up by every pop: the number of the cycle that tries the popped pod. */
  private schedulingCycle = 0;
  /** The scheduling cycle current when the last move request came. */
  private moveRequestCycle = -1;
  private closed = false;
  private readonly waiters: Waiter[] = [];
  private backoffTimer: { handle: TimerHandle; due: number } | undefined;
  private flushTimer: TimerHandle | undefined;

  /** Starts the periodic flush of long-parked pods on the clock; `close()` stops it. */
  constructor(options: SchedulingQueueOptions = {}) {
    this.clock = options.clock ?? realClock;
    this.priorityOf = options.priorityOf ?? podPriority;
    this.isGated = options.isGated ?? hasSchedulingGates;
    this.hints = options.queueingHints ? normalizeHints(options.queueingHints) : undefined;
    this.initialBackoffMs = options.podInitialBackoffMs ?? DEFAULT_POD_INITIAL_BACKOFF_MS;
    this.maxBackoffMs = options.podMaxBackoffMs ?? DEFAULT_POD_MAX_BACKOFF_MS;
    this.maxInUnschedulableMs = options.podMaxInUnschedulablePodsDurationMs ?? DEFAULT_POD_MAX_IN_UNSCHEDULABLE_PODS_DURATION_MS;
    this.metrics = new SchedulingQueueMetrics(options.registry);
    this.activeQ = new KeyedHeap<ActiveEntry>((a, b) => this.activeLess(a, b));
    this.backoffQ = new KeyedHeap<QueuedPodInfo>((a, b) => this.backoffExpiry(a) < this.backoffExpiry(b));
    this.scheduleUnschedulableFlush();
    this.syncGauges();
  }

  // ---- adding, updating, deleting pending pods ----

  /** A new pending pod: to activeQ, or held as gated. Replaces an older copy of the same pod anywhere in the queue. */
  add(pod: Pod): void {
    this.nominator.add(pod);
    this.enqueueNew(pod);
  }

  private enqueueNew(pod: Pod): void {
    const key = podQueueKey(pod);
    this.removeEverywhere(key);
    const now = this.clock.now();
    const info: QueuedPodInfo = { pod, attempts: 0, timestamp: now, initialAttemptTimestamp: now, unschedulablePlugins: new Set() };
    this.enqueueActiveOrGated(key, info, ClusterEvents.PodAdd);
    this.afterChange();
  }

  /**
   * A pending pod changed. In activeQ, backoffQ or gated: updated in place (a gated pod whose gates are gone
   * moves to activeQ). In unschedulablePods: if the change may make it schedulable, it moves to backoffQ
   * (still backing off) or activeQ; else it is updated in place. Unknown pods are added.
   */
  update(oldPod: Pod | undefined, newPod: Pod): void {
    const key = podQueueKey(newPod);
    this.nominator.update(oldPod, newPod);
    const active = this.activeQ.get(key);
    if (active) {
      active.info.pod = newPod;
      this.activeQ.set(key, active);
    } else if (this.backoffQ.has(key)) {
      const info = this.backoffQ.get(key)!;
      info.pod = newPod;
      this.backoffQ.set(key, info);
    } else if (this.gatedPods.has(key)) {
      const info = this.gatedPods.get(key)!;
      info.pod = newPod;
      if (!this.isGated(newPod)) {
        this.gatedPods.delete(key);
        this.enqueueActiveOrGated(key, info, ClusterEvents.PodUpdate);
      }
    } else if (this.unschedulablePods.has(key)) {
      const info = this.unschedulablePods.get(key)!;
      info.pod = newPod;
      if (isPodUpdated(oldPod, newPod)) {
        this.unschedulablePods.delete(key);
        this.requeue(key, info, ClusterEvents.PodUpdate);
      }
    } else {
      this.enqueueNew(newPod);
      return;
    }
    this.afterChange();
  }

  /** A pending pod was deleted (or got bound elsewhere): removed from whichever sub-queue holds it. */
  delete(pod: Pod): void {
    this.nominator.delete(pod);
    this.removeEverywhere(podQueueKey(pod));
    this.afterChange();
  }

  // ---- the scheduling loop ----

  /**
   * The next pod to try: the head of activeQ, waiting until there is one. Counts the pod's attempts and the
   * scheduling cycle up. Resolves `undefined` once the queue is closed; rejects with `signal.reason` on abort.
   */
  pop(signal?: AbortSignal): Promise<QueuedPodInfo | undefined> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.closed) return Promise.resolve(undefined);
    if (this.activeQ.size > 0) {
      const info = this.popActive();
      this.syncGauges();
      return Promise.resolve(info);
    }
    return new Promise((resolve, reject) => {
      const waiter: Waiter = { resolve, reject, signal };
      if (signal) {
        waiter.onAbort = () => {
          const i = this.waiters.indexOf(waiter);
          if (i >= 0) this.waiters.splice(i, 1);
          reject(signal.reason);
        };
        signal.addEventListener('abort', waiter.onAbort, { once: true });
      }
      this.waiters.push(waiter);
    });
  }

  /** The number of the current scheduling cycle (that of the last pop); pass it back to `addUnschedulableIfNotPresent`. */
  currentSchedulingCycle(): number {
    return this.schedulingCycle;
  }

  /**
   * Parks a pod whose attempt in scheduling cycle `podSchedulingCycle` failed (set `unschedulablePlugins` first).
   * It goes to unschedulablePods, unless a move request came during or after that cycle: then to backoffQ, so
   * the event it may have missed cannot strand it. Throws AlreadyExists when the pod is already queued.
   */
  addUnschedulableIfNotPresent(info: QueuedPodInfo, podSchedulingCycle: number): void {
    const key = podQueueKey(info.pod);
    const where = this.whereIs(key);
    if (where) throw new StatusError('AlreadyExists', `Pod ${key} is already present in ${ALREADY_PRESENT_IN[where]}`);
    info.timestamp = this.clock.now();
    if (this.moveRequestCycle >= podSchedulingCycle) {
      this.backoffQ.set(key, info);
      this.metrics.recordIncoming('backoff', ClusterEvents.ScheduleAttemptFailure);
    } else {
      this.unschedulablePods.set(key, info);
      this.metrics.recordIncoming('unschedulable', ClusterEvents.ScheduleAttemptFailure);
    }
    this.afterChange();
  }

  // ---- cluster events ----

  /**
   * A cluster event that may make parked pods schedulable: every parked pod the queueing hints let through (and
   * `preCheck`, when given, accepts) goes to backoffQ if its backoff has not expired, else to activeQ. Also
   * records the move request for the current cycle.
   */
  moveAllToActiveOrBackoffQueue(event: ClusterEvent, preCheck?: (pod: Pod) => boolean): void {
    const candidates = [...this.unschedulablePods.values()].filter((info) => !preCheck || preCheck(info.pod));
    this.movePods(candidates, event);
    this.afterChange();
  }

  /** A pod was bound (seen assigned): parked pods whose required pod affinity it satisfies may fit now. */
  assignedPodAdded(pod: Pod): void {
    this.moveAffinityMatches(pod, ClusterEvents.AssignedPodAdd);
  }

  /** A bound pod changed (e.g. its labels): parked pods whose required pod affinity it now satisfies may fit. */
  assignedPodUpdated(pod: Pod): void {
    this.moveAffinityMatches(pod, ClusterEvents.AssignedPodUpdate);
  }

  /** Moves these pods (if parked or backing off) straight to activeQ. */
  activate(pods: Iterable<Pod>): void {
    for (const pod of pods) {
      const key = podQueueKey(pod);
      const info = this.unschedulablePods.get(key) ?? this.backoffQ.get(key);
      if (!info) continue;
      this.unschedulablePods.delete(key);
      this.backoffQ.delete(key);
      this.pushActive(key, info, ClusterEvents.ForceActivate);
    }
    this.afterChange();
  }

  // ---- introspection and shutdown ----

  /** Every pending pod with the sub-queue holding it (for debugging; pods being scheduled are not listed). */
  pendingPods(): PendingPod[] {
    return [
      ...this.activeQ.values().map((e): PendingPod => ({ pod: e.info.pod, queue: 'active' })),
      ...this.backoffQ.values().map((i): PendingPod => ({ pod: i.pod, queue: 'backoff' })),
      ...[...this.unschedulablePods.values()].map((i): PendingPod => ({ pod: i.pod, queue: 'unschedulable' })),
      ...[...this.gatedPods.values()].map((i): PendingPod => ({ pod: i.pod, queue: 'gated' })),
    ];
  }

  /** The size of each sub-queue. */
  len(): Record<QueueName, number> {
    return { active: this.activeQ.size, backoff: this.backoffQ.size, unschedulable: this.unschedulablePods.size, gated: this.gatedPods.size };
  }

  /** Stops the queue's timers and wakes every waiting `pop` with `undefined`. Idempotent. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.flushTimer) this.clock.clearTimeout(this.flushTimer);
    if (this.backoffTimer) this.clock.clearTimeout(this.backoffTimer.handle);
    this.flushTimer = undefined;
    this.backoffTimer = undefined;
    for (const waiter of this.waiters.splice(0)) {
      this.release(waiter);
      waiter.resolve(undefined);
    }
  }

  // ---- internals ----

  private activeLess(a: ActiveEntry, b: ActiveEntry): boolean {
    const pa = this.priorityOf(a.info.pod);
    const pb = this.priorityOf(b.info.pod);
    if (pa !== pb) return pa > pb;
    if (a.info.initialAttemptTimestamp !== b.info.initialAttemptTimestamp) return a.info.initialAttemptTimestamp < b.info.initialAttemptTimestamp;
    return a.seq < b.seq;
  }

  private backoffExpiry(info: QueuedPodInfo): number {
    return info.timestamp + backoffDuration(info.attempts, this.initialBackoffMs, this.maxBackoffMs);
  }

  /** Whether a pod that was tried is still inside its backoff; never-tried pods do not back off. */
  private isBackingOff(info: QueuedPodInfo): boolean {
    return info.attempts > 0 && this.backoffExpiry(info) > this.clock.now();
  }

  private whereIs(key: string): QueueName | undefined {
    if (this.activeQ.has(key)) return 'active';
    if (this.backoffQ.has(key)) return 'backoff';
    if (this.unschedulablePods.has(key)) return 'unschedulable';
    if (this.gatedPods.has(key)) return 'gated';
    return undefined;
  }

  private removeEverywhere(key: string): void {
    this.activeQ.delete(key);
    this.backoffQ.delete(key);
    this.unschedulablePods.delete(key);
    this.gatedPods.delete(key);
  }

  private pushActive(key: string, info: QueuedPodInfo, event: ClusterEvent): void {
    this.activeQ.set(key, { info, seq: this.nextSeq++ });
    this.metrics.recordIncoming('active', event);
  }

  /** To activeQ unless a gate holds the pod back. */
  private enqueueActiveOrGated(key: string, info: QueuedPodInfo, event: ClusterEvent): void {
    if (this.isGated(info.pod)) {
      this.gatedPods.set(key, info);
      this.metrics.recordIncoming('gated', event);
    } else {
      this.pushActive(key, info, event);
    }
  }

  /** A parked pod leaves unschedulablePods: to backoffQ while backing off, else to activeQ (re-checking its gate). */
  private requeue(key: string, info: QueuedPodInfo, event: ClusterEvent): void {
    if (this.isBackingOff(info)) {
      this.backoffQ.set(key, info);
      this.metrics.recordIncoming('backoff', event);
    } else {
      this.enqueueActiveOrGated(key, info, event);
    }
  }

  private movePods(infos: readonly QueuedPodInfo[], event: ClusterEvent): void {
    for (const info of infos) {
      if (!this.eventMayHelp(info, event)) continue;
      const key = podQueueKey(info.pod);
      this.unschedulablePods.delete(key);
      this.requeue(key, info, event);
    }
    this.moveRequestCycle = this.schedulingCycle;
  }

  private moveAffinityMatches(assigned: Pod, event: ClusterEvent): void {
    const matches = [...this.unschedulablePods.values()].filter((info) => matchesRequiredAffinity(info.pod, assigned));
    this.movePods(matches, event);
    this.afterChange();
  }

  private eventMayHelp(info: QueuedPodInfo, event: ClusterEvent): boolean {
    if (!this.hints || info.unschedulablePlugins.size === 0 || WILDCARD_EVENTS.has(event)) return true;
    for (const plugins of [this.hints.get(event), this.hints.get(ANY_EVENT)]) {
      if (!plugins) continue;
      for (const plugin of info.unschedulablePlugins) if (plugins.has(plugin)) return true;
    }
    return false;
  }

  private popActive(): QueuedPodInfo {
    const { info } = this.activeQ.pop()!;
    info.attempts++;
    this.schedulingCycle++;
    return info;
  }

  /** After every change: hand pods to waiting pops, re-arm the backoff timer, refresh the gauges. */
  private afterChange(): void {
    while (this.waiters.length > 0 && this.activeQ.size > 0 && !this.closed) {
      const waiter = this.waiters.shift()!;
      this.release(waiter);
      waiter.resolve(this.popActive());
    }
    this.armBackoffTimer();
    this.syncGauges();
  }

  private release(waiter: Waiter): void {
    if (waiter.signal && waiter.onAbort) waiter.signal.removeEventListener('abort', waiter.onAbort);
  }

  /** Keeps one clock timer set for the earliest backoff expiry. */
  private armBackoffTimer(): void {
    if (this.closed) return;
    const head = this.backoffQ.peek();
    const due = head ? this.backoffExpiry(head) : undefined;
    if (this.backoffTimer && this.backoffTimer.due === due) return;
    if (this.backoffTimer) this.clock.clearTimeout(this.backoffTimer.handle);
    this.backoffTimer = undefined;
    if (due === undefined) return;
    const handle = this.clock.setTimeout(() => {
      this.backoffTimer = undefined;
      this.flushBackoffCompleted();
    }, due - this.clock.now());
    this.backoffTimer = { handle, due };
  }

  /** Moves every pod whose backoff has expired from backoffQ to activeQ. */
  private flushBackoffCompleted(): void {
    const now = this.clock.now();
    for (let head = this.backoffQ.peek(); head && this.backoffExpiry(head) <= now; head = this.backoffQ.peek()) {
      this.backoffQ.pop();
      this.enqueueActiveOrGated(podQueueKey(head.pod), head, ClusterEvents.BackoffComplete);
    }
    this.afterChange();
  }

  private scheduleUnschedulableFlush(): void {
    this.flushTimer = this.clock.setTimeout(() => {
      this.flushUnschedulablePodsLeftover();
      if (!this.closed) this.scheduleUnschedulableFlush();
    }, UNSCHEDULABLE_PODS_FLUSH_INTERVAL_MS);
  }

  /** Retries pods parked longer than podMaxInUnschedulablePodsDuration, whatever the hints say. */
  private flushUnschedulablePodsLeftover(): void {
    const now = this.clock.now();
    const stale = [...this.unschedulablePods.values()].filter((info) => now - info.timestamp > this.maxInUnschedulableMs);
    if (stale.length === 0) return;
    this.movePods(stale, ClusterEvents.UnschedulableTimeout);
    this.afterChange();
  }

  private syncGauges(): void {
    this.metrics.setPending(this.len());
  }
}

function normalizeHints(hints: QueueingHints): Map<ClusterEvent, Set<string>> {
  const entries: Iterable<[ClusterEvent, Iterable<string>]> = hints instanceof Map ? hints.entries() : Object.entries(hints);
  const out = new Map<ClusterEvent, Set<string>>();
  for (const [event, plugins] of entries) out.set(event, new Set(plugins));
  return out;
}
