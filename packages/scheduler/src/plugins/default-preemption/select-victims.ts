/** The fewest lower-priority pods on one node whose removal lets the preemptor fit (kube-scheduler's SelectVictimsOnNode). */
import type { Pod } from 'kubernetes-types/core/v1.js';
import { Code, Status, isSuccess, podPriority, type CycleState, type FrameworkRunner, type NodeInfo, type PodInfo } from '../../framework/index.js';
import { sortByImportance } from './importance.js';

/** Upstream's reason when a node holds no pod of lower priority. */
export const ERR_REASON_NO_VICTIMS = 'No preemption victims found for incoming pod';

export interface VictimSelection {
  /** The victims, most important first; empty when the pod fits without preempting anyone. */
  victims: Pod[];
  /** Success, or why this node cannot be made to fit. */
  status: Status | undefined;
}

/**
 * Works on `state` and `nodeInfo` (copies the caller made): removes every pod of lower priority than `pod`, checks the
 * pod fits then, and gives back (reprieves) as many as still let it fit, most important first. The rest are victims.
 */
export function selectVictimsOnNode(fwk: FrameworkRunner, state: CycleState, pod: Pod, nodeInfo: NodeInfo, now: number): VictimSelection {
  const priority = podPriority(pod);
  const remove = (info: PodInfo): void => {
    nodeInfo.removePod(info.pod);
    check(fwk.runPreFilterExtensionRemovePod(state, pod, info, nodeInfo));
  };
  const add = (info: PodInfo): void => {
    nodeInfo.addPodInfo(info);
    check(fwk.runPreFilterExtensionAddPod(state, pod, info, nodeInfo));
  };
  const potential = nodeInfo.pods.filter((info) => podPriority(info.pod) < priority);
  try {
    for (const info of potential) remove(info);
    if (potential.length === 0) return { victims: [], status: Status.unresolvable(ERR_REASON_NO_VICTIMS) };
    const fits = fwk.runFilterPluginsWithNominatedPods(state, pod, nodeInfo);
    if (!isSuccess(fits)) return { victims: [], status: fits };
    const victims: Pod[] = [];
    for (const info of sortByImportance([...potential], now)) {
      add(info);
      if (isSuccess(fwk.runFilterPluginsWithNominatedPods(state, pod, nodeInfo))) continue;
      remove(info);
      victims.push(info.pod);
    }
    return { victims, status: undefined };
  } catch (err) {
    return { victims: [], status: err instanceof ExtensionError ? err.status : Status.error(err) };
  }
}

/** A failed PreFilter extension, carried out of the what-if loop. */
class ExtensionError extends Error {
  constructor(readonly status: Status) {
    super(status.message());
  }
}

function check(status: Status | undefined): void {
  if (!isSuccess(status)) throw new ExtensionError(status ?? new Status(Code.Error));
}
