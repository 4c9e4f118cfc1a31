/** Which container of which pod on which node a `pods/log` or `pods/exec` request addresses, checked as kube-apiserver does. */
import { choosePodContainer } from '@skiff/api';
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { PodContainerMessage } from './kubelet-proto.js';

export interface PodTarget {
  /** The node the pod is bound to; undefined when it is not bound yet. */
  node: string | undefined;
  /** What the kubelet is asked for. */
  container: PodContainerMessage & { container: string };
}

/**
 * Resolves the container named in the request (or the pod's only container), as kube-apiserver's log and exec
 * locations do, and the node the pod is bound to.
 */
export function resolvePodTarget(pod: Pod, requested: string | undefined, kind: 'log' | 'exec'): PodTarget {
  const name = pod.metadata?.name ?? '';
  const container = choosePodContainer(pod, requested, kind);
  const target: PodTarget['container'] = { namespace: pod.metadata?.namespace ?? '', pod: name, container };
  if (pod.metadata?.uid) target.uid = pod.metadata.uid;
  return { node: pod.spec?.nodeName || undefined, container: target };
}
