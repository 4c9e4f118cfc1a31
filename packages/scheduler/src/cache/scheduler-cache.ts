/** The scheduler cache: nodes and the pods on them (bound and assumed) as NodeInfos, with assumed-pod expiry and cheap snapshots. */
import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import { StatusError } from '@skiff/api';
import { realClock, type Clock, type TimerHandle } from '@skiff/runtime';
import { NodeInfo, podKey } from '../framework/index.js';

/**
 * How long an assumed pod whose binding finished may wait for the informer to show it bound before it is dropped
 * (its node's room is given back). Long enough for a slow watch, short enough that a lost binding frees the node.
 */
export const ASSUMED_POD_TTL_MS = 30_000;
/** How often expired assumed pods are looked for (kube-scheduler's cleanupAssumedPeriod). */
export const CLEANUP_ASSUMED_PERIOD_MS = 1_000;

interface PodState {
  pod: Pod;
  /** Set once binding finished for an assumed pod: it is dropped after this time unless confirmed. */
  deadline?: number;
  bindingFinished: boolean;
}

export interface SchedulerCacheOptions {
  clock?: Clock;
  assumedPodTtlMs?: number;
}

/** Nodes and their pods; the one writer is the scheduler (informer handlers and the scheduling cycle). */
export class SchedulerCache {
  private readonly clock: Clock;
  private readonly ttlMs: number;
  /** node name -> NodeInfo; a NodeInfo may exist without its Node (pods seen before their node, or after its deletion). */
  private readonly nodes = new Map<string, NodeInfo>();
  /** Names of the nodes whose Node object the cache holds. */
  private readonly realNodes = new Set<string>();
  private readonly podStates = new Map<string, PodState>();
  private readonly assumed = new Set<string>();
  /** Bumped on every change; each NodeInfo carries the value of its last change. */
  private generation = 0;
  private readonly snapshotInfos = new Map<string, NodeInfo>();
  private snapshotList: NodeInfo[] = [];
  /** Position of each node in snapshotList, so a change copies one entry instead of walking every node. */
  private readonly snapshotIndex = new Map<string, number>();
  /** Nodes changed since the last snapshot. */
  private readonly dirty = new Set<string>();
  /** A node joined or left since the last snapshot: the list is rebuilt whole. */
  private nodeSetChanged = true;
  private timer: TimerHandle | undefined;

  constructor(options: SchedulerCacheOptions = {}) {
    this.clock = options.clock ?? realClock;
    this.ttlMs = options.assumedPodTtlMs ?? ASSUMED_POD_TTL_MS;
  }

  // ---- nodes ----

  /** A node appeared (or changed). */
  addNode(node: Node): void {
    const name = node.metadata?.name ?? '';
    const info = this.nodes.get(name);
    if (info) info.setNode(node);
    else this.nodes.set(name, new NodeInfo(node));
    if (!this.realNodes.has(name)) {
      this.realNodes.add(name);
      this.nodeSetChanged = true;
    }
    this.touch(name);
  }

  /** A node changed. */
  updateNode(_oldNode: Node | undefined, newNode: Node): void {
    this.addNode(newNode);
  }

  /** A node was deleted; its NodeInfo stays while pods still name it, but it leaves the snapshot. */
  removeNode(node: Node): void {
    const name = node.metadata?.name ?? '';
    if (this.realNodes.delete(name)) this.nodeSetChanged = true;
    const info = this.nodes.get(name);
    if (info && info.pods.length === 0) this.nodes.delete(name);
    this.generation++;
  }

  // ---- pods ----

  /** A bound pod appeared in the informer: confirms an assumed pod (moving it if it landed elsewhere), else adds it. */
  addPod(pod: Pod): void {
    const key = podKey(pod);
    const state = this.podStates.get(key);
    if (state && this.assumed.has(key)) {
      if (state.pod.spec?.nodeName !== pod.spec?.nodeName) {
        this.removeFromNode(state.pod);
        this.addToNode(pod);
      } else {
        this.replaceOnNode(state.pod, pod);
      }
      this.assumed.delete(key);
      this.podStates.set(key, { pod, bindingFinished: true });
      return;
    }
    if (state) {
      this.updatePod(state.pod, pod);
      return;
    }
    this.addToNode(pod);
    this.podStates.set(key, { pod, bindingFinished: true });
  }

