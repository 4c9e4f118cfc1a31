/** Merges kubeconfig files as client-go does for $KUBECONFIG: the first file to name an entry or set current-context wins. */
import { emptyKubeconfig, type KubeconfigDocument } from './kubeconfig-file.js';

/** `docs` in $KUBECONFIG order. Entries are taken whole, never field by field. */
export function mergeKubeconfigs(docs: readonly KubeconfigDocument[]): KubeconfigDocument {
  const merged = emptyKubeconfig();
  for (const doc of docs) {
    if (merged.currentContext === undefined && doc.currentContext) merged.currentContext = doc.currentContext;
    for (const [name, cluster] of doc.clusters) if (!merged.clusters.has(name)) merged.clusters.set(name, cluster);
    for (const [name, user] of doc.users) if (!merged.users.has(name)) merged.users.set(name, user);
    for (const [name, context] of doc.contexts) if (!merged.contexts.has(name)) merged.contexts.set(name, context);
  }
  return merged;
}
