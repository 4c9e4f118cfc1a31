/** default-preemption: the DefaultPreemption PostFilter plugin. */
export {
  DefaultPreemption,
  DEFAULT_PREEMPTION,
  DEFAULT_MIN_CANDIDATE_NODES_ABSOLUTE,
  DEFAULT_MIN_CANDIDATE_NODES_PERCENTAGE,
  ERR_REASON_NOT_HELPFUL,
  MSG_PREEMPTION_POLICY_NEVER,
  MSG_TERMINATING_ON_NOMINATED,
  type DefaultPreemptionArgs,
  type DefaultPreemptionOptions,
} from './default-preemption.js';
export { selectVictimsOnNode, ERR_REASON_NO_VICTIMS, type VictimSelection } from './select-victims.js';
export { pickOneNodeForPreemption, type Candidate } from './pick-node.js';
export { moreImportantPod, podStartTime } from './importance.js';
