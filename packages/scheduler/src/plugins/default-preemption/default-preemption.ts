/** DefaultPreemption: when no node fits, evict the fewest lower-priority pods from the best node and nominate it. */
import type { Pod } from 'kubernetes-types/core/v1.js';
import {
  Code,
  Status,
  failureMessage,
  isSuccess,
  newDiagnosis,
  podPriority,
  type CycleState,
  type Diagnosis,
  type FrameworkHandle,
  type PostFilterPlugin,
  type PostFilterResult,
} from '../../framework/index.js';
import { pickOneNodeForPreemption, type Candidate } from './pick-node.js';
import { selectVictimsOnNode } from './select-victims.js';

/** The plugin's name, as kube-scheduler spells it. */
export const DEFAULT_PREEMPTION = 'DefaultPreemption';

/** Upstream's reason for nodes where removing pods cannot help (a taint, affinity, a node name, ...). */
export const ERR_REASON_NOT_HELPFUL = 'Preemption is not helpful for scheduling';
export const MSG_PREEMPTION_POLICY_NEVER = 'not eligible due to preemptionPolicy=Never.';
export const MSG_TERMINATING_ON_NOMINATED = 'not eligible due to a terminating pod on the nominated node.';

/** DefaultPreemptionArgs with upstream's defaults. */
export interface DefaultPreemptionArgs {
  /** Candidates to find, as a percentage of the nodes (default 10). */
  minCandidateNodesPercentage?: number;
  /** Candidates to find at least (default 100). */
  minCandidateNodesAbsolute?: number;
}

export const DEFAULT_MIN_CANDIDATE_NODES_PERCENTAGE = 10;
export const DEFAULT_MIN_CANDIDATE_NODES_ABSOLUTE = 100;

/** Options beyond the args. */
export interface DefaultPreemptionOptions {
  /** Picks where the candidate search starts, in [0, n); default random. */
  randomOffset?: (n: number) => number;
  /** Now in ms, for victims' start times; default Date.now. */
  now?: () => number;
}

/** Whether the pod is being deleted because the scheduler preempted it. */
function terminatingByPreemption(pod: Pod): boolean {
  if (!pod.metadata?.deletionTimestamp) return false;
  const c = pod.status?.conditions?.find((x) => x.type === 'DisruptionTarget');
  return c?.status === 'True' && c.reason === 'PreemptionByScheduler';
}

/** The DefaultPreemption PostFilter plugin. */
export class DefaultPreemption implements PostFilterPlugin {
  readonly name = DEFAULT_PREEMPTION;
  private readonly percentage: number;
  private readonly absolute: number;
  private readonly randomOffset: (n: number) => number;
  private readonly now: () => number;

  constructor(
    private readonly handle: FrameworkHandle,
    args: DefaultPreemptionArgs = {},
    options: DefaultPreemptionOptions = {},
  ) {
    this.percentage = args.minCandidateNodesPercentage ?? DEFAULT_MIN_CANDIDATE_NODES_PERCENTAGE;
    this.absolute = args.minCandidateNodesAbsolute ?? DEFAULT_MIN_CANDIDATE_NODES_ABSOLUTE;
    if (this.percentage < 0 || this.percentage > 100) throw new Error(`minCandidateNodesPercentage: must be in the range [0, 100], got ${this.percentage}`);
    if (this.absolute < 0) throw new Error(`minCandidateNodesAbsolute: must be non-negative, got ${this.absolute}`);
    if (this.percentage === 0 && this.absolute === 0) throw new Error('minCandidateNodesPercentage and minCandidateNodesAbsolute cannot both be zero');
    this.randomOffset = options.randomOffset ?? ((n) => Math.floor(Math.random() * n));
    this.now = options.now ?? Date.now;
  }

  async postFilter(state: CycleState, pod: Pod, diagnosis: Diagnosis): Promise<PostFilterResult> {
    const result = await this.preempt(state, pod, diagnosis);
    const msg = result.status?.message() ?? '';
    return msg ? { ...result, status: new Status(result.status!.code, [`preemption: ${msg}`]) } : result;
  }

