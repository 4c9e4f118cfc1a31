/** @skiff/deploy — the launcher that brings a Skiff cluster up and down on one machine; `cli.ts` is the binary. */
export { parseCliArgs, UsageError, USAGE, DEFAULT_STATE_DIR, DEFAULT_API_PORT, type Command } from './args.js';
export { up, type UpOptions } from './up.js';
export { down, type DownOptions } from './down.js';
export { status, componentStatuses, type ComponentStatus } from './status.js';
export { readState, writeState, statePath, type ClusterState, type ProcessRecord } from './state-file.js';
export {
  buildKubeconfig,
  mergeEntries,
  removeEntries,
  kubeconfigPathForMerge,
  skiffEntries,
  CLUSTER_NAME,
  USER_NAME,
  CONTEXT_NAME,
  type Kubeconfig,
  type KubeconfigEntries,
} from './kubeconfig.js';
export { stopProcess, type StopOutcome } from './stop-process.js';
export { readProcessIdentity, isSameProcess, isAlive, type ProcessIdentity } from './process-identity.js';
export { waitForReady, isReady } from './readiness.js';
export { BIND_ADDRESS, apiServerArgs, apiServerMainPath } from './apiserver-process.js';
export { componentArgs, componentMainPath, componentHealthUrl, type ComponentLaunch } from './component-process.js';
export { CONTROL_PLANE, SCHEDULER, CONTROLLER_MANAGER, type ControlPlaneComponent, type ControlPlaneName } from './control-plane.js';
export { componentKubeconfig } from './kubeconfig.js';
export { consoleOutput, type Output } from './output.js';
