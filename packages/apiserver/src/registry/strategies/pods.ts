/** Pods: Pending on create, QoS class, default NoExecute tolerations, priority from the PriorityClass, graceful deletion for pods bound to a node, and binding. */
import { conflict, type ResourceInfo } from '@skiff/api';
import type { Pod, PodCondition } from 'kubernetes-types/core/v1.js';
import type { DeleteOptions, KObject, Strategy, Writable } from '../types.js';
import { defaultStrategy } from './default.js';
import { admitPodPriority, keepPodPriority } from './pod-priority.js';
import { admitDefaultTolerations } from './pod-tolerations.js';
import type { PriorityClassLookup } from './priority-classes.js';
import { rfc3339 } from '../clock.js';

/** Kubernetes' default when neither the request nor the pod names a grace period. */
const DEFAULT_TERMINATION_GRACE_SECONDS = 30;

export function podStrategy(info: ResourceInfo, priorityClasses: PriorityClassLookup): Strategy {
  return {
    ...defaultStrategy(info),
    prepareForCreate(obj) {
      const pod = obj as Writable<Pod> & KObject;
      pod.status = { phase: 'Pending', qosClass: qosClassOf(pod) };
      admitDefaultTolerations(pod);
    },
    prepareForUpdate: keepPodPriority,
    beforeCreate: (obj) => admitPodPriority(obj, priorityClasses),
    gracePeriod(obj: KObject, options: DeleteOptions) {
      const pod = obj as Writable<Pod> & KObject;
      // An unscheduled or finished pod has no kubelet to wait for.
      if (!pod.spec?.nodeName || pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed') return 0;
      return options.gracePeriodSeconds ?? pod.spec.terminationGracePeriodSeconds ?? DEFAULT_TERMINATION_GRACE_SECONDS;
    },
  };
}

/** Guaranteed when every container has equal cpu+memory requests and limits, BestEffort with none, else Burstable. */
export function qosClassOf(pod: Pod): 'Guaranteed' | 'Burstable' | 'BestEffort' {
  const containers = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])];
  let any = false;
  let guaranteed = true;
  for (const c of containers) {
    const requests = { ...(c.resources?.limits ?? {}), ...(c.resources?.requests ?? {}) } as Record<string, unknown>;
    const limits = (c.resources?.limits ?? {}) as Record<string, unknown>;
    for (const r of ['cpu', 'memory']) {
      if (requests[r] !== undefined || limits[r] !== undefined) any = true;
      if (limits[r] === undefined || String(requests[r]) !== String(limits[r])) guaranteed = false;
    }
  }
  if (!any) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

/** The pod after a Binding to `nodeName`: what the scheduler's bind does. */
export function bindPod(pod: KObject, nodeName: string, now: Date): KObject {
  const p = pod as Writable<Pod> & KObject;
  const name = p.metadata?.name ?? '';
  if (p.metadata?.deletionTimestamp) {
    throw conflict({ resource: 'pods', name }, `pod ${name} is being deleted, cannot be assigned to a host`);
  }
  if (p.spec?.nodeName) {
    throw conflict({ resource: 'pods', name }, `pod ${name} is already assigned to node "${p.spec.nodeName}"`);
  }
  p.spec = { ...p.spec!, nodeName };
  const condition: Writable<PodCondition> = { type: 'PodScheduled', status: 'True', lastProbeTime: null as unknown as string, lastTransitionTime: rfc3339(now) };
  const conditions = (p.status?.conditions ?? []).filter((c) => c.type !== 'PodScheduled');
  p.status = { ...(p.status ?? {}), conditions: [...conditions, condition] };
  return p;
}
