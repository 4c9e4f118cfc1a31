/** Deletes everything in a namespace, resource by resource, and reports what is still there. */
import { RESOURCES, StatusError, type ResourceInfo } from '@skiff/api';
import type { ApiObject, ResourceClient, ResourceRef } from '@skiff/client';
import type { DeletionReport } from './namespace-conditions.js';

/** The namespaced resources to empty. events.k8s.io Events are the core Events in another shape: deleting those covers both. */
export const NAMESPACED_RESOURCES: readonly ResourceInfo[] = RESOURCES.filter(
  (r) => r.namespaced && r.verbs.includes('list') && r.verbs.includes('delete') && !(r.group === 'events.k8s.io' && r.resource === 'events'),
);

/** What a pass did: the report for the conditions, and how long (seconds) the slowest graceful deletion may still take. */
export interface ContentPass {
  report: DeletionReport;
  estimateSeconds: number;
}

function groupResource(info: ResourceInfo): string {
  return `${info.resource}.${info.group}`;
}

function refOf(info: ResourceInfo): ResourceRef {
  return { group: info.group, version: info.version, resource: info.resource, namespaced: info.namespaced };
}

function isGoneOrChanged(err: unknown): boolean {
  return err instanceof StatusError && (err.reason === 'NotFound' || err.reason === 'Conflict');
}

/** Seconds until a gracefully deleted object's grace runs out (0 if not graceful). */
function graceLeftSeconds(obj: ApiObject, now: number): number {
  const meta = obj.metadata ?? {};
  if (!meta.deletionTimestamp || !meta.deletionGracePeriodSeconds) return 0;
  return Math.max(0, Math.ceil((Date.parse(meta.deletionTimestamp) - now) / 1000));
}

/**
 * One pass: every object of every namespaced resource is deleted (Background propagation, the uid as precondition),
 * then each resource is listed again to count what remains and which finalizers hold it.
 */
export async function deleteNamespaceContent(client: ResourceClient, namespace: string, now: () => number): Promise<ContentPass> {
  const report: DeletionReport = { contentErrors: [], remaining: new Map(), finalizers: new Map() };
  let estimateSeconds = 0;
  for (const info of NAMESPACED_RESOURCES) {
    const ref = refOf(info);
    try {
      const listed = await client.list(ref, namespace);
      for (const item of listed.items) {
        const meta = item.metadata ?? {};
        if (meta.deletionTimestamp) continue;
        try {
          await client.delete(ref, namespace, meta.name ?? '', { propagationPolicy: 'Background', ...(meta.uid ? { preconditions: { uid: meta.uid } } : {}) });
        } catch (err) {
          if (!isGoneOrChanged(err)) throw err;
        }
      }
      const after = await client.list(ref, namespace);
      if (after.items.length > 0) report.remaining.set(groupResource(info), after.items.length);
      for (const item of after.items) {
        estimateSeconds = Math.max(estimateSeconds, graceLeftSeconds(item, now()));
        for (const f of item.metadata?.finalizers ?? []) report.finalizers.set(f, (report.finalizers.get(f) ?? 0) + 1);
      }
    } catch (err) {
      report.contentErrors.push(`${groupResource(info)}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  return { report, estimateSeconds };
}
