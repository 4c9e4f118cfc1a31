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

/** True when the pod has pod affinity or anti-affinity (required or preferred), as upstream's PodsWithAffinity counts it. */
function hasAffinityTerms(pod: Pod): boolean {
  const a = pod.spec?.affinity;
  return a?.podAffinity !== undefined || a?.podAntiAffinity !== undefined;
}

/** True when the pod has required pod anti-affinity terms. */
function hasRequiredAntiAffinity(pod: Pod): boolean {
  return (pod.spec?.affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.length ?? 0) > 0;
}

/**
 * Parsed allocatable per Node object. Node objects in the cache are replaced, never mutated, so a node's parse never
 * goes stale; this spares the quantity parsing when snapshots clone NodeInfos.
 */
const allocatableByNode = new WeakMap<Node, Resource>();

function allocatableOf(node: Node): Resource {
  let r = allocatableByNode.get(node);
  if (!r) {
    r = resourceFromList(node.status?.allocatable);
    allocatableByNode.set(node, r);
  }
  return cloneResource(r);
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
  /** The pods with pod affinity or anti-affinity, so affinity plugins need not look at every pod (upstream's PodsWithAffinity). */
  podsWithAffinity: PodInfo[] = [];
  /** The pods with required pod anti-affinity (upstream's PodsWithRequiredAntiAffinity). */
  podsWithRequiredAntiAffinity: PodInfo[] = [];
  /** Bumped on every change, so a snapshot can tell what moved. */
  generation = 0;

  constructor(node: Node, pods: Iterable<Pod> = []) {
    this.node = node;
    this.allocatable = allocatableOf(node);
    for (const pod of pods) this.addPod(pod);
  }

  /** The node's name. */
  get name(): string {
    return this.node.metadata?.name ?? '';
  }

  /** Replaces the node object (e.g. after an update), keeping the pods. */
  setNode(node: Node): void {
    this.node = node;
    this.allocatable = allocatableOf(node);
    this.generation++;
  }

  /** Adds a pod and its requests and host ports. */
  addPod(pod: Pod): void {
    this.addPodInfo(podInfoOf(pod));
  }

  /** Adds a pod whose requests are already computed. */
  addPodInfo(info: PodInfo): void {
    this.pods.push(info);
    if (hasAffinityTerms(info.pod)) this.podsWithAffinity.push(info);
    if (hasRequiredAntiAffinity(info.pod)) this.podsWithRequiredAntiAffinity.push(info);
    addResource(this.requested, info.requests);
    addResource(this.nonZeroRequested, info.nonZeroRequests);
    for (const p of podHostPorts(info.pod)) this.usedPorts.add(p.hostIP, p.protocol, p.hostPort ?? 0);
    this.generation++;
  }

  /** Removes a pod (matched by uid, else namespace/name); false when it was not here. */
  removePod(pod: Pod): boolean {
    const i = this.indexOf(pod);
    if (i < 0) return false;
    const [info] = this.pods.splice(i, 1);
    if (hasAffinityTerms(info!.pod)) this.podsWithAffinity = this.podsWithAffinity.filter((p) => p !== info);
    if (hasRequiredAntiAffinity(info!.pod)) this.podsWithRequiredAntiAffinity = this.podsWithRequiredAntiAffinity.filter((p) => p !== info);
    addResource(this.requested, info!.requests, -1);
    addResource(this.nonZeroRequested, info!.nonZeroRequests, -1);
    for (const p of podHostPorts(info!.pod)) this.usedPorts.remove(p.hostIP, p.protocol, p.hostPort ?? 0);
    this.generation++;
    return true;
  }

  /** Index of the pod in `pods` (the same object, else the same uid, else the same namespace/name); -1 when absent. */
  private indexOf(pod: Pod): number {
    const pods = this.pods;
    for (let i = 0; i < pods.length; i++) if (pods[i]!.pod === pod) return i;
    const key = podKey(pod);
    for (let i = 0; i < pods.length; i++) if (podKey(pods[i]!.pod) === key) return i;
    return -1;
  }

  /** An independent copy (pods shared, sums and ports copied), e.g. for preemption's what-if runs. */
  clone(): NodeInfo {
    const copy = new NodeInfo(this.node);
    copy.allocatable = cloneResource(this.allocatable);
    copy.pods = this.pods.slice();
    copy.podsWithAffinity = this.podsWithAffinity.slice();
    copy.podsWithRequiredAntiAffinity = this.podsWithRequiredAntiAffinity.slice();
    copy.requested = cloneResource(this.requested);
    copy.nonZeroRequested = cloneResource(this.nonZeroRequested);
    copy.usedPorts = this.usedPorts.clone();
    copy.generation = this.generation;
    return copy;
  }
}