  /** A bound pod changed. */
  updatePod(oldPod: Pod, newPod: Pod): void {
    const key = podKey(newPod);
    const state = this.podStates.get(key);
    if (!state || this.assumed.has(key)) {
      this.addPod(newPod);
      return;
    }
    this.removeFromNode(state.pod ?? oldPod);
    this.addToNode(newPod);
    this.podStates.set(key, { pod: newPod, bindingFinished: true });
  }

  /** A bound pod was deleted (or became terminal). */
  removePod(pod: Pod): void {
    const key = podKey(pod);
    const state = this.podStates.get(key);
    this.removeFromNode(state?.pod ?? pod);
    this.podStates.delete(key);
    this.assumed.delete(key);
  }

  /** Counts `pod` (its spec.nodeName set to the chosen node) on its node before it is bound. */
  assumePod(pod: Pod): void {
    const key = podKey(pod);
    if (this.podStates.has(key)) throw new StatusError('AlreadyExists', `pod ${key} is in the cache, so can't be assumed`);
    this.addToNode(pod);
    this.podStates.set(key, { pod, bindingFinished: false });
    this.assumed.add(key);
  }

  /** The binding call returned: the assumed pod now expires after the TTL unless the informer confirms it. */
  finishBinding(pod: Pod): void {
    const key = podKey(pod);
    const state = this.podStates.get(key);
    if (!state || !this.assumed.has(key)) return;
    state.bindingFinished = true;
    state.deadline = this.clock.now() + this.ttlMs;
  }

  /** Binding failed: the assumed pod leaves its node. */
  forgetPod(pod: Pod): void {
    const key = podKey(pod);
    if (!this.assumed.has(key)) return;
    const state = this.podStates.get(key)!;
    this.removeFromNode(state.pod);
    this.podStates.delete(key);
    this.assumed.delete(key);
  }

  /** Whether the pod is assumed and not yet confirmed. */
  isAssumedPod(pod: Pod): boolean {
    return this.assumed.has(podKey(pod));
  }

  /** The cached copy of a pod (bound or assumed). */
  getPod(pod: Pod): Pod | undefined {
    return this.podStates.get(podKey(pod))?.pod;
  }

  /** Drops assumed pods whose binding finished more than the TTL ago without confirmation; returns them. */
  cleanupExpiredAssumedPods(now = this.clock.now()): Pod[] {
    const expired: Pod[] = [];
    for (const key of this.assumed) {
      const state = this.podStates.get(key)!;
      if (!state.bindingFinished || state.deadline === undefined || now < state.deadline) continue;
      expired.push(state.pod);
    }
    for (const pod of expired) this.forgetPod(pod);
    return expired;
  }

  /** Looks for expired assumed pods every CLEANUP_ASSUMED_PERIOD_MS until `stop()`; `onExpired` hears of each drop. */
  run(onExpired?: (pods: Pod[]) => void): void {
    if (this.timer) return;
    const tick = (): void => {
      const expired = this.cleanupExpiredAssumedPods();
      if (expired.length > 0) onExpired?.(expired);
      this.timer = this.clock.setTimeout(tick, CLEANUP_ASSUMED_PERIOD_MS);
    };
    this.timer = this.clock.setTimeout(tick, CLEANUP_ASSUMED_PERIOD_MS);
  }

