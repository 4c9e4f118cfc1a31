/** The annotations a Deployment keeps on its ReplicaSets: revision, revision history and the replica counts they were sized for. */
import type { ObjectMeta } from 'kubernetes-types/meta/v1.js';

export const REVISION_ANNOTATION = 'deployment.kubernetes.io/revision';
export const REVISION_HISTORY_ANNOTATION = 'deployment.kubernetes.io/revision-history';
export const DESIRED_REPLICAS_ANNOTATION = 'deployment.kubernetes.io/desired-replicas';
export const MAX_REPLICAS_ANNOTATION = 'deployment.kubernetes.io/max-replicas';
/** kubectl's record of the last applied configuration: never copied from a Deployment to its ReplicaSets. */
const LAST_APPLIED_ANNOTATION = 'kubectl.kubernetes.io/last-applied-configuration';
/** Kubernetes bounds revision-history to 2000 characters, dropping the oldest entries first. */
export const MAX_REVISION_HISTORY_CHARS = 2000;

const NOT_COPIED = new Set([LAST_APPLIED_ANNOTATION, REVISION_ANNOTATION, REVISION_HISTORY_ANNOTATION, DESIRED_REPLICAS_ANNOTATION, MAX_REPLICAS_ANNOTATION]);

interface Annotated {
  metadata?: ObjectMeta;
}

function intAnnotation(obj: Annotated, key: string): number | undefined {
  const v = obj.metadata?.annotations?.[key];
  if (v === undefined || !/^-?\d+$/.test(v)) return undefined;
  return Number(v);
}

/** The revision annotation as a number (0 when absent or malformed). */
export function revisionOf(obj: Annotated): number {
  return intAnnotation(obj, REVISION_ANNOTATION) ?? 0;
}

export function maxRevision(objs: readonly Annotated[]): number {
  return objs.reduce((m, o) => Math.max(m, revisionOf(o)), 0);
}

export function desiredReplicasAnnotation(obj: Annotated): number | undefined {
  return intAnnotation(obj, DESIRED_REPLICAS_ANNOTATION);
}

export function maxReplicasAnnotation(obj: Annotated): number | undefined {
  return intAnnotation(obj, MAX_REPLICAS_ANNOTATION);
}

function annotationsOf(obj: Annotated): Record<string, string> {
  obj.metadata ??= {};
  obj.metadata.annotations ??= {};
  return obj.metadata.annotations;
}

/** Sets desired-replicas and max-replicas; whether anything changed. */
export function setReplicasAnnotations(obj: Annotated, desired: number, max: number): boolean {
  const a = annotationsOf(obj);
  const changed = a[DESIRED_REPLICAS_ANNOTATION] !== String(desired) || a[MAX_REPLICAS_ANNOTATION] !== String(max);
  a[DESIRED_REPLICAS_ANNOTATION] = String(desired);
  a[MAX_REPLICAS_ANNOTATION] = String(max);
  return changed;
}

export function replicasAnnotationsNeedUpdate(obj: Annotated, desired: number, max: number): boolean {
  const a = obj.metadata?.annotations ?? {};
  return a[DESIRED_REPLICAS_ANNOTATION] !== String(desired) || a[MAX_REPLICAS_ANNOTATION] !== String(max);
}

/** Appends `old` to a comma-separated history, dropping the oldest entries to stay within `limit` characters. */
export function appendRevisionHistory(history: string | undefined, old: string, limit = MAX_REVISION_HISTORY_CHARS): string | undefined {
  if (!history) return old.length <= limit ? old : undefined;
  const entries = history.split(',');
  let total = history.length + old.length + 1;
  let start = 0;
  while (total > limit && start < entries.length) total -= entries[start++]!.length + 1;
  if (total > limit) return undefined;
  return [...entries.slice(start), old].join(',');
}

/**
 * Brings the new ReplicaSet's annotations in line with its Deployment: the Deployment's own annotations (but not the
 * deployment.kubernetes.io ones or kubectl's last-applied), the revision raised to `newRevision` (a ReplicaSet that had a
 * lower revision is being rolled back to: its old revision joins revision-history), and, for a ReplicaSet about to be
 * created, the replica counts. Returns whether anything changed.
 */
export function setNewReplicaSetAnnotations(deployAnnotations: Record<string, string> | undefined, rs: Annotated, newRevision: number, exists: boolean, desired: number, max: number): boolean {
  const a = annotationsOf(rs);
  let changed = false;
  for (const [k, v] of Object.entries(deployAnnotations ?? {})) {
    if (NOT_COPIED.has(k) || a[k] === v) continue;
    a[k] = v;
    changed = true;
  }
  const oldRevision = a[REVISION_ANNOTATION];
  const oldRevisionNum = oldRevision !== undefined && /^\d+$/.test(oldRevision) ? Number(oldRevision) : 0;
  if (oldRevisionNum < newRevision) {
    a[REVISION_ANNOTATION] = String(newRevision);
    changed = true;
    if (oldRevision !== undefined) {
      const history = appendRevisionHistory(a[REVISION_HISTORY_ANNOTATION], oldRevision);
      if (history !== undefined) a[REVISION_HISTORY_ANNOTATION] = history;
    }
  }
  if (!exists && setReplicasAnnotations(rs, desired, max)) changed = true;
  return changed;
}
