/** Registers the kubelet's Node with the API server, or reconciles the existing one after a restart (labels, annotation), as the kubelet does. */
import type { ResourceClient } from '@skiff/client';
import { ANNOTATION_CONTROLLER_MANAGED_ATTACH_DETACH, LABEL_ARCH, LABEL_ARCH_BETA, LABEL_HOSTNAME, LABEL_OS, LABEL_OS_BETA, NODES, type NodeObject } from './node-object.js';

/** Labels re-registration keeps at the kubelet's values. */
const RECONCILED_LABELS = [LABEL_HOSTNAME, LABEL_OS, LABEL_ARCH, LABEL_OS_BETA, LABEL_ARCH_BETA];

/** The field manager the kubelet writes with. */
export const KUBELET_FIELD_MANAGER = 'kubelet';

export function reasonOf(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null && 'reason' in err ? String((err as { reason: unknown }).reason) : undefined;
}

/** The metadata patch that brings an existing Node's kubelet-owned labels and annotation in line; undefined when nothing differs. */
export function reconcilePatch(existing: NodeObject, wanted: NodeObject): { metadata: { labels?: Record<string, string>; annotations?: Record<string, string> } } | undefined {
  const labels: Record<string, string> = {};
  for (const key of RECONCILED_LABELS) {
    const want = wanted.metadata?.labels?.[key];
    if (want !== undefined && existing.metadata?.labels?.[key] !== want) labels[key] = want;
  }
  const annotations: Record<string, string> = {};
  const cmad = wanted.metadata?.annotations?.[ANNOTATION_CONTROLLER_MANAGED_ATTACH_DETACH];
  if (cmad !== undefined && existing.metadata?.annotations?.[ANNOTATION_CONTROLLER_MANAGED_ATTACH_DETACH] !== cmad) {
    annotations[ANNOTATION_CONTROLLER_MANAGED_ATTACH_DETACH] = cmad;
  }
  if (!Object.keys(labels).length && !Object.keys(annotations).length) return undefined;
  return { metadata: { ...(Object.keys(labels).length ? { labels } : {}), ...(Object.keys(annotations).length ? { annotations } : {}) } };
}

/**
 * Creates the Node; when it exists already (the kubelet restarted), reconciles its labels and
 * annotation and returns it, so one Node stays. Errors other than AlreadyExists propagate (the
 * caller retries).
 */
export async function registerNode(client: ResourceClient, node: NodeObject): Promise<{ node: NodeObject; created: boolean }> {
  try {
    return { node: await client.create<NodeObject>(NODES, undefined, node, { fieldManager: KUBELET_FIELD_MANAGER }), created: true };
  } catch (err) {
    if (reasonOf(err) !== 'AlreadyExists') throw err;
  }
  const existing = await client.get<NodeObject>(NODES, undefined, node.metadata!.name!);
  const patch = reconcilePatch(existing, node);
  if (!patch) return { node: existing, created: false };
  const patched = await client.patch<NodeObject>(NODES, undefined, node.metadata!.name!, 'strategic', patch, { fieldManager: KUBELET_FIELD_MANAGER });
  return { node: patched, created: false };
}
