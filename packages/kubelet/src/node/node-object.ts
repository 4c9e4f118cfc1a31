/** The Node object a kubelet registers: default labels, attach-detach annotation, addresses, capacity, nodeInfo and daemon endpoints. */
import type { Node, NodeAddress, NodeSystemInfo } from 'kubernetes-types/core/v1.js';
import type { ApiObject, ResourceRef } from '@skiff/client';
import type { SystemInfo } from './system-info.js';

/** A Node as the resource client carries it. */
export type NodeObject = Node & ApiObject;

export const NODES: ResourceRef = { group: '', version: 'v1', resource: 'nodes', namespaced: false };

/** The kubelet's default labels; re-registration puts these back if someone changed them. */
export const LABEL_HOSTNAME = 'kubernetes.io/hostname';
export const LABEL_OS = 'kubernetes.io/os';
export const LABEL_ARCH = 'kubernetes.io/arch';
export const LABEL_OS_BETA = 'beta.kubernetes.io/os';
export const LABEL_ARCH_BETA = 'beta.kubernetes.io/arch';
/** Set by the kubelet so the attach-detach controller (not the kubelet) attaches volumes. */
export const ANNOTATION_CONTROLLER_MANAGED_ATTACH_DETACH = 'volumes.kubernetes.io/controller-managed-attach-detach';

export interface NodeIdentity {
  nodeName: string;
  hostname: string;
  /** The node's InternalIP. */
  nodeIP: string;
  /** Port of the kubelet's own server (status.daemonEndpoints.kubeletEndpoint.Port). */
  kubeletPort: number;
  /** Extra labels (--node-labels). */
  labels?: Record<string, string>;
  /** The pod CIDR to register with (--pod-cidr). */
  podCIDR?: string;
}

/** The labels the kubelet owns. */
export function defaultNodeLabels(id: NodeIdentity, sys: Pick<SystemInfo, 'operatingSystem' | 'architecture'>): Record<string, string> {
  return {
    [LABEL_ARCH_BETA]: sys.architecture,
    [LABEL_OS_BETA]: sys.operatingSystem,
    [LABEL_ARCH]: sys.architecture,
    [LABEL_HOSTNAME]: id.hostname,
    [LABEL_OS]: sys.operatingSystem,
  };
}

/** status.addresses: InternalIP, then Hostname. */
export function nodeAddresses(id: NodeIdentity): NodeAddress[] {
  return [
    { type: 'InternalIP', address: id.nodeIP },
    { type: 'Hostname', address: id.hostname },
  ];
}

export interface NodeInfoVersions {
  /** `containerd://1.6.20~ds1` */
  containerRuntimeVersion: string;
  kubeletVersion: string;
  kubeProxyVersion: string;
}

export function nodeSystemInfo(sys: SystemInfo, versions: NodeInfoVersions): NodeSystemInfo {
  return {
    machineID: sys.machineID,
    systemUUID: sys.systemUUID,
    bootID: sys.bootID,
    kernelVersion: sys.kernelVersion,
    osImage: sys.osImage,
    containerRuntimeVersion: versions.containerRuntimeVersion,
    kubeletVersion: versions.kubeletVersion,
    kubeProxyVersion: versions.kubeProxyVersion,
    operatingSystem: sys.operatingSystem,
    architecture: sys.architecture,
  };
}

/** The Node to create; its status is filled by the status setters before registration. */
export function initialNode(id: NodeIdentity, sys: SystemInfo): NodeObject {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: id.nodeName,
      labels: { ...(id.labels ?? {}), ...defaultNodeLabels(id, sys) },
      annotations: { [ANNOTATION_CONTROLLER_MANAGED_ATTACH_DETACH]: 'true' },
    },
    spec: id.podCIDR ? { podCIDR: id.podCIDR, podCIDRs: [id.podCIDR] } : {},
  };
}
