/** Which container of a pod a `pods/log` or `pods/exec` request means, with kube-apiserver's messages when it names none or an unknown one. */
import type { Pod } from 'kubernetes-types/core/v1.js';
import { badRequest } from './errors/index.js';

function names(containers: { name: string }[] | undefined): string[] {
  return (containers ?? []).map((c) => c.name);
}

/**
 * The container named in the request, or the pod's only container. Logs list every container (init, regular,
 * ephemeral) in their "choose one of"; exec lists the regular ones and the init ones apart.
 */
export function choosePodContainer(pod: Pod, requested: string | undefined, kind: 'log' | 'exec'): string {
  const name = pod.metadata?.name ?? '';
  const spec = pod.spec;
  const regular = names(spec?.containers);
  const init = names(spec?.initContainers);
  const ephemeral = names(spec?.ephemeralContainers);
  const container = requested ?? '';
  if (container === '') {
    if (regular.length === 1) return regular[0]!;
    if (regular.length === 0) throw badRequest(`a container name must be specified for pod ${name}`);
    if (kind === 'log') throw badRequest(`a container name must be specified for pod ${name}, choose one of: [${[...init, ...regular, ...ephemeral].join(' ')}]`);
    const initPart = init.length > 0 ? ` or one of the init containers: [${init.join(' ')}]` : '';
    throw badRequest(`a container name must be specified for pod ${name}, choose one of: [${regular.join(' ')}]${initPart}`);
  }
  if (![...init, ...regular, ...ephemeral].includes(container)) throw badRequest(`container ${container} is not valid for pod ${name}`);
  return container;
}
