/** The node lifecycle controller (node health, condition taints, NoExecute taint eviction). */
export { nodeLifecycleController } from './node-lifecycle-controller.js';
export { tolerates, evictionVerdict, type EvictionVerdict } from './tolerations.js';
