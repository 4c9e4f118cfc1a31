/** Turning a Pod into CRI configs: sandbox and container configs, environment, volumes on the node, mounts and /etc/hosts. */
export { podQOSClass, podCgroupParent, qosCgroupDir, type QOSClass } from './qos.js';
export {
  containerLinuxResources,
  milliCpuToShares,
  milliCpuToQuota,
  oomScoreAdj,
  CPU_PERIOD_US,
  MIN_CPU_SHARES,
  MAX_CPU_SHARES,
  MIN_CPU_QUOTA_US,
  GUARANTEED_OOM_SCORE_ADJ,
  BEST_EFFORT_OOM_SCORE_ADJ,
} from './resources.js';
export { expandVars } from './expansion.js';
export { ContainerConfigError, isContainerConfigError, type ContainerConfigErrorReason } from './config-error.js';
export { VolumeSetupError, isVolumeSetupError } from './volume-error.js';
export { podFieldValue, containerResourceValue, formatMap, type PodRuntimeFacts } from './field-ref.js';
export { resolveEnv, resolveEnvDetailed, isEnvVarName, type EnvSources, type EnvVar, type ResolvedEnv } from './env.js';
export { podDnsConfig, parseResolvConf, effectiveDnsPolicy, CLUSTER_DNS_OPTIONS, DEFAULT_RESOLV_CONF, type PodDnsOptions } from './dns.js';
export {
  podSandboxConfig,
  podHostnameAndDomain,
  podLogDirName,
  podNamespaceModes,
  podPortMappings,
  POD_NAME_LABEL,
  POD_NAMESPACE_LABEL,
  POD_UID_LABEL,
  CONFIG_SOURCE_ANNOTATION,
  type SandboxConfigOptions,
} from './sandbox-config.js';
export {
  containerConfig,
  buildContainerConfig,
  containerHash,
  containerSecurityContext,
  CONTAINER_NAME_LABEL,
  CONTAINER_HASH_ANNOTATION,
  CONTAINER_RESTART_COUNT_ANNOTATION,
  TERMINATION_MESSAGE_PATH_ANNOTATION,
  TERMINATION_MESSAGE_POLICY_ANNOTATION,
  TERMINATION_GRACE_PERIOD_ANNOTATION,
  type ContainerConfigOptions,
  type BuiltContainerConfig,
} from './container-config.js';
export { writeAtomic, DATA_DIR_NAME, type Payload, type PayloadFile } from './atomic-writer.js';
export { checkHostPathType } from './host-path.js';
export { volumePayload, DEFAULT_VOLUME_FILE_MODE, type VolumeSources } from './volume-payloads.js';
export { preparePodVolumes, refreshPodVolumes, teardownPodVolumes, volumeHostPath, volumePluginDir, isMemoryBackedVolume } from './volumes.js';
export { containerMounts, criPropagation, terminationMessageFile, DEFAULT_TERMINATION_MESSAGE_PATH, type ContainerMountOptions } from './mounts.js';
export { writeEtcHosts, etcHostsContent, ETC_HOSTS_FILE, type EtcHostsOptions } from './etc-hosts.js';
