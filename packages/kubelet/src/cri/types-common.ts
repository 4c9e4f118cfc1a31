/** CRI v1 message shapes shared by sandboxes, containers and images, as proto-loader decodes them (keepCase, longs and enums as strings). */

/** An int64/uint64 field: a decimal string, since nanosecond timestamps exceed 2^53. */
export type Int64 = `${bigint}`;

/**
 * What a request accepts for a message type T: every field optional (proto3 has no required
 * fields), recursively, and int64 fields as a decimal string or a number.
 */
export type CriInput<T> = T extends Int64
  ? Int64 | number
  : T extends Buffer
    ? Buffer
    : T extends readonly (infer U)[]
      ? CriInput<U>[]
      : T extends object
        ? { [K in keyof T]?: CriInput<NonNullable<T[K]>> }
        : T;

/** A string map (proto `map<string, string>`). */
export type StringMap = Record<string, string>;

export type Protocol = 'TCP' | 'UDP' | 'SCTP';
export type MountPropagation = 'PROPAGATION_PRIVATE' | 'PROPAGATION_HOST_TO_CONTAINER' | 'PROPAGATION_BIDIRECTIONAL';
export type NamespaceMode = 'POD' | 'CONTAINER' | 'NODE' | 'TARGET';
export type SecurityProfileType = 'RuntimeDefault' | 'Unconfined' | 'Localhost';

export interface DNSConfig {
  servers: string[];
  searches: string[];
  options: string[];
}

export interface PortMapping {
  protocol: Protocol;
  container_port: number;
  host_port: number;
  host_ip: string;
}

export interface Mount {
  container_path: string;
  host_path: string;
  readonly: boolean;
  selinux_relabel: boolean;
  propagation: MountPropagation;
}

export interface NamespaceOption {
  network: NamespaceMode;
  pid: NamespaceMode;
  ipc: NamespaceMode;
  target_id: string;
}

export interface Int64Value {
  value: Int64;
}

export interface UInt64Value {
  value: Int64;
}

export interface SELinuxOption {
  user: string;
  role: string;
  type: string;
  level: string;
}

export interface SecurityProfile {
  profile_type: SecurityProfileType;
  localhost_ref: string;
}

export interface ImageSpec {
  image: string;
  annotations: StringMap;
}

export interface KeyValue {
  key: string;
  value: string;
}

export interface HugepageLimit {
  page_size: string;
  limit: Int64;
}

export interface LinuxContainerResources {
  cpu_period: Int64;
  cpu_quota: Int64;
  cpu_shares: Int64;
  memory_limit_in_bytes: Int64;
  oom_score_adj: Int64;
  cpuset_cpus: string;
  cpuset_mems: string;
  hugepage_limits: HugepageLimit[];
  unified: StringMap;
  memory_swap_limit_in_bytes: Int64;
}

export interface ContainerResources {
  linux: LinuxContainerResources | null;
}

export interface PodSandboxMetadata {
  name: string;
  uid: string;
  namespace: string;
  attempt: number;
}

export interface ContainerMetadata {
  name: string;
  attempt: number;
}
