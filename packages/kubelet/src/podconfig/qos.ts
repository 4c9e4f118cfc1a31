/** A pod's QoS class (Guaranteed, Burstable, BestEffort) as Kubernetes computes it, and the pod's cgroup parent under the node's cgroup root. */
import type { Container, Pod } from 'kubernetes-types/core/v1.js';
import { parseQuantity } from '@skiff/api';

export type QOSClass = 'Guaranteed' | 'Burstable' | 'BestEffort';

/** Only these resources decide the QoS class (as upstream). */
const QOS_RESOURCES = ['cpu', 'memory'] as const;

function nonZero(list: Record<string, unknown> | undefined, name: string): boolean {
  const v = list?.[name];
  if (v === undefined || v === null) return false;
  const q = parseQuantity(String(v));
  return typeof q !== 'string' && q.nanos !== 0n;
}

function allContainers(pod: Pod): Container[] {
  return [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])];
}

/** The QoS class: BestEffort without any cpu/memory request or limit; Guaranteed when every container limits cpu and memory and requests equal limits. */
export function podQOSClass(pod: Pod): QOSClass {
  let any = false;
  let guaranteed = true;
  for (const c of allContainers(pod)) {
    const req = c.resources?.requests as Record<string, string> | undefined;
    const lim = c.resources?.limits as Record<string, string> | undefined;
    for (const r of QOS_RESOURCES) {
      const hasReq = nonZero(req, r);
      const hasLim = nonZero(lim, r);
      if (hasReq || hasLim) any = true;
      if (!hasLim) {
        guaranteed = false;
        continue;
      }
      // an unset request defaults to the limit (API defaulting); a different one makes the pod Burstable
      if (hasReq) {
        const a = parseQuantity(String(req![r]));
        const b = parseQuantity(String(lim![r]));
        if (typeof a === 'string' || typeof b === 'string' || a.nanos !== b.nanos) guaranteed = false;
      }
    }
  }
  if (!any) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

/** The QoS directory below the cgroup root: Guaranteed pods sit at the root itself (as upstream's `kubepods`). */
export function qosCgroupDir(qos: QOSClass): string {
  return qos === 'Guaranteed' ? '' : qos === 'Burstable' ? 'burstable' : 'besteffort';
}

/** `/<cgroupRoot>/<qos dir>/pod<uid>` (cgroupfs naming). */
export function podCgroupParent(pod: Pod, cgroupRoot: string): string {
  const parts = [cgroupRoot.replace(/^\/+|\/+$/g, ''), qosCgroupDir(podQOSClass(pod)), `pod${pod.metadata?.uid ?? ''}`];
  return `/${parts.filter((p) => p !== '').join('/')}`;
}
