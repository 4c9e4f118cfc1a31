/** Which container of which pod on which node a `pods/log` or `pods/exec` request addresses, checked as kube-apiserver does. */
import { badRequest } from '@skiff/api';
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { PodContainerMessage } from './kubelet-proto.js';

export interface PodTarget {
  /** The node the pod is bound to; undefined when it is not bound yet. */
  node: string | undefined;
  /** What the kubelet is asked for. */
  container: PodContainerMessage & { container: string };
}

function names(containers: { name: string }[] | undefined): string[] {
  return (containers ?? []).map((c) => c.name);
}

/**
 * Resolves the container named in the request (or the pod's only container), as kube-apiserver's log and exec
 * locations do. Logs list every container (init, regular, ephemeral) in their "choose one of"; exec lists the
 * regular ones and the init ones apart.
 */
export function resolvePodTarget(pod: Pod, requested: string | undefined, kind: 'log' | 'exec'): PodTarget {
  const name = pod.metadata?.name ?? '';
  const spec = pod.spec;
  const regular = names(spec?.containers);
  const init = names(spec?.initContainers);
  const ephemeral = names(spec?.ephemeralContainers);
  let container = requested ?? '';
  if (container === '') {
    if (regular.length === 1) container = regular[0]!;
    else if (regular.length === 0) throw badRequest(`a container name must be specified for pod ${name}`);
    else if (kind === 'log') throw badRequest(`a container name must be specified for pod ${name}, choose one of: [${[...init, ...regular, ...ephemeral].join(' ')}]`);
    else {
      const initPart = init.length > 0 ? ` or one of the init containers: [${init.join(' ')}]` : '';
      throw badRequest(`a container name must be specified for pod ${name}, choose one of: [${regular.join(' ')}]${initPart}`);
    }
  } else if (![...init, ...regular, ...ephemeral].includes(container)) {
    throw badRequest(`container ${container} is not valid for pod ${name}`);
  }
  const target: PodTarget['container'] = { namespace: pod.metadata?.namespace ?? '', pod: name, container };
  if (pod.metadata?.uid) target.uid = pod.metadata.uid;
  return { node: spec?.nodeName || undefined, container: target };
}
