/** Framework: one profile's plugins, instantiated from a registry, and the runners of every extension point. */
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { CycleState } from './cycle-state.js';
import {
  MAX_NODE_SCORE,
  MIN_NODE_SCORE,
  type BindPlugin,
  type Diagnosis,
  type FilterPlugin,
  type FrameworkHandle,
  type FrameworkRunner,
  type PodNominator,
  type NodeScore,
  type Plugin,
  type PostFilterPlugin,
  type PostFilterResult,
  type PreFilterPlugin,
  type PreScorePlugin,
  type Profile,
  type Registry,
  type ReservePlugin,
  type ScorePlugin,
} from './interface.js';
import type { NodeInfo, PodInfo } from './node-info.js';
import { podPriority } from './priority.js';
import { Code, Status, isRejected, isSkip, isSuccess } from './status.js';

/** Below this many nodes every node is filtered; kube-scheduler's minFeasibleNodesToFind. */
export const MIN_FEASIBLE_NODES_TO_FIND = 100;
/** The adaptive percentage never drops below this; kube-scheduler's minFeasibleNodesPercentageToFind. */
export const MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND = 5;

/** One score plugin's weighted score for a node. */
export interface PluginScore {
  plugin: string;
  score: number;
}

/** A node's weighted scores per plugin and their sum. */
export interface NodePluginScores {
  name: string;
  scores: PluginScore[];
  totalScore: number;
}

/** What findNodesThatFit found. `status` is set (Error) when a plugin failed internally; the cycle should then abort. */
export interface FitResult {
  feasible: NodeInfo[];
  diagnosis: Diagnosis;
  status?: Status;
}

/** Options of a Framework. */
export interface FrameworkOptions {
  /** Percentage of nodes to find feasible before stopping (0: kube-scheduler's adaptive default, 50% - nodes/125, at least 5%). */
  percentageOfNodesToScore?: number;
  /** The cycle's snapshot for plugins that look beyond the nodes they are given (preemption); default: none. */
  snapshot?: () => readonly NodeInfo[];
  /** Nominated pods whose room filtering keeps free; default: none. */
  nominator?: PodNominator;
  /** Preemption's API writes; default: none (DefaultPreemption then cannot preempt). */
  preemption?: FrameworkHandle['preemption'];
}

/** An empty diagnosis. */
export function newDiagnosis(): Diagnosis {
  return { nodeToStatus: new Map(), unschedulablePlugins: new Set() };
}

/** Runs a plugin call, turning a throw into an Error status named after the plugin. */
function guarded(plugin: Plugin, call: () => Status | undefined): Status | undefined {
  try {
    const status = call();
    return status && !isSuccess(status) ? status.withPlugin(plugin.name) : status;
  } catch (err) {
    return Status.error(err, plugin.name);
  }
}

/** Instantiates a profile's plugins and runs them. Each named plugin is built once and shared by its extension points. */
export class Framework implements FrameworkRunner {
  readonly profileName: string;
  readonly preFilterPlugins: PreFilterPlugin[];
  readonly filterPlugins: FilterPlugin[];
  readonly postFilterPlugins: PostFilterPlugin[];
  readonly preScorePlugins: PreScorePlugin[];
  readonly scorePlugins: { plugin: ScorePlugin; weight: number }[];
  readonly reservePlugins: ReservePlugin[];
  readonly bindPlugins: BindPlugin[];
  private readonly percentageOfNodesToScore: number;
  private readonly nominator: PodNominator | undefined;
  private nextStartNodeIndex = 0;