  /** Eligibility, candidates by dry run, the best candidate, then the evictions. */
  private async preempt(state: CycleState, pod: Pod, diagnosis: Diagnosis): Promise<PostFilterResult> {
    const ineligible = this.ineligibility(pod, diagnosis);
    if (ineligible) return { status: Status.unschedulable(ineligible) };
    const { candidates, statuses } = this.findCandidates(state, pod, diagnosis);
    if (candidates.length === 0) {
      const fit: Diagnosis = { ...newDiagnosis(), nodeToStatus: statuses };
      // An empty nomination clears one the pod may hold from an earlier attempt.
      return { status: Status.unschedulable(failureMessage(fit, statuses.size)), nominatedNodeName: '' };
    }
    const best = pickOneNodeForPreemption(candidates, this.now());
    if (!best) return { status: Status.unschedulable('no candidate node for preemption') };
    const actions = this.handle.preemption;
    if (!actions) return { status: new Status(Code.Error, ['preemption needs an API to evict pods']) };
    try {
      await Promise.all(best.victims.map((victim) => actions.preemptVictim(victim, pod, best.nodeName)));
    } catch (err) {
      return { status: Status.error(err) };
    }
    // Lower-priority pods nominated to this node may no longer fit there: they look again.
    const priority = podPriority(pod);
    const displaced = (this.handle.nominator?.nominatedPodsForNode(best.nodeName) ?? []).map((p) => p.pod).filter((p) => podPriority(p) < priority);
    if (displaced.length > 0) await actions.clearNominatedNodeName(displaced);
    return { status: undefined, nominatedNodeName: best.nodeName };
  }

  /** Why the pod may not preempt now, or undefined when it may. */
  private ineligibility(pod: Pod, diagnosis: Diagnosis): string | undefined {
    if (pod.spec?.preemptionPolicy === 'Never') return MSG_PREEMPTION_POLICY_NEVER;
    const nominated = pod.status?.nominatedNodeName;
    if (!nominated) return undefined;
    // Nothing on the nominated node can make room any more: preempting elsewhere is worth trying.
    if (diagnosis.nodeToStatus.get(nominated)?.code === Code.UnschedulableAndUnresolvable) return undefined;
    const nodeInfo = this.handle.snapshot().find((n) => n.name === nominated);
    const priority = podPriority(pod);
    // Victims of an earlier preemption are still going away: wait for them rather than evicting more.
    if (nodeInfo?.pods.some((p) => podPriority(p.pod) < priority && terminatingByPreemption(p.pod))) return MSG_TERMINATING_ON_NOMINATED;
    return undefined;
  }

  /** How many candidates the dry run looks for. */
  private numCandidates(numNodes: number): number {
    return Math.min(numNodes, Math.max(Math.trunc((numNodes * this.percentage) / 100), this.absolute));
  }

  /** Dry runs over the nodes where removing pods could help, from a random start, until enough candidates are found. */
  private findCandidates(state: CycleState, pod: Pod, diagnosis: Diagnosis): { candidates: Candidate[]; statuses: Map<string, Status> } {
    const statuses = new Map<string, Status>();
    const potential = [];
    for (const nodeInfo of this.handle.snapshot()) {
      const status = diagnosis.nodeToStatus.get(nodeInfo.name);
      if (status?.code === Code.UnschedulableAndUnresolvable) statuses.set(nodeInfo.name, Status.unresolvable(ERR_REASON_NOT_HELPFUL));
      else potential.push(nodeInfo);
    }
    const candidates: Candidate[] = [];
    if (potential.length === 0) return { candidates, statuses };
    const want = this.numCandidates(potential.length);
    const offset = this.randomOffset(potential.length);
    const now = this.now();
    for (let i = 0; i < potential.length && candidates.length < want; i++) {
      const nodeInfo = potential[(offset + i) % potential.length]!;
      const selection = selectVictimsOnNode(this.handle.framework, state.clone(), pod, nodeInfo.clone(), now);
      if (isSuccess(selection.status)) candidates.push({ nodeName: nodeInfo.name, victims: selection.victims });
      else statuses.set(nodeInfo.name, selection.status!);
    }
    return { candidates, statuses };
  }
}
