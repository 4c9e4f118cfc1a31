/** Plugin interfaces for the framework's extension points, the profile shape and the registry of plugin factories. */
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { CycleState } from './cycle-state.js';
import type { NodeInfo } from './node-info.js';
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

/** Runs when no node fits (e.g. preemption). */
export interface PostFilterPlugin extends Plugin {
  postFilter(state: CycleState, pod: Pod, diagnosis: Diagnosis): PostFilterResult;
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

/** Builds a plugin from its args (undefined when the profile gives none). */
export type PluginFactory = (args: unknown) => Plugin;

/** Plugin name -> factory. */
export type Registry = Record<string, PluginFactory>;
