/** Follows every pod watch event of a selector, so a test can check an invariant at every observed instant. */
import assert from 'node:assert/strict';
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { ApiObject, ResourceClient, ResourceRef, WatchStream } from '@skiff/client';

type PodObj = Pod & ApiObject;
const PODS: ResourceRef = { group: '', version: 'v1', resource: 'pods', namespaced: true };

/** Ready (and not being deleted). */
export function isPodReady(p: Pod): boolean {
  return !p.metadata?.deletionTimestamp && (p.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
}

/**
 * Lists, then watches from the list's revision, calling `check` with the pods that exist after each event (and once
 * for the list). A throw from `check` is kept and rethrown by stop(), which returns the number of events seen.
 */
export async function followPods(rest: ResourceClient, namespace: string, labelSelector: string, check: (pods: PodObj[]) => void): Promise<{ stop(): Promise<number> }> {
  const list = await rest.list<PodObj>(PODS, namespace, { labelSelector });
  const pods = new Map(list.items.map((p) => [p.metadata?.name ?? '', p]));
  check([...pods.values()]);
  const stream: WatchStream<PodObj> = await rest.watch<PodObj>(PODS, namespace, { labelSelector, resourceVersion: list.metadata.resourceVersion });
  let seen = 0;
  let failure: unknown;
  const done = (async () => {
    for await (const ev of stream) {
      if (ev.type === 'BOOKMARK') continue;
      assert.notEqual(ev.type, 'ERROR', 'pod watch failed');
      seen++;
      if (ev.type === 'DELETED') pods.delete(ev.object.metadata?.name ?? '');
      else pods.set(ev.object.metadata?.name ?? '', ev.object);
      try {
        check([...pods.values()]);
      } catch (err) {
        failure ??= err;
      }
    }
  })();
  return {
    async stop() {
      stream.stop();
      await done;
      if (failure) throw failure;
      return seen;
    },
  };
}
