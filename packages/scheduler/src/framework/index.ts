/** framework: kube-scheduler's plugin framework (statuses, cycle state, node infos, extension points, the runner). */
export { Code, Status, isSuccess, isSkip, isRejected } from './status.js';
export { CycleState, type StateData } from './cycle-state.js';
export {
  type Resource,
  type ResourceList,
  emptyResource,
  cloneResource,
  resourceFromList,
  addResource,
  maxResource,
  milliValue,
  intValue,
} from './resource.js';
export { podRequests, isSidecar, DEFAULT_MILLI_CPU_REQUEST, DEFAULT_MEMORY_REQUEST, type PodRequestsOptions } from './pod-requests.js';
export { HostPortInfo, podHostPorts, WILDCARD_IP } from './host-ports.js';
export { NodeInfo, podInfoOf, podKey, type PodInfo } from './node-info.js';
export {
  MAX_NODE_SCORE,
  MIN_NODE_SCORE,
  type Plugin,
  type Diagnosis,
  type PreFilterPlugin,
  type FilterPlugin,
  type PostFilterPlugin,
  type PostFilterResult,
  type PreScorePlugin,
  type ScorePlugin,
  type NodeScore,
  type ReservePlugin,
  type BindPlugin,
  type PluginRef,
  type ProfilePlugins,
  type Profile,
  type PluginFactory,
  type Registry,
  type PodNominator,
  type FrameworkHandle,
  type FrameworkRunner,
  type PreemptionActions,
} from './interface.js';
export {
  Framework,
  newDiagnosis,
  MIN_FEASIBLE_NODES_TO_FIND,
  MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND,
  type FrameworkOptions,
  type FitResult,
  type NodePluginScores,
  type PluginScore,
} from './framework.js';
export { defaultNormalizeScore } from './normalize-score.js';
export { failureMessage } from './failure-message.js';
export { podPriority } from './priority.js';
export { detachedHandle } from './detached-handle.js';
export { selectHost } from './select-host.js';
