/** failureMessage: kube-scheduler's FitError text, `0/3 nodes are available: 1 Insufficient cpu, 2 node(s) ... .` */
import type { Diagnosis } from './interface.js';

/**
 * Counts every reason across the rejected nodes, prints each as `<count> <reason>`, sorts those strings
 * (plain string order, as upstream's sort.Strings) and appends PreFilter/PostFilter messages.
 */
export function failureMessage(diagnosis: Diagnosis, numAllNodes: number): string {
  let msg = `0/${numAllNodes} nodes are available:`;
  if (diagnosis.preFilterMsg) {
    msg += ` ${diagnosis.preFilterMsg}.`;
  } else {
    const counts = new Map<string, number>();
    for (const status of diagnosis.nodeToStatus.values()) {
      for (const reason of status.reasons) counts.set(reason, (counts.get(reason) ?? 0) + 1);
    }
    const parts = [...counts].map(([reason, n]) => `${n} ${reason}`).sort(compareStrings);
    if (parts.length > 0) msg += ` ${parts.join(', ')}.`;
  }
  if (diagnosis.postFilterMsg) msg += ` ${diagnosis.postFilterMsg}.`;
  return msg;
}

/** Byte-wise order like Go's sort.Strings (localeCompare would differ). */
function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
