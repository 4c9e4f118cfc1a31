/** Kubernetes' Priority admission for pods: spec.priority (and preemptionPolicy) come from the PriorityClass, never from the request. */
import { DEFAULT_PREEMPTION_POLICY, DEFAULT_PRIORITY_WHEN_NO_DEFAULT_CLASS_EXISTS } from '@skiff/api';
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { KObject, Writable } from '../types.js';
import { admissionForbidden, type PriorityClassLookup } from './priority-classes.js';

const PODS = { group: '', resource: 'pods' };

/**
 * On create: resolves spec.priorityClassName (or the global default class, whose name the pod then
 * carries) to spec.priority and spec.preemptionPolicy. A missing class, or a priority/policy in the
 * request that differs from the class's, is a 403 with Kubernetes' wording.
 */
export async function admitPodPriority(obj: KObject, lookup: PriorityClassLookup): Promise<void> {
  const pod = obj as Writable<Pod> & KObject;
  const spec = (pod.spec ??= { containers: [] });
  const name = pod.metadata?.name ?? '';
  let priority: number = DEFAULT_PRIORITY_WHEN_NO_DEFAULT_CLASS_EXISTS;
  let policy: string | undefined = DEFAULT_PREEMPTION_POLICY;
  if (!spec.priorityClassName) {
    const fallback = await lookup.globalDefault();
    if (fallback) {
      spec.priorityClassName = fallback.metadata?.name ?? '';
      priority = fallback.value;
      policy = fallback.preemptionPolicy;
    }
  } else {
    const pc = await lookup.get(spec.priorityClassName);
    if (!pc) throw admissionForbidden(PODS, name, `no PriorityClass with name ${spec.priorityClassName} was found`);
    priority = pc.value;
    policy = pc.preemptionPolicy;
  }
  if (spec.priority !== undefined && spec.priority !== null && spec.priority !== priority) {
    throw admissionForbidden(
      PODS,
      name,
      `the integer value of priority (${spec.priority}) must not be provided in pod spec; priority admission controller computed ${priority} from the given PriorityClass name`,
    );
  }
  spec.priority = priority;
  if (policy !== undefined) {
    if (spec.preemptionPolicy && spec.preemptionPolicy !== policy) {
      throw admissionForbidden(
        PODS,
        name,
        `the string value of PreemptionPolicy (${spec.preemptionPolicy}) must not be provided in pod spec; priority admission controller computed ${policy} from the given PriorityClass name`,
      );
    }
    spec.preemptionPolicy = policy;
  }
}

/** On update: a request without spec.priority/preemptionPolicy keeps the stored ones (validation refuses any other change). */
export function keepPodPriority(obj: KObject, old: KObject): void {
  const spec = (obj as Writable<Pod>).spec;
  const oldSpec = (old as Writable<Pod>).spec;
  if (!spec || !oldSpec) return;
  if ((spec.priority === undefined || spec.priority === null) && oldSpec.priority !== undefined) spec.priority = oldSpec.priority;
  if (!spec.preemptionPolicy && oldSpec.preemptionPolicy !== undefined) spec.preemptionPolicy = oldSpec.preemptionPolicy;
}