  constructor(profile: Profile, registry: Registry, options: FrameworkOptions = {}) {
    this.profileName = profile.schedulerName;
    this.percentageOfNodesToScore = options.percentageOfNodesToScore ?? 0;
    this.nominator = options.nominator;
    const handle: FrameworkHandle = {
      snapshot: options.snapshot ?? (() => []),
      framework: this,
      ...(options.nominator ? { nominator: options.nominator } : {}),
      ...(options.preemption ? { preemption: options.preemption } : {}),
    };
    const instances = new Map<string, Plugin>();
    const args = new Map((profile.pluginConfig ?? []).map((c) => [c.name, c.args]));
    const instance = (name: string, method: string): Plugin => {
      let plugin = instances.get(name);
      if (!plugin) {
        const factory = registry[name];
        if (!factory) throw new Error(`plugin "${name}" does not exist`);
        plugin = factory(args.get(name), handle);
        instances.set(name, plugin);
      }
      if (typeof (plugin as unknown as Record<string, unknown>)[method] !== 'function') {
        throw new Error(`plugin "${name}" does not extend ${method} plugin`);
      }
      return plugin;
    };
    const p = profile.plugins;
    this.preFilterPlugins = (p.preFilter ?? []).map((r) => instance(r.name, 'preFilter') as PreFilterPlugin);
    this.filterPlugins = (p.filter ?? []).map((r) => instance(r.name, 'filter') as FilterPlugin);
    this.postFilterPlugins = (p.postFilter ?? []).map((r) => instance(r.name, 'postFilter') as PostFilterPlugin);
    this.preScorePlugins = (p.preScore ?? []).map((r) => instance(r.name, 'preScore') as PreScorePlugin);
    this.scorePlugins = (p.score ?? []).map((r) => ({ plugin: instance(r.name, 'score') as ScorePlugin, weight: r.weight || 1 }));
    this.reservePlugins = (p.reserve ?? []).map((r) => instance(r.name, 'reserve') as ReservePlugin);
    this.bindPlugins = (p.bind ?? []).map((r) => instance(r.name, 'bind') as BindPlugin);
  }

  /** PreFilter: stops at the first rejection or error; Skip marks the plugin's Filter as skipped. */
  runPreFilterPlugins(state: CycleState, pod: Pod, nodes: readonly NodeInfo[]): Status | undefined {
    for (const plugin of this.preFilterPlugins) {
      const status = guarded(plugin, () => plugin.preFilter(state, pod, nodes));
      if (isSkip(status)) {
        state.skipFilterPlugins.add(plugin.name);
      } else if (!isSuccess(status)) {
        return status;
      }
    }
    return undefined;
  }

  /** Filter for one node: the first non-success status wins; an Error stays an Error, a rejection carries the plugin name. */
  runFilterPlugins(state: CycleState, pod: Pod, nodeInfo: NodeInfo): Status | undefined {
    for (const plugin of this.filterPlugins) {
      if (state.skipFilterPlugins.has(plugin.name)) continue;
      const status = guarded(plugin, () => plugin.filter(state, pod, nodeInfo));
      if (isSuccess(status)) continue;
      if (!isRejected(status)) return new Status(Code.Error, [`running "${plugin.name}" filter plugin: ${status!.message()}`], plugin.name, status!.cause);
      return status;
    }
    return undefined;
  }

  /** PreFilterExtensions.addPod of every plugin whose Filter runs this cycle: the pod was added to nodeInfo in a what-if run. */
  runPreFilterExtensionAddPod(state: CycleState, podToSchedule: Pod, podInfoToAdd: PodInfo, nodeInfo: NodeInfo): Status | undefined {
    return this.runPreFilterExtension('addPod', 'AddPod', state, podToSchedule, podInfoToAdd, nodeInfo);
  }

  /** PreFilterExtensions.removePod of every plugin whose Filter runs this cycle: the pod left nodeInfo in a what-if run. */
  runPreFilterExtensionRemovePod(state: CycleState, podToSchedule: Pod, podInfoToRemove: PodInfo, nodeInfo: NodeInfo): Status | undefined {
    return this.runPreFilterExtension('removePod', 'RemovePod', state, podToSchedule, podInfoToRemove, nodeInfo);
  }

  private runPreFilterExtension(method: 'addPod' | 'removePod', label: string, state: CycleState, pod: Pod, info: PodInfo, nodeInfo: NodeInfo): Status | undefined {
    for (const plugin of this.preFilterPlugins) {
      const extension = plugin[method];
      if (!extension || state.skipFilterPlugins.has(plugin.name)) continue;
      const status = guarded(plugin, () => extension.call(plugin, state, pod, info, nodeInfo));
      if (!isSuccess(status)) return new Status(Code.Error, [`running ${label} on PreFilter plugin "${plugin.name}": ${status!.message()}`], plugin.name, status!.cause);
    }
    return undefined;
  }