  /** Stops the expiry timer. */
  stop(): void {
    if (this.timer) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  // ---- reading ----

  /** Number of nodes with a Node object. */
  nodeCount(): number {
    return this.realNodes.size;
  }

  /** Number of pods (bound and assumed). */
  podCount(): number {
    return this.podStates.size;
  }

  /** Number of assumed pods. */
  assumedPodCount(): number {
    return this.assumed.size;
  }

  /** The live NodeInfo of a node (do not mutate; use snapshot() for a cycle). */
  nodeInfo(name: string): NodeInfo | undefined {
    return this.realNodes.has(name) ? this.nodes.get(name) : undefined;
  }

  /**
   * The NodeInfos a scheduling cycle works on: copies the cycle may read while the cache moves on. Only nodes that
   * changed since the last snapshot are copied again; unchanged ones are shared with it. A returned list is never
   * mutated afterwards: a change yields a new list (one array copy plus one NodeInfo copy per changed node, not a walk
   * over every node), unless nodes joined or left, when it is rebuilt whole.
   */
  snapshot(): NodeInfo[] {
    if (this.nodeSetChanged) return this.rebuildSnapshot();
    if (this.dirty.size === 0) return this.snapshotList;
    const list = this.snapshotList.slice();
    for (const name of this.dirty) {
      const i = this.snapshotIndex.get(name);
      if (i !== undefined) list[i] = this.snapshotCopy(name, this.nodes.get(name)!);
    }
    this.dirty.clear();
    this.snapshotList = list;
    return list;
  }

  /**
   * The nodes of the latest snapshot holding pods with pod affinity or anti-affinity (upstream's
   * HavePodsWithAffinityNodeInfoList): what InterPodAffinity needs to walk to find existing pods' terms.
   */
  havePodsWithAffinity(): NodeInfo[] {
    return this.withPodsOf('podsWithAffinity');
  }

  /** The nodes of the latest snapshot holding pods with required anti-affinity (HavePodsWithRequiredAntiAffinityNodeInfoList). */
  havePodsWithRequiredAntiAffinity(): NodeInfo[] {
    return this.withPodsOf('podsWithRequiredAntiAffinity');
  }

  private readonly filtered = new Map<string, { of: NodeInfo[]; list: NodeInfo[] }>();

  /** The latest snapshot's nodes whose `field` list is not empty, computed once per snapshot list. */
  private withPodsOf(field: 'podsWithAffinity' | 'podsWithRequiredAntiAffinity'): NodeInfo[] {
    const all = this.snapshot();
    const memo = this.filtered.get(field);
    if (memo?.of === all) return memo.list;
    const list = all.filter((n) => n[field].length > 0);
    this.filtered.set(field, { of: all, list });
    return list;
  }

  private rebuildSnapshot(): NodeInfo[] {
    for (const name of [...this.snapshotInfos.keys()]) if (!this.realNodes.has(name)) this.snapshotInfos.delete(name);
    const list: NodeInfo[] = [];
    this.snapshotIndex.clear();
    for (const name of this.realNodes) {
      this.snapshotIndex.set(name, list.length);
      list.push(this.snapshotCopy(name, this.nodes.get(name)!));
    }
    this.dirty.clear();
    this.nodeSetChanged = false;
    this.snapshotList = list;
    return list;
  }

  /** The snapshot's copy of a node: the last one while the node is unchanged, else a fresh clone. */
  private snapshotCopy(name: string, live: NodeInfo): NodeInfo {
    let copy = this.snapshotInfos.get(name);
    if (!copy || copy.generation !== live.generation) {
      copy = live.clone();
      this.snapshotInfos.set(name, copy);
    }
    return copy;
  }

  // ---- internals ----

  private touch(nodeName: string): void {
    const info = this.nodes.get(nodeName);
    this.generation++;
    if (info) info.generation = this.generation;
    this.dirty.add(nodeName);
  }

  private nodeFor(nodeName: string): NodeInfo {
    let info = this.nodes.get(nodeName);
    if (!info) {
      info = new NodeInfo({ metadata: { name: nodeName } });
      this.nodes.set(nodeName, info);
    }
    return info;
  }

  private addToNode(pod: Pod): void {
    const name = pod.spec?.nodeName ?? '';
    this.nodeFor(name).addPod(pod);
    this.touch(name);
  }

  private removeFromNode(pod: Pod): void {
    const name = pod.spec?.nodeName ?? '';
    const info = this.nodes.get(name);
    if (!info) return;
    info.removePod(pod);
    this.touch(name);
    if (info.pods.length === 0 && !this.realNodes.has(name)) this.nodes.delete(name);
  }

  private replaceOnNode(oldPod: Pod, newPod: Pod): void {
    this.removeFromNode(oldPod);
    this.addToNode(newPod);
  }
}
