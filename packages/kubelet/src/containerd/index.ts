/** A node's containerd: its config, start and stop by PID, its CNI config, and a teardown that leaves nothing behind. */
export { containerdPaths, CRI_NAMESPACE, type ContainerdPaths } from './paths.js';
export { containerdConfig, CNI_BIN_DIR, type ContainerdConfigOptions } from './config.js';
export { writeCniConfig, cniConflist, CNI_CONFLIST_NAME, type CniNetworkOptions } from './cni-config.js';
export { startContainerd, runningContainerdPid, CONTAINERD_START_TIMEOUT_MS, type StartContainerdOptions, type RunningContainerd } from './start.js';
export { stopContainerd, CONTAINERD_STOP_GRACE_MS, type StopContainerdOptions, type StopContainerdResult } from './stop.js';
export { cleanupNodeRuntime, CNI_RESULTS_DIR, type CleanupNodeRuntimeOptions, type CleanupReport } from './cleanup.js';
export { mountsUnder, unmountAllUnder } from './mounts.js';