  /**
   * Filter for one node, honouring nominations as kube-scheduler does: when pods of equal or higher priority are
   * nominated to the node, the pod must fit both with them (their room is reserved) and without them (they may land
   * elsewhere, and pod affinity to them must not be what makes it fit).
   */
  runFilterPluginsWithNominatedPods(state: CycleState, pod: Pod, nodeInfo: NodeInfo): Status | undefined {
    const withNominated = this.addNominatedPods(state, pod, nodeInfo);
    if (withNominated) {
      const status = this.runFilterPlugins(withNominated.state, pod, withNominated.nodeInfo);
      if (!isSuccess(status)) return status;
    }
    return this.runFilterPlugins(state, pod, nodeInfo);
  }

  /** Copies of the state and node with the node's nominated pods of at least the pod's priority added; undefined when there are none. */
  private addNominatedPods(state: CycleState, pod: Pod, nodeInfo: NodeInfo): { state: CycleState; nodeInfo: NodeInfo } | undefined {
    const nominated = this.nominator?.nominatedPodsForNode(nodeInfo.name);
    if (!nominated || nominated.length === 0) return undefined;
    const priority = podPriority(pod);
    const uid = pod.metadata?.uid;
    let out: { state: CycleState; nodeInfo: NodeInfo } | undefined;
    for (const info of nominated) {
      if (podPriority(info.pod) < priority || (uid !== undefined && info.pod.metadata?.uid === uid)) continue;
      out ??= { state: state.clone(), nodeInfo: nodeInfo.clone() };
      out.nodeInfo.addPodInfo(info);
      const status = this.runPreFilterExtensionAddPod(out.state, pod, info, out.nodeInfo);
      if (!isSuccess(status)) throw new Error(status!.message());
    }
    return out;
  }

  /** How many feasible nodes to look for before stopping, as kube-scheduler's numFeasibleNodesToFind. */
  numFeasibleNodesToFind(numAllNodes: number): number {
    if (numAllNodes < MIN_FEASIBLE_NODES_TO_FIND) return numAllNodes;
    let percentage = this.percentageOfNodesToScore;
    if (percentage <= 0) {
      percentage = 50 - Math.trunc(numAllNodes / 125);
      if (percentage < MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND) percentage = MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND;
    }
    const n = Math.trunc((numAllNodes * Math.min(percentage, 100)) / 100);
    return Math.max(n, MIN_FEASIBLE_NODES_TO_FIND);
  }

  /**
   * PreFilter then Filter over the nodes (starting where the last search stopped, so load spreads), until enough
   * feasible nodes are found. Rejected nodes land in the diagnosis with the status of the plugin that rejected them.
   */
  findNodesThatFit(state: CycleState, pod: Pod, nodes: readonly NodeInfo[]): FitResult {
    const diagnosis = newDiagnosis();
    const pre = this.runPreFilterPlugins(state, pod, nodes);
    if (pre !== undefined && !isSuccess(pre)) {
      if (!isRejected(pre)) return { feasible: [], diagnosis, status: pre };
      for (const n of nodes) diagnosis.nodeToStatus.set(n.name, pre);
      diagnosis.preFilterMsg = pre.message();
      if (pre.plugin) diagnosis.unschedulablePlugins.add(pre.plugin);
      return { feasible: [], diagnosis };
    }
    const feasible: NodeInfo[] = [];
    const want = this.numFeasibleNodesToFind(nodes.length);
    let checked = 0;
    for (; checked < nodes.length && feasible.length < want; checked++) {
      const nodeInfo = nodes[(this.nextStartNodeIndex + checked) % nodes.length]!;
      const status = this.runFilterPluginsWithNominatedPods(state, pod, nodeInfo);
      if (isSuccess(status)) {
        feasible.push(nodeInfo);
      } else if (status!.code === Code.Error) {
        return { feasible: [], diagnosis, status };
      } else {
        diagnosis.nodeToStatus.set(nodeInfo.name, status!);
        if (status!.plugin) diagnosis.unschedulablePlugins.add(status!.plugin);
      }
    }
    if (nodes.length > 0) this.nextStartNodeIndex = (this.nextStartNodeIndex + checked) % nodes.length;
    return { feasible, diagnosis };
  }

  /** PostFilter: the first plugin that does not reject decides (e.g. preemption nominating a node). */
  async runPostFilterPlugins(state: CycleState, pod: Pod, diagnosis: Diagnosis): Promise<PostFilterResult> {
    let last: PostFilterResult = { status: Status.unschedulable() };
    for (const plugin of this.postFilterPlugins) {
      let result: PostFilterResult;
      try {
        result = await plugin.postFilter(state, pod, diagnosis);
      } catch (err) {
        return { status: Status.error(err, plugin.name) };
      }
      if (isSuccess(result.status)) return result;
      if (!isRejected(result.status)) return { ...result, status: result.status!.withPlugin(plugin.name) };
      last = { ...result, status: result.status!.withPlugin(plugin.name) };
    }
    return last;
  }

