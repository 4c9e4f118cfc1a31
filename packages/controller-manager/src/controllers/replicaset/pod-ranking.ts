/**
 * Which pods a scale-down removes first, in Kubernetes' order (ActivePodsWithRanks): unscheduled, then by phase, not
 * ready, deletion cost, doubled-up on a node, ready for less time, more restarts, and newer.
 */
import type { Pod } from 'kubernetes-types/core/v1.js';
import { isPodActive, isPodReady, podReadySince } from './pod-state.js';

/** The annotation through which users say which pods to remove first (lower cost first). */
export const POD_DELETION_COST_ANNOTATION = 'controller.kubernetes.io/pod-deletion-cost';

/** Pending pods go before Unknown ones, which go before Running ones; any other phase counts as Pending. */
const PHASE_ORDER: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };

/** A pod and its rank: how many related pods share its node (higher goes first). */
export interface RankedPod {
  pod: Pod;
  rank: number;
}

function deletionCost(pod: Pod): number {
  const raw = pod.metadata?.annotations?.[POD_DELETION_COST_ANNOTATION];
  if (raw === undefined || !/^[-+]?\d+$/.test(raw.trim())) return 0;
  const n = Number(raw.trim());
  return n >= -(2 ** 31) && n < 2 ** 31 ? n : 0;
}

function maxRestarts(pod: Pod): number {
  return Math.max(0, ...(pod.status?.containerStatuses ?? []).map((s) => s.restartCount ?? 0));
}

function createdAt(pod: Pod): number | undefined {
  const t = pod.metadata?.creationTimestamp ? Date.parse(pod.metadata.creationTimestamp) : NaN;
  return Number.isNaN(t) ? undefined : t;
}

/** Age bucket: floor(log2(age in ns)); -1 for no age (Kubernetes' logarithmic scale-down). */
function logAge(t: number, nowMs: number): number {
  const ns = (nowMs - t) * 1e6;
  return ns <= 0 ? -1 : Math.floor(Math.log2(ns));
}

/**
 * Newer first: an unknown time goes first, then times in a younger log2 age bucket; within one bucket the uid
 * decides, so the order does not depend on tiny differences in time.
 */
function newerFirst(a: Pod, b: Pod, ta: number | undefined, tb: number | undefined, nowMs: number): number {
  if (ta === tb) return 0;
  if (ta === undefined) return -1;
  if (tb === undefined) return 1;
  const diff = logAge(ta, nowMs) - logAge(tb, nowMs);
  if (diff !== 0) return diff;
  const ua = a.metadata?.uid ?? '';
  const ub = b.metadata?.uid ?? '';
  return ua < ub ? -1 : ua > ub ? 1 : 0;
}

/** Negative when `a` should be deleted before `b`. */
export function compareForDeletion(a: RankedPod, b: RankedPod, nowMs: number): number {
  const pa = a.pod;
  const pb = b.pod;
  const assignedA = pa.spec?.nodeName ? 1 : 0;
  const assignedB = pb.spec?.nodeName ? 1 : 0;
  if (assignedA !== assignedB) return assignedA - assignedB;
  const phaseA = PHASE_ORDER[pa.status?.phase ?? ''] ?? 0;
  const phaseB = PHASE_ORDER[pb.status?.phase ?? ''] ?? 0;
  if (phaseA !== phaseB) return phaseA - phaseB;
  const readyA = isPodReady(pa) ? 1 : 0;
  const readyB = isPodReady(pb) ? 1 : 0;
  if (readyA !== readyB) return readyA - readyB;
  const costA = deletionCost(pa);
  const costB = deletionCost(pb);
  if (costA !== costB) return costA - costB;
  if (a.rank !== b.rank) return b.rank - a.rank;
  if (readyA === 1) {
    const byReady = newerFirst(pa, pb, podReadySince(pa), podReadySince(pb), nowMs);
    if (byReady !== 0) return byReady;
  }
  const restarts = maxRestarts(pb) - maxRestarts(pa);
  if (restarts !== 0) return restarts;
  return newerFirst(pa, pb, createdAt(pa), createdAt(pb), nowMs);
}

/**
 * The `count` pods of `pods` to delete first. `relatedPods` (the pods of every ReplicaSet with the same controller)
 * rank each pod by how many active ones share its node, so scale-down spreads what stays.
 */
export function podsToDelete(pods: readonly Pod[], relatedPods: readonly Pod[], count: number, nowMs: number): Pod[] {
  if (count >= pods.length) return [...pods];
  const onNode = new Map<string, number>();
  for (const p of relatedPods) {
    if (!isPodActive(p)) continue;
    const node = p.spec?.nodeName ?? '';
    onNode.set(node, (onNode.get(node) ?? 0) + 1);
  }
  const ranked = pods.map((pod) => ({ pod, rank: onNode.get(pod.spec?.nodeName ?? '') ?? 0 }));
  ranked.sort((a, b) => compareForDeletion(a, b, nowMs));
  return ranked.slice(0, count).map((r) => r.pod);
}
