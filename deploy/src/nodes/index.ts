/** Host networking of local nodes (`skiff up --nodes N`): a bridge, one netns + veth per node, static pod routes. */
export {
  planNodeNetwork,
  nodeNetnsPath,
  nodeAddressCidr,
  NETNS_RUN_DIR,
  NODE_INTERFACE,
  DEFAULT_PREFIX,
  DEFAULT_NODE_SUBNET,
  MAX_INTERFACE_NAME,
  type NodeNetwork,
  type NodeNetworkPlan,
  type PlanOptions,
} from './node-network-plan.js';
export { setUpNodeNetwork } from './set-up.js';
export { tearDownNodeNetwork } from './tear-down.js';
export { updatePodRoutes } from './pod-routes.js';
export { run, CommandError } from './run.js';