  /** PreScore: Skip marks the plugin's Score as skipped; any other non-success is an error. */
  runPreScorePlugins(state: CycleState, pod: Pod, nodes: readonly NodeInfo[]): Status | undefined {
    for (const plugin of this.preScorePlugins) {
      const status = guarded(plugin, () => plugin.preScore(state, pod, nodes));
      if (isSkip(status)) state.skipScorePlugins.add(plugin.name);
      else if (!isSuccess(status)) return new Status(Code.Error, [`running PreScore plugin "${plugin.name}": ${status!.message()}`], plugin.name, status!.cause);
    }
    return undefined;
  }

  /** Score every node with every (non-skipped) score plugin, normalize each plugin's scores, weight them and sum per node. */
  runScorePlugins(state: CycleState, pod: Pod, nodes: readonly NodeInfo[]): { scores: NodePluginScores[]; status?: Status } {
    const result: NodePluginScores[] = nodes.map((n) => ({ name: n.name, scores: [], totalScore: 0 }));
    const active = this.scorePlugins.filter((s) => !state.skipScorePlugins.has(s.plugin.name));
    for (const { plugin, weight } of active) {
      const scores: NodeScore[] = [];
      try {
        for (const n of nodes) scores.push({ name: n.name, score: plugin.score(state, pod, n) });
      } catch (err) {
        return { scores: [], status: Status.error(err, plugin.name) };
      }
      if (plugin.normalizeScore) {
        const status = guarded(plugin, () => plugin.normalizeScore!(state, pod, scores));
        if (!isSuccess(status)) return { scores: [], status };
      }
      for (let i = 0; i < scores.length; i++) {
        const s = scores[i]!.score;
        if (s > MAX_NODE_SCORE || s < MIN_NODE_SCORE) {
          const msg = `plugin "${plugin.name}" returns an invalid score ${s}, it should in the range of [${MIN_NODE_SCORE}, ${MAX_NODE_SCORE}] after normalizing`;
          return { scores: [], status: new Status(Code.Error, [msg], plugin.name) };
        }
        result[i]!.scores.push({ plugin: plugin.name, score: s * weight });
        result[i]!.totalScore += s * weight;
      }
    }
    return { scores: result };
  }

  /** PreScore then Score. */
  prioritizeNodes(state: CycleState, pod: Pod, nodes: readonly NodeInfo[]): { scores: NodePluginScores[]; status?: Status } {
    const pre = this.runPreScorePlugins(state, pod, nodes);
    if (pre) return { scores: [], status: pre };
    return this.runScorePlugins(state, pod, nodes);
  }

  /** Reserve in order; on the first failure the caller must run runReservePluginsUnreserve. */
  runReservePluginsReserve(state: CycleState, pod: Pod, nodeName: string): Status | undefined {
    for (const plugin of this.reservePlugins) {
      const status = guarded(plugin, () => plugin.reserve(state, pod, nodeName));
      if (!isSuccess(status)) return status;
    }
    return undefined;
  }

  /** Unreserve in reverse order; never fails (errors are swallowed, as Unreserve must be best-effort). */
  runReservePluginsUnreserve(state: CycleState, pod: Pod, nodeName: string): void {
    for (const plugin of [...this.reservePlugins].reverse()) {
      try {
        plugin.unreserve(state, pod, nodeName);
      } catch {
        // Unreserve is best-effort by contract; the assumed pod is forgotten by the caller anyway.
      }
    }
  }

  /** Bind: the first plugin that does not Skip decides; all skipping is an error. */
  async runBindPlugins(state: CycleState, pod: Pod, nodeName: string): Promise<Status | undefined> {
    for (const plugin of this.bindPlugins) {
      let status: Status | undefined;
      try {
        status = await plugin.bind(state, pod, nodeName);
      } catch (err) {
        return Status.error(err, plugin.name);
      }
      if (isSkip(status)) continue;
      return isSuccess(status) ? undefined : status!.withPlugin(plugin.name);
    }
    return new Status(Code.Error, ['all bind plugins were skipped']);
  }
}
