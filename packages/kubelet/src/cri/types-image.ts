/** CRI v1 image service messages, and the runtime-level ones (Version, Status, stats). */
import type { ContainerMetadata, ImageSpec, Int64, Int64Value, StringMap, UInt64Value } from './types-common.js';
import type { PodSandboxConfig } from './types-sandbox.js';

export interface Image {
  /** The image ID (config digest, `sha256:...`). */
  id: string;
  repo_tags: string[];
  repo_digests: string[];
  size: Int64;
  uid: Int64Value | null;
  username: string;
  spec: ImageSpec | null;
  pinned: boolean;
}

export interface ListImagesRequest {
  filter: { image: ImageSpec | null } | null;
}

export interface ListImagesResponse {
  images: Image[];
}

export interface ImageStatusRequest {
  image: ImageSpec | null;
  verbose: boolean;
}

export interface ImageStatusResponse {
  /** null when the image is not present (no error). */
  image: Image | null;
  info: StringMap;
}

export interface AuthConfig {
  username: string;
  password: string;
  auth: string;
  server_address: string;
  identity_token: string;
  registry_token: string;
}

export interface PullImageRequest {
  image: ImageSpec | null;
  auth: AuthConfig | null;
  sandbox_config: PodSandboxConfig | null;
}

export interface PullImageResponse {
  image_ref: string;
}

export interface RemoveImageRequest {
  image: ImageSpec | null;
}

export interface FilesystemUsage {
  timestamp: Int64;
  fs_id: { mountpoint: string } | null;
  used_bytes: UInt64Value | null;
  inodes_used: UInt64Value | null;
}

export interface ImageFsInfoResponse {
  image_filesystems: FilesystemUsage[];
}

export interface VersionResponse {
  version: string;
  runtime_name: string;
  runtime_version: string;
  runtime_api_version: string;
}

export interface RuntimeCondition {
  /** `RuntimeReady` or `NetworkReady`. */
  type: string;
  status: boolean;
  reason: string;
  message: string;
}

export interface StatusResponse {
  status: { conditions: RuntimeCondition[] } | null;
  /** Only with verbose: `config`, `cniconfig`, `lastCNILoadStatus` (JSON strings). */
  info: StringMap;
}

export interface CpuUsage {
  timestamp: Int64;
  usage_core_nano_seconds: UInt64Value | null;
  usage_nano_cores: UInt64Value | null;
}

export interface MemoryUsage {
  timestamp: Int64;
  working_set_bytes: UInt64Value | null;
  available_bytes: UInt64Value | null;
  usage_bytes: UInt64Value | null;
  rss_bytes: UInt64Value | null;
  page_faults: UInt64Value | null;
  major_page_faults: UInt64Value | null;
}

export interface ContainerStats {
  attributes: { id: string; metadata: ContainerMetadata | null; labels: StringMap; annotations: StringMap } | null;
  cpu: CpuUsage | null;
  memory: MemoryUsage | null;
  writable_layer: FilesystemUsage | null;
}

export interface ContainerStatsFilter {
  id: string;
  pod_sandbox_id: string;
  label_selector: StringMap;
}
