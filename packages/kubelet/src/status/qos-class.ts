/** A pod's QoS class as Kubernetes computes it from cpu and memory requests and limits. */
import { compareQuantities, parseQuantity, type Quantity } from '@skiff/api';
import type { Container, Pod } from 'kubernetes-types/core/v1.js';

export type QosClass = 'Guaranteed' | 'Burstable' | 'BestEffort';

/** Only these resources decide the QoS class. */
const QOS_RESOURCES = ['cpu', 'memory'] as const;

/** A positive quantity, or undefined for absent, zero or malformed values (which do not count). */
function positive(value: unknown): Quantity | undefined {
  if (value === undefined || value === null) return undefined;
  const q = parseQuantity(String(value));
  if (typeof q === 'string' || q.nanos <= 0n) return undefined;
  return q;
}

/**
 * BestEffort: no container requests or limits cpu or memory. Guaranteed: every container limits both cpu and
 * memory and requests (defaulting to the limits) equal them. Burstable otherwise. Init containers count too.
 */
export function qosClassOf(pod: Pod): QosClass {
  const containers: Container[] = [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])];
  let anySet = false;
  let guaranteed = true;
  for (const c of containers) {
    const requests = (c.resources?.requests ?? {}) as Record<string, unknown>;
    const limits = (c.resources?.limits ?? {}) as Record<string, unknown>;
    for (const name of QOS_RESOURCES) {
      const limit = positive(limits[name]);
      const request = positive(requests[name]) ?? limit;
      if (request !== undefined || limit !== undefined) anySet = true;
      if (limit === undefined || request === undefined || compareQuantities(request, limit) !== 0) guaranteed = false;
    }
  }
  if (!anySet) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}
