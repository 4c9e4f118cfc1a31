/** Kubeconfig loading: files, $KUBECONFIG merging and context resolution, as client-go does it. */
export { KubeconfigError } from './kubeconfig-error.js';
export {
  parseKubeconfig,
  readKubeconfigFile,
  emptyKubeconfig,
  type KubeconfigDocument,
  type KubeconfigCluster,
  type KubeconfigUser,
  type KubeconfigContext,
} from './kubeconfig-file.js';
export { mergeKubeconfigs } from './merge-kubeconfigs.js';
export {
  loadKubeconfig,
  readMergedKubeconfig,
  resolveContext,
  kubeconfigPaths,
  DEFAULT_NAMESPACE,
  type Kubeconfig,
  type LoadKubeconfigOptions,
} from './load-kubeconfig.js';
