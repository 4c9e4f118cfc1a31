/** NodeName: a pod that names its node (spec.nodeName) fits only that node. */
import type { Pod } from 'kubernetes-types/core/v1.js';
import { Status, type CycleState, type FilterPlugin, type NodeInfo } from '../framework/index.js';
import { NODE_NAME } from './names.js';

/** Upstream's reason. */
export const ERR_REASON_NODE_NAME = "node(s) didn't match the requested node name";

/** The NodeName filter. */
export class NodeName implements FilterPlugin {
  readonly name = NODE_NAME;

  filter(_state: CycleState, pod: Pod, nodeInfo: NodeInfo): Status | undefined {
    const wanted = pod.spec?.nodeName;
    return !wanted || wanted === nodeInfo.name ? undefined : Status.unresolvable(ERR_REASON_NODE_NAME);
  }
}
