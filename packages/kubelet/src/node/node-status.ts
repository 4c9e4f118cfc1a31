/** Computes the Node's status (capacity, allocatable, conditions, addresses, nodeInfo, images) and posts it through the status subresource when it changed or is due. */
import type { NodeStatus } from 'kubernetes-types/core/v1.js';
import type { ResourceClient } from '@skiff/client';
import type { CriClient } from '../cri/index.js';
import { computeConditions, conditionsChanged } from './node-conditions.js';
import { nodeImages } from './node-images.js';
import { nodeAddresses, nodeSystemInfo, NODES, type NodeIdentity, type NodeObject } from './node-object.js';
import { KUBELET_FIELD_MANAGER } from './node-registration.js';
import { nodeAllocatable, nodeCapacity, type MachineInfo, type Reservations } from './machine-info.js';
import { runtimeErrors, updateRuntimeHealth, type RuntimeHealth } from './runtime-health.js';
import { KUBELET_VERSION, type SystemInfo } from './system-info.js';

/** The kubelet's default nodeStatusReportFrequency: an unchanged status is still posted this often. */
export const NODE_STATUS_REPORT_FREQUENCY_MS = 5 * 60_000;

export interface NodeStatusOptions {
  client: ResourceClient;
  cri: CriClient;
  identity: NodeIdentity;
  machine: MachineInfo;
  system: SystemInfo;
  reservations?: Reservations;
  kubeletVersion?: string;
  /** Deprecated upstream (KEP-4004); defaults to the kubelet version. */
  kubeProxyVersion?: string;
  reportFrequencyMs?: number;
  now: () => number;
}

/** The parts of status the kubelet owns, with conditions merged onto `previous`. */
export function buildNodeStatus(previous: NodeStatus | undefined, parts: {
  identity: NodeIdentity;
  machine: MachineInfo;
  system: SystemInfo;
  reservations?: Reservations;
  notReadyErrors: string[];
  containerRuntimeVersion: string;
  kubeletVersion: string;
  kubeProxyVersion: string;
  images: NodeStatus['images'];
  now: number;
}): NodeStatus {
  const capacity = nodeCapacity(parts.machine);
  return {
    capacity,
    allocatable: nodeAllocatable(parts.machine, parts.reservations),
    conditions: computeConditions(previous?.conditions, { notReadyErrors: parts.notReadyErrors, capacity }, parts.now),
    addresses: nodeAddresses(parts.identity),
    daemonEndpoints: { kubeletEndpoint: { Port: parts.identity.kubeletPort } },
    nodeInfo: nodeSystemInfo(parts.system, {
      containerRuntimeVersion: parts.containerRuntimeVersion,
      kubeletVersion: parts.kubeletVersion,
      kubeProxyVersion: parts.kubeProxyVersion,
    }),
    images: parts.images ?? [],
  };
}

/** Whether the new status differs from the posted one in anything but heartbeat times. */
export function nodeStatusChanged(old: NodeStatus | undefined, next: NodeStatus): boolean {
  if (conditionsChanged(old?.conditions, next.conditions)) return true;
  const rest = (s: NodeStatus | undefined) => JSON.stringify({ ...(s ?? {}), conditions: undefined, phase: undefined, volumesAttached: undefined, volumesInUse: undefined, config: undefined, runtimeHandlers: undefined, features: undefined });
  return rest(old) !== rest(next);
}

/** Tracks the runtime's health and posts the Node's status. */
export class NodeStatusSync {
  private health: RuntimeHealth = {};
  private runtimeVersion = '';
  private lastPostAt: number | undefined;

  constructor(private readonly opts: NodeStatusOptions) {}

  /** Asks the runtime for its Status (and version, until known) and folds the answer into the health. */
  async checkRuntime(): Promise<void> {
    const result = await this.opts.cri.status().catch((err: unknown) => (err instanceof Error ? err : new Error(String(err))));
    this.health = updateRuntimeHealth(this.health, result, this.opts.now());
    if (!this.runtimeVersion) {
      const v = await this.opts.cri.version().catch(() => undefined);
      if (v) this.runtimeVersion = `${v.runtime_name}://${v.runtime_version}`;
    }
  }

  /** Whether the runtime and its network are ready (no errors would be reported). */
  runtimeReady(): boolean {
    return runtimeErrors(this.health, this.opts.now()).length === 0;
  }

  /** The status this kubelet would post on top of `node`. */
  async desiredStatus(node: NodeObject | undefined): Promise<NodeStatus> {
    const images = nodeImages(await this.opts.cri.listImages().catch(() => []));
    return buildNodeStatus(node?.status, {
      identity: this.opts.identity,
      machine: this.opts.machine,
      system: this.opts.system,
      ...(this.opts.reservations ? { reservations: this.opts.reservations } : {}),
      notReadyErrors: runtimeErrors(this.health, this.opts.now()),
      containerRuntimeVersion: this.runtimeVersion,
      kubeletVersion: this.opts.kubeletVersion ?? KUBELET_VERSION,
      kubeProxyVersion: this.opts.kubeProxyVersion ?? this.opts.kubeletVersion ?? KUBELET_VERSION,
      images,
      now: this.opts.now(),
    });
  }

  /**
   * Reads the Node, computes its status and patches the status subresource when it changed, when
   * `force`, or when the report frequency has passed. Returns the Node as read or as patched.
   */
  async sync(force = false): Promise<{ node: NodeObject; posted: boolean }> {
    await this.checkRuntime();
    const name = this.opts.identity.nodeName;
    const node = await this.opts.client.get<NodeObject>(NODES, undefined, name);
    const status = await this.desiredStatus(node);
    const now = this.opts.now();
    const due = this.lastPostAt === undefined || now - this.lastPostAt >= (this.opts.reportFrequencyMs ?? NODE_STATUS_REPORT_FREQUENCY_MS);
    if (!force && !due && !nodeStatusChanged(node.status, status)) return { node, posted: false };
    const patched = await this.opts.client.patch<NodeObject>(NODES, undefined, name, 'strategic', { status }, { subresource: 'status', fieldManager: KUBELET_FIELD_MANAGER });
    this.lastPostAt = now;
    return { node: patched, posted: true };
  }
}
