/** The nominator: which pending pods preemption nominated to which node, so filtering keeps their room free. */
import type { Pod } from 'kubernetes-types/core/v1.js';
import { podInfoOf, podKey, type PodInfo, type PodNominator } from '../framework/index.js';

const NONE: readonly PodInfo[] = [];

/** A pod's nominated node from its status. */
export function nominatedNodeName(pod: Pod): string {
  return pod.status?.nominatedNodeName ?? '';
}

/** Pending pods by nominated node (kube-scheduler's nominator). Assigned pods are never held. */
export class Nominator implements PodNominator {
  private readonly byNode = new Map<string, PodInfo[]>();
  private readonly nodeOf = new Map<string, string>();

  /** Records the pod under `nodeName`, else under its status.nominatedNodeName; without either it is dropped. */
  add(pod: Pod, nodeName?: string): void {
    this.delete(pod);
    const node = nodeName || nominatedNodeName(pod);
    if (!node || pod.spec?.nodeName) return;
    const key = podKey(pod);
    this.nodeOf.set(key, node);
    const list = this.byNode.get(node);
    if (list) list.push(podInfoOf(pod));
    else this.byNode.set(node, [podInfoOf(pod)]);
  }

  /**
   * A pending pod changed. An update that carries no nomination while one is held in memory keeps it (the
   * scheduler nominated the pod and the status write has not come back yet); otherwise the new status decides.
   */
  update(oldPod: Pod | undefined, newPod: Pod): void {
    const held = this.nodeOf.get(podKey(newPod));
    const keep = !nominatedNodeName(newPod) && (!oldPod || !nominatedNodeName(oldPod)) ? held : undefined;
    this.add(newPod, keep);
  }

  /** Forgets the pod's nomination, if any. */
  delete(pod: Pod): void {
    const key = podKey(pod);
    const node = this.nodeOf.get(key);
    if (node === undefined) return;
    this.nodeOf.delete(key);
    const list = this.byNode.get(node)!.filter((p) => podKey(p.pod) !== key);
    if (list.length > 0) this.byNode.set(node, list);
    else this.byNode.delete(node);
  }

  /** The node the pod is nominated to, if any. */
  nodeFor(pod: Pod): string | undefined {
    return this.nodeOf.get(podKey(pod));
  }

  nominatedPodsForNode(nodeName: string): readonly PodInfo[] {
    if (this.byNode.size === 0) return NONE;
    return this.byNode.get(nodeName) ?? NONE;
  }
}
