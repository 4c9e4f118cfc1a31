/** The Deployment controller (kube-controller-manager's `deployment-controller`) and its rollout helpers. */
export { deploymentController } from './deployment-controller.js';
export { computePodTemplateHash, templatesEqualIgnoringHash, POD_TEMPLATE_HASH_LABEL } from './pod-template-hash.js';
export {
  REVISION_ANNOTATION,
  REVISION_HISTORY_ANNOTATION,
  DESIRED_REPLICAS_ANNOTATION,
  MAX_REPLICAS_ANNOTATION,
} from './revision-annotations.js';
export { maxSurge, maxUnavailable, resolveFenceposts } from './rollout-math.js';
