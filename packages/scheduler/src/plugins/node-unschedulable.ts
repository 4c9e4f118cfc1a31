/** NodeUnschedulable: rejects cordoned nodes (spec.unschedulable) unless the pod tolerates the unschedulable taint. */
import type { Pod } from 'kubernetes-types/core/v1.js';
import { Status, type CycleState, type FilterPlugin, type NodeInfo } from '../framework/index.js';
import { NODE_UNSCHEDULABLE } from './names.js';
import { tolerationsTolerateTaint } from './tolerations.js';

/** Upstream's reason for a cordoned node. */
export const ERR_REASON_UNSCHEDULABLE = 'node(s) were unschedulable';
/** The taint a cordoned node implies. */
export const TAINT_NODE_UNSCHEDULABLE = 'node.kubernetes.io/unschedulable';

/** The NodeUnschedulable filter. */
export class NodeUnschedulable implements FilterPlugin {
  readonly name = NODE_UNSCHEDULABLE;

  filter(_state: CycleState, pod: Pod, nodeInfo: NodeInfo): Status | undefined {
    if (!nodeInfo.node.spec?.unschedulable) return undefined;
    const tolerated = tolerationsTolerateTaint(pod.spec?.tolerations, { key: TAINT_NODE_UNSCHEDULABLE, effect: 'NoSchedule' });
    return tolerated ? undefined : Status.unresolvable(ERR_REASON_UNSCHEDULABLE);
  }
}
