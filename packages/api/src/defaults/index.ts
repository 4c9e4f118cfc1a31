/** defaults: kube-apiserver's defaulting of built-in objects (SetDefaults_* for each kind). */
export { applyDefaults, type DefaultsOptions } from './apply-defaults.js';
export { defaultImagePullPolicy } from './image-pull-policy.js';
export { defaultNamespaceStatus, NAMESPACE_NAME_LABEL } from './core-objects.js';
export { DEFAULT_SERVICE_IP_FAMILIES, defaultServiceIPFamilies, type IPFamily } from './service.js';
