/** The status conditions the namespace controller keeps on a Terminating namespace, with Kubernetes' types, reasons and messages. */
import type { NamespaceCondition } from 'kubernetes-types/core/v1.js';

/** Every condition type the controller owns, in Kubernetes' order. */
export const NAMESPACE_CONDITION_TYPES = [
  'NamespaceDeletionDiscoveryFailure',
  'NamespaceDeletionGroupVersionParsingFailure',
  'NamespaceDeletionContentFailure',
  'NamespaceContentRemaining',
  'NamespaceFinalizersRemaining',
] as const;
export type NamespaceConditionType = (typeof NAMESPACE_CONDITION_TYPES)[number];

const OK: Record<NamespaceConditionType, { reason: string; message: string }> = {
  NamespaceDeletionDiscoveryFailure: { reason: 'ResourcesDiscovered', message: 'All resources successfully discovered' },
  NamespaceDeletionGroupVersionParsingFailure: { reason: 'ParsedGroupVersions', message: 'All legacy kube types successfully parsed' },
  NamespaceDeletionContentFailure: { reason: 'ContentDeleted', message: 'All content successfully deleted, may be waiting on finalization' },
  NamespaceContentRemaining: { reason: 'ContentRemoved', message: 'All content successfully removed' },
  NamespaceFinalizersRemaining: { reason: 'ContentHasNoFinalizers', message: 'All content-preserving finalizers finished' },
};

/** What one deletion pass found. */
export interface DeletionReport {
  /** Failures deleting or listing content, one message each. */
  contentErrors: string[];
  /** Objects still present per group-resource (`pods.`, `deployments.apps`). */
  remaining: Map<string, number>;
  /** Objects still carrying each finalizer. */
  finalizers: Map<string, number>;
}

function failure(type: NamespaceConditionType, reason: string, message: string): Pick<NamespaceCondition, 'type' | 'status' | 'reason' | 'message'> {
  return { type, status: 'True', reason, message };
}

/** `name <words with n>` for each entry, sorted by name as Kubernetes sorts them. */
function describeCounts(m: Map<string, number>, words: (n: number) => string): string {
  return [...m.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, n]) => `${k} ${words(n)}`)
    .join(', ');
}

/** The failing conditions of a pass (types not listed are successful). */
export function failingConditions(report: DeletionReport): Pick<NamespaceCondition, 'type' | 'status' | 'reason' | 'message'>[] {
  const out: Pick<NamespaceCondition, 'type' | 'status' | 'reason' | 'message'>[] = [];
  if (report.contentErrors.length > 0) {
    const errs = [...report.contentErrors].sort();
    const joined = errs.length === 1 ? errs[0]! : `[${errs.join(', ')}]`;
    out.push(failure('NamespaceDeletionContentFailure', 'ContentDeletionFailed', `Failed to delete all resource types, ${errs.length} remaining: ${joined}`));
  }
  if (report.remaining.size > 0) {
    const parts = describeCounts(report.remaining, (n) => `has ${n} resource instances`);
    out.push(failure('NamespaceContentRemaining', 'SomeResourcesRemain', `Some resources are remaining: ${parts}`));
  }
  if (report.finalizers.size > 0) {
    const parts = describeCounts(report.finalizers, (n) => `in ${n} resource instances`);
    out.push(failure('NamespaceFinalizersRemaining', 'SomeFinalizersRemain', `Some content in the namespace has finalizers remaining: ${parts}`));
  }
  return out;
}

/**
 * The namespace's conditions after a pass: each owned type set to its failure or its successful variant; a condition
 * keeps its lastTransitionTime unless its status changes. Other condition types are kept. Undefined when nothing changed.
 */
export function updatedConditions(current: readonly NamespaceCondition[], report: DeletionReport, now: string): NamespaceCondition[] | undefined {
  const failing = new Map(failingConditions(report).map((c) => [c.type, c]));
  const next = current.map((c) => ({ ...c }));
  let changed = false;
  for (const type of NAMESPACE_CONDITION_TYPES) {
    const wanted = failing.get(type) ?? { type, status: 'False', ...OK[type] };
    const old = next.find((c) => c.type === type);
    if (!old) {
      next.push({ ...wanted, lastTransitionTime: now });
      changed = true;
      continue;
    }
    if (old.status === wanted.status && old.reason === wanted.reason && old.message === wanted.message) continue;
    if (old.status !== wanted.status) old.lastTransitionTime = now;
    old.status = wanted.status;
    old.reason = wanted.reason;
    old.message = wanted.message;
    changed = true;
  }
  return changed ? next : undefined;
}
