/** Plugin interfaces for the framework's extension points, the profile shape and the registry of plugin factories. */
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { CycleState } from './cycle-state.js';
import type { NodeInfo, PodInfo } from './node-info.js';
import type { Status } from './status.js';

/** The highest score a plugin may give a node after normalization. */
export const MAX_NODE_SCORE = 100;
/** The lowest score a plugin may give a node after normalization. */
export const MIN_NODE_SCORE = 0;

/** Every plugin has a name (its registry key). Return values of `Status | undefined`: undefined means Success. */
export interface Plugin {
  readonly name: string;
}

/** Why a pod did not fit: every rejected node's status, plus messages from PreFilter/PostFilter. */
export interface Diagnosis {
  /** node name -> the status of the first plugin that rejected it. */
  nodeToStatus: Map<string, Status>;
  /** Plugins that rejected at least one node (or the pod in PreFilter). */
  unschedulablePlugins: Set<string>;
  /** Set when a PreFilter plugin rejected the pod outright; then nodeToStatus holds that one status for every node. */
  preFilterMsg?: string;
  /** Set by PostFilter (e.g. preemption's own summary). */
  postFilterMsg?: string;
}

/** Runs once per cycle before filtering; may compute state or reject the pod (Skip: its Filter is not called). */
export interface PreFilterPlugin extends Plugin {
  preFilter(state: CycleState, pod: Pod, nodes: readonly NodeInfo[]): Status | undefined;
  /**
   * PreFilterExtensions: keep what PreFilter computed true when a pod is added to or removed from a node in a
   * what-if run (nominated pods, preemption victims). Plugins whose PreFilter state does not depend on other pods omit them.
   */
  addPod?(state: CycleState, podToSchedule: Pod, podInfoToAdd: PodInfo, nodeInfo: NodeInfo): Status | undefined;
  removePod?(state: CycleState, podToSchedule: Pod, podInfoToRemove: PodInfo, nodeInfo: NodeInfo): Status | undefined;
}

/** Decides whether the pod can run on one node. Must not mutate nodeInfo. */
export interface FilterPlugin extends Plugin {
  filter(state: CycleState, pod: Pod, nodeInfo: NodeInfo): Status | undefined;
}

/** Result of a PostFilter plugin: a Success status may nominate a node (preemption). */
export interface PostFilterResult {
  status: Status | undefined;
  nominatedNodeName?: string;
}

/** Runs when no node fits (e.g. preemption, which writes to the API and so may be asynchronous). */
export interface PostFilterPlugin extends Plugin {
  postFilter(state: CycleState, pod: Pod, diagnosis: Diagnosis): PostFilterResult | Promise<PostFilterResult>;
}

/** Runs once before scoring, over the feasible nodes (Skip: its Score is not called). */
export interface PreScorePlugin extends Plugin {
  preScore(state: CycleState, pod: Pod, nodes: readonly NodeInfo[]): Status | undefined;
}

/** A node and its score. */
export interface NodeScore {
  name: string;
  score: number;
}

/** Ranks a feasible node; may throw (recorded as an Error status). */
export interface ScorePlugin extends Plugin {
  score(state: CycleState, pod: Pod, nodeInfo: NodeInfo): number;
  /** Rescales this plugin's raw scores into 0..MAX_NODE_SCORE in place. */
  normalizeScore?(state: CycleState, pod: Pod, scores: NodeScore[]): Status | undefined;
}

/** Reserve/Unreserve: claim and release per-node state once a node is chosen. Unreserve must be idempotent. */
export interface ReservePlugin extends Plugin {
  reserve(state: CycleState, pod: Pod, nodeName: string): Status | undefined;
  unreserve(state: CycleState, pod: Pod, nodeName: string): void;
}

/** Binds the pod to the node (Skip: let the next binder try). */
export interface BindPlugin extends Plugin {
  bind(state: CycleState, pod: Pod, nodeName: string): Promise<Status | undefined>;
}

/** A plugin named in a profile; weight only matters for Score (0 or absent means 1, as upstream). */
export interface PluginRef {
  name: string;
  weight?: number;
}

/** The plugins enabled at each extension point, in the order they run. */
export interface ProfilePlugins {
  preFilter?: PluginRef[];
  filter?: PluginRef[];
  postFilter?: PluginRef[];
  preScore?: PluginRef[];
  score?: PluginRef[];
  reserve?: PluginRef[];
  bind?: PluginRef[];
}

/** A scheduler profile (one entry of KubeSchedulerConfiguration.profiles). */
export interface Profile {
  schedulerName: string;
  plugins: ProfilePlugins;
  /** Per-plugin arguments, passed to the plugin's factory. */
  pluginConfig?: { name: string; args: unknown }[];
}

/** Pods nominated to nodes by preemption, whose room the filters keep free for them (kube-scheduler's PodNominator). */
export interface PodNominator {
  /** The pods nominated to run on the node, in nomination order. */
  nominatedPodsForNode(nodeName: string): readonly PodInfo[];
}

/**
 * What a plugin may use of the scheduler beyond its own args (kube-scheduler's framework.Handle): the cycle's node
 * snapshot, the framework's runners for what-if filtering, the nominator, and the API actions preemption takes.
 */
export interface FrameworkHandle {
  /** The NodeInfos of the current scheduling cycle's snapshot. */
  snapshot(): readonly NodeInfo[];
  /** The nominated pods (absent: none are considered). */
  readonly nominator?: PodNominator;
  /** The framework the plugin belongs to; set before any extension point runs. */
  readonly framework: FrameworkRunner;
  /** Preemption's writes; absent in handles without an API (then DefaultPreemption cannot preempt). */
  readonly preemption?: PreemptionActions;
}

/** The runners a plugin may call on its own framework. */
export interface FrameworkRunner {
  runFilterPluginsWithNominatedPods(state: CycleState, pod: Pod, nodeInfo: NodeInfo): Status | undefined;
  runPreFilterExtensionAddPod(state: CycleState, podToSchedule: Pod, podInfoToAdd: PodInfo, nodeInfo: NodeInfo): Status | undefined;
  runPreFilterExtensionRemovePod(state: CycleState, podToSchedule: Pod, podInfoToRemove: PodInfo, nodeInfo: NodeInfo): Status | undefined;
}

/** The API writes of a preemption, done by the scheduler for the plugin. */
export interface PreemptionActions {
  /** Marks the victim with a DisruptionTarget condition, deletes it and records a Preempted event. */
  preemptVictim(victim: Pod, preemptor: Pod, nodeName: string): Promise<void>;
  /** Clears status.nominatedNodeName of pods that no longer hold a nomination (and forgets them in the nominator). */
  clearNominatedNodeName(pods: readonly Pod[]): Promise<void>;
}

/** Builds a plugin from its args (undefined when the profile gives none) and the framework handle. */
export type PluginFactory = (args: unknown, handle: FrameworkHandle) => Plugin;

/** Plugin name -> factory. */
export type Registry = Record<string, PluginFactory>;
