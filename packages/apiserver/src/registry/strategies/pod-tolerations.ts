/** Kubernetes' DefaultTolerationSeconds admission: new pods tolerate not-ready and unreachable nodes for 300 s unless they say otherwise. */
import type { Pod, Toleration } from 'kubernetes-types/core/v1.js';
import type { KObject, Writable } from '../types.js';

export const TAINT_NODE_NOT_READY = 'node.kubernetes.io/not-ready';
export const TAINT_NODE_UNREACHABLE = 'node.kubernetes.io/unreachable';
/** The plugin's defaults (--default-not-ready-toleration-seconds / --default-unreachable-toleration-seconds): five minutes. */
export const DEFAULT_NOT_READY_TOLERATION_SECONDS = 300;
export const DEFAULT_UNREACHABLE_TOLERATION_SECONDS = 300;

/** Whether `t` already covers NoExecute taints with `key` (an empty key or effect counts as covering it, as upstream checks). */
function covers(t: Toleration, key: string): boolean {
  return (t.key === key || !t.key) && (t.effect === 'NoExecute' || !t.effect);
}

/** On pod create: appends the not-ready and unreachable NoExecute tolerations the pod does not already have. */
export function admitDefaultTolerations(obj: KObject): void {
  const pod = obj as Writable<Pod> & KObject;
  const spec = (pod.spec ??= { containers: [] });
  const tolerations = [...(spec.tolerations ?? [])];
  const defaults: Array<[string, number]> = [
    [TAINT_NODE_NOT_READY, DEFAULT_NOT_READY_TOLERATION_SECONDS],
    [TAINT_NODE_UNREACHABLE, DEFAULT_UNREACHABLE_TOLERATION_SECONDS],
  ];
  let added = false;
  for (const [key, seconds] of defaults) {
    if (tolerations.some((t) => covers(t, key))) continue;
    tolerations.push({ key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: seconds });
    added = true;
  }
  if (added) spec.tolerations = tolerations;
}
