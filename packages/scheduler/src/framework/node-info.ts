/** NodeInfo: a node with the pods assigned to it, their summed requests, used host ports and the node's allocatable. */
import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import { HostPortInfo, podHostPorts } from './host-ports.js';
import { podRequests } from './pod-requests.js';
import { addResource, cloneResource, emptyResource, resourceFromList, type Resource } from './resource.js';

/** A pod on a node with its requests computed once. */
export interface PodInfo {
  readonly pod: Pod;
  /** Effective request used for fit. */
  readonly requests: Resource;
  /** Effective request with cpu/memory defaults for containers that name none, used for scoring. */
  readonly nonZeroRequests: Resource;
}

/** Identity of a pod in a NodeInfo: its uid, else namespace/name. */
export function podKey(pod: Pod): string {
  return pod.metadata?.uid || `${pod.metadata?.namespace ?? ''}/${pod.metadata?.name ?? ''}`;
}

/** Builds the PodInfo of a pod. */
export function podInfoOf(pod: Pod): PodInfo {
  return { pod, requests: podRequests(pod), nonZeroRequests: podRequests(pod, { nonZero: true }) };
}

/** The scheduler's view of one node. Mutated only by its owner (the cache); plugins read it. */
export class NodeInfo {
  node: Node;
  /** Allocatable of the node (from status.allocatable; pods count in allowedPodNumber). */
  allocatable: Resource;
  pods: PodInfo[] = [];
  /** Sum of the pods' requests. */
  requested: Resource = emptyResource();
  /** Sum of the pods' requests with scoring defaults for missing cpu/memory. */
  nonZeroRequested: Resource = emptyResource();
  usedPorts = new HostPortInfo();
  /** Bumped on every change, so a snapshot can tell what moved. */
  generation = 0;

  constructor(node: Node, pods: Iterable<Pod> = []) {
    this.node = node;
    this.allocatable = resourceFromList(node.status?.allocatable);
    for (const pod of pods) this.addPod(pod);
  }

  /** The node's name. */
  get name(): string {
    return this.node.metadata?.name ?? '';
  }

  /** Replaces the node object (e.g. after an update), keeping the pods. */
  setNode(node: Node): void {
    this.node = node;
    this.allocatable = resourceFromList(node.status?.allocatable);
    this.generation++;
  }

  /** Adds a pod and its requests and host ports. */
  addPod(pod: Pod): void {
    this.addPodInfo(podInfoOf(pod));
  }

  /** Adds a pod whose requests are already computed. */
  addPodInfo(info: PodInfo): void {
    this.pods.push(info);
    addResource(this.requested, info.requests);
    addResource(this.nonZeroRequested, info.nonZeroRequests);
    for (const p of podHostPorts(info.pod)) this.usedPorts.add(p.hostIP, p.protocol, p.hostPort ?? 0);
    this.generation++;
  }

  /** Removes a pod (matched by uid, else namespace/name); false when it was not here. */
  removePod(pod: Pod): boolean {
    const key = podKey(pod);
    const i = this.pods.findIndex((p) => podKey(p.pod) === key);
    if (i < 0) return false;
    const [info] = this.pods.splice(i, 1);
    addResource(this.requested, info!.requests, -1);
    addResource(this.nonZeroRequested, info!.nonZeroRequests, -1);
    for (const p of podHostPorts(info!.pod)) this.usedPorts.remove(p.hostIP, p.protocol, p.hostPort ?? 0);
    this.generation++;
    return true;
  }

  /** An independent copy (pods shared, sums and ports copied), e.g. for preemption's what-if runs. */
  clone(): NodeInfo {
    const copy = new NodeInfo(this.node);
    copy.allocatable = cloneResource(this.allocatable);
    copy.pods = [...this.pods];
    copy.requested = cloneResource(this.requested);
    copy.nonZeroRequested = cloneResource(this.nonZeroRequested);
    copy.usedPorts = this.usedPorts.clone();
    copy.generation = this.generation;
    return copy;
  }
}
