/** CRI v1 pod sandbox messages (RunPodSandbox, StopPodSandbox, RemovePodSandbox, PodSandboxStatus, ListPodSandbox). */
import type {
  DNSConfig,
  Int64,
  Int64Value,
  LinuxContainerResources,
  NamespaceOption,
  PodSandboxMetadata,
  PortMapping,
  SecurityProfile,
  SELinuxOption,
  StringMap,
} from './types-common.js';

export type PodSandboxState = 'SANDBOX_READY' | 'SANDBOX_NOTREADY';

export interface LinuxSandboxSecurityContext {
  namespace_options: NamespaceOption | null;
  selinux_options: SELinuxOption | null;
  run_as_user: Int64Value | null;
  run_as_group: Int64Value | null;
  readonly_rootfs: boolean;
  supplemental_groups: Int64[];
  privileged: boolean;
  seccomp: SecurityProfile | null;
  apparmor: SecurityProfile | null;
  seccomp_profile_path: string;
}

export interface LinuxPodSandboxConfig {
  cgroup_parent: string;
  security_context: LinuxSandboxSecurityContext | null;
  sysctls: StringMap;
  overhead: LinuxContainerResources | null;
  resources: LinuxContainerResources | null;
}

export interface PodSandboxConfig {
  /** Required by containerd: `sandbox config must include metadata`. */
  metadata: PodSandboxMetadata | null;
  hostname: string;
  /** Absolute directory; container log_path values are relative to it. */
  log_directory: string;
  dns_config: DNSConfig | null;
  port_mappings: PortMapping[];
  labels: StringMap;
  annotations: StringMap;
  linux: LinuxPodSandboxConfig | null;
}

export interface RunPodSandboxRequest {
  config: PodSandboxConfig | null;
  /** '' selects the runtime's default handler (runc). */
  runtime_handler: string;
}

export interface RunPodSandboxResponse {
  pod_sandbox_id: string;
}

export interface PodSandboxIdRequest {
  pod_sandbox_id: string;
}

export interface PodSandboxStatusRequest {
  pod_sandbox_id: string;
  verbose: boolean;
}

export interface PodIP {
  ip: string;
}

export interface PodSandboxNetworkStatus {
  /** The pod IP; '' for a host-network sandbox. */
  ip: string;
  additional_ips: PodIP[];
}

export interface LinuxPodSandboxStatus {
  namespaces: { options: NamespaceOption | null } | null;
}

export interface PodSandboxStatus {
  id: string;
  metadata: PodSandboxMetadata | null;
  state: PodSandboxState;
  /** Nanoseconds since the epoch. */
  created_at: Int64;
  network: PodSandboxNetworkStatus | null;
  linux: LinuxPodSandboxStatus | null;
  labels: StringMap;
  annotations: StringMap;
  runtime_handler: string;
}

export interface PodSandboxStatusResponse {
  status: PodSandboxStatus | null;
  /** Only with verbose: e.g. `info` holds JSON (pid, runtimeSpec, cniResult, ...). */
  info: StringMap;
}

export interface PodSandboxFilter {
  id: string;
  state: { state: PodSandboxState } | null;
  label_selector: StringMap;
}

export interface ListPodSandboxRequest {
  filter: PodSandboxFilter | null;
}

export interface PodSandbox {
  id: string;
  metadata: PodSandboxMetadata | null;
  state: PodSandboxState;
  created_at: Int64;
  labels: StringMap;
  annotations: StringMap;
  runtime_handler: string;
}

export interface ListPodSandboxResponse {
  items: PodSandbox[];
}
