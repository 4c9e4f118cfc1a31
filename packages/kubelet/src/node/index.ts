/** The kubelet's node part: machine facts, Node registration and status, the node Lease, and the CNI config from spec.podCIDR. */
export {
  machineInfo,
  parseMemTotalBytes,
  formatBinaryQuantity,
  nodeCapacity,
  nodeAllocatable,
  DEFAULT_MAX_PODS,
  DEFAULT_EVICTION_HARD_MEMORY_BYTES,
  DEFAULT_EVICTION_HARD_NODEFS_FRACTION,
  type MachineInfo,
  type MachineInfoOptions,
  type Reservations,
  type ResourceList,
} from './machine-info.js';
export { systemInfo, goArch, parseOsImage, derivedUuid, KUBELET_VERSION, type SystemInfo, type SystemInfoPaths } from './system-info.js';
export { updateRuntimeHealth, runtimeErrors, formatRuntimeCondition, RUNTIME_SYNC_THRESHOLD_MS, type RuntimeHealth } from './runtime-health.js';
export { computeConditions, conditionsChanged, aggregateMessage, formatTime, type ConditionInputs } from './node-conditions.js';
export { nodeImages, NODE_STATUS_MAX_IMAGES, MAX_NAMES_PER_IMAGE } from './node-images.js';
export {
  NODES,
  initialNode,
  defaultNodeLabels,
  nodeAddresses,
  nodeSystemInfo,
  LABEL_HOSTNAME,
  LABEL_OS,
  LABEL_ARCH,
  LABEL_OS_BETA,
  LABEL_ARCH_BETA,
  ANNOTATION_CONTROLLER_MANAGED_ATTACH_DETACH,
  type NodeIdentity,
  type NodeInfoVersions,
  type NodeObject,
} from './node-object.js';
export { registerNode, reconcilePatch, KUBELET_FIELD_MANAGER } from './node-registration.js';
export { NodeStatusSync, buildNodeStatus, nodeStatusChanged, NODE_STATUS_REPORT_FREQUENCY_MS, type NodeStatusOptions } from './node-status.js';
export {
  NodeLease,
  NODE_LEASE_NAMESPACE,
  NODE_LEASE_DURATION_SECONDS,
  NODE_LEASE_RENEW_INTERVAL_MS,
  NODE_LEASE_RETRY_INITIAL_MS,
  type NodeLeaseOptions,
} from './node-lease.js';
export { PodCidrCni, podCidrGateway, cniNetworkName, DEFAULT_CNI_BRIDGE, type PodCidrCniOptions } from './pod-cidr-cni.js';
export {
  NodeAgent,
  NODE_STATUS_UPDATE_FREQUENCY_MS,
  FAST_STATUS_CHECK_MS,
  REGISTER_RETRY_INITIAL_MS,
  REGISTER_RETRY_MAX_MS,
  DEFAULT_KUBELET_PORT,
  type NodeAgentOptions,
  type NodeAgentPeriods,
} from './node-agent.js';
