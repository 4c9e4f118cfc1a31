/** NodePorts: a pod whose host ports are already used on a node (same protocol/port, overlapping address) does not fit it. */
import type { ContainerPort, Pod } from 'kubernetes-types/core/v1.js';
import { Status, podHostPorts, type CycleState, type FilterPlugin, type NodeInfo, type PreFilterPlugin, type StateData } from '../framework/index.js';
import { NODE_PORTS } from './names.js';

/** Upstream's reason. */
export const ERR_REASON_NODE_PORTS = "node(s) didn't have free ports for the requested pod ports";
const STATE_KEY = `PreFilter${NODE_PORTS}`;

class PortsState implements StateData {
  constructor(readonly ports: readonly ContainerPort[]) {}
  clone(): StateData {
    return this;
  }
}

/** The NodePorts plugin. */
export class NodePorts implements PreFilterPlugin, FilterPlugin {
  readonly name = NODE_PORTS;

  /** Records the pod's host ports; Skip when it has none. */
  preFilter(state: CycleState, pod: Pod): Status | undefined {
    const ports = podHostPorts(pod);
    if (ports.length === 0) return Status.skip();
    state.write(STATE_KEY, new PortsState(ports));
    return undefined;
  }

  filter(state: CycleState, pod: Pod, nodeInfo: NodeInfo): Status | undefined {
    const ports = state.read<PortsState>(STATE_KEY)?.ports ?? podHostPorts(pod);
    const clash = ports.some((p) => nodeInfo.usedPorts.conflicts(p.hostIP, p.protocol, p.hostPort ?? 0));
    return clash ? Status.unschedulable(ERR_REASON_NODE_PORTS) : undefined;
  }
}
