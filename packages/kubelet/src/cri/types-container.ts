/** CRI v1 container messages (CreateContainer, Start/Stop/Remove, ListContainers, ContainerStatus, UpdateContainerResources, exec). */
import type {
  ContainerMetadata,
  ContainerResources,
  ImageSpec,
  Int64,
  Int64Value,
  KeyValue,
  LinuxContainerResources,
  Mount,
  NamespaceOption,
  SecurityProfile,
  SELinuxOption,
  StringMap,
} from './types-common.js';
import type { PodSandboxConfig } from './types-sandbox.js';

export type ContainerState = 'CONTAINER_CREATED' | 'CONTAINER_RUNNING' | 'CONTAINER_EXITED' | 'CONTAINER_UNKNOWN';

export interface Capability {
  add_capabilities: string[];
  drop_capabilities: string[];
  add_ambient_capabilities: string[];
}

export interface LinuxContainerSecurityContext {
  capabilities: Capability | null;
  privileged: boolean;
  namespace_options: NamespaceOption | null;
  selinux_options: SELinuxOption | null;
  run_as_user: Int64Value | null;
  run_as_group: Int64Value | null;
  run_as_username: string;
  readonly_rootfs: boolean;
  supplemental_groups: Int64[];
  no_new_privs: boolean;
  masked_paths: string[];
  readonly_paths: string[];
  seccomp: SecurityProfile | null;
  apparmor: SecurityProfile | null;
  apparmor_profile: string;
  seccomp_profile_path: string;
}

export interface LinuxContainerConfig {
  resources: LinuxContainerResources | null;
  security_context: LinuxContainerSecurityContext | null;
}

export interface Device {
  container_path: string;
  host_path: string;
  permissions: string;
}

export interface ContainerConfig {
  /** Required by containerd: `container config must include metadata`. */
  metadata: ContainerMetadata | null;
  image: ImageSpec | null;
  command: string[];
  args: string[];
  working_dir: string;
  envs: KeyValue[];
  mounts: Mount[];
  devices: Device[];
  labels: StringMap;
  annotations: StringMap;
  /** Relative to the sandbox's log_directory, e.g. `app/0.log`; '' = no log file. */
  log_path: string;
  stdin: boolean;
  stdin_once: boolean;
  tty: boolean;
  linux: LinuxContainerConfig | null;
}

export interface CreateContainerRequest {
  pod_sandbox_id: string;
  config: ContainerConfig | null;
  /** Must be set: containerd 1.6.20 crashes (nil pointer) without it. The client enforces this. */
  sandbox_config: PodSandboxConfig | null;
}

export interface CreateContainerResponse {
  container_id: string;
}

export interface ContainerIdRequest {
  container_id: string;
}

export interface StopContainerRequest {
  container_id: string;
  /** Seconds between SIGTERM and SIGKILL. */
  timeout: Int64;
}

export interface ContainerFilter {
  id: string;
  state: { state: ContainerState } | null;
  pod_sandbox_id: string;
  label_selector: StringMap;
}

export interface ListContainersRequest {
  filter: ContainerFilter | null;
}

export interface Container {
  id: string;
  pod_sandbox_id: string;
  metadata: ContainerMetadata | null;
  image: ImageSpec | null;
  image_ref: string;
  state: ContainerState;
  created_at: Int64;
  labels: StringMap;
  annotations: StringMap;
}

export interface ListContainersResponse {
  containers: Container[];
}

export interface ContainerStatusRequest {
  container_id: string;
  verbose: boolean;
}

export interface ContainerStatus {
  id: string;
  metadata: ContainerMetadata | null;
  state: ContainerState;
  /** Nanoseconds since the epoch ('0' when not yet reached). */
  created_at: Int64;
  started_at: Int64;
  finished_at: Int64;
  exit_code: number;
  image: ImageSpec | null;
  image_ref: string;
  /** e.g. `Completed` (exit 0), `Error`, `OOMKilled`. */
  reason: string;
  message: string;
  labels: StringMap;
  annotations: StringMap;
  mounts: Mount[];
  /** Absolute path of the log file. */
  log_path: string;
  resources: ContainerResources | null;
}

export interface ContainerStatusResponse {
  status: ContainerStatus | null;
  info: StringMap;
}

export interface UpdateContainerResourcesRequest {
  container_id: string;
  linux: LinuxContainerResources | null;
  annotations: StringMap;
}

export interface ExecSyncRequest {
  container_id: string;
  cmd: string[];
  /** Seconds; 0 = no timeout. */
  timeout: Int64;
}

export interface ExecSyncResponse {
  stdout: Buffer;
  stderr: Buffer;
  exit_code: number;
}

export interface ExecRequest {
  container_id: string;
  cmd: string[];
  tty: boolean;
  stdin: boolean;
  stdout: boolean;
  stderr: boolean;
}

/** The runtime's streaming server URL to upgrade to (Exec and PortForward). */
export interface StreamingUrlResponse {
  url: string;
}

export interface PortForwardRequest {
  pod_sandbox_id: string;
  port: number[];
}
