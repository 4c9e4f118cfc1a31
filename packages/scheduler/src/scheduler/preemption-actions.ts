/** Preemption's API writes: the victim's DisruptionTarget condition, its deletion and event; clearing stale nominations. */
import type { ObjectReference, Pod, PodCondition } from 'kubernetes-types/core/v1.js';
import { StatusError } from '@skiff/api';
import type { ResourceClient } from '@skiff/client';
import type { Clock, EventRecorder } from '@skiff/runtime';
import type { PreemptionActions } from '../framework/index.js';
import type { Nominator } from '../queue/index.js';
import { PODS } from './resources.js';

/** The condition kube-scheduler puts on a pod it preempts. */
export const DISRUPTION_TARGET = 'DisruptionTarget';
export const REASON_PREEMPTION_BY_SCHEDULER = 'PreemptionByScheduler';

/** The event's involvedObject (informer objects may lack kind, which the recorder needs). */
export function podReference(pod: Pod): ObjectReference {
  const m = pod.metadata ?? {};
  return { kind: 'Pod', apiVersion: 'v1', name: m.name ?? '', namespace: m.namespace ?? 'default', ...(m.uid ? { uid: m.uid } : {}), ...(m.resourceVersion ? { resourceVersion: m.resourceVersion } : {}) };
}

/** RFC 3339 to the second, as Kubernetes writes condition times. */
export function rfc3339(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function isNotFound(err: unknown): boolean {
  return err instanceof StatusError && err.reason === 'NotFound';
}

export interface PreemptionActionsDeps {
  client: ResourceClient;
  recorder: EventRecorder;
  nominator: Nominator;
  clock: Clock;
}

/** The scheduler's PreemptionActions over the API. A victim already gone counts as evicted. */
export function preemptionActions(deps: PreemptionActionsDeps): PreemptionActions {
  const { client, recorder, nominator, clock } = deps;
  return {
    async preemptVictim(victim, preemptor, nodeName) {
      const ns = victim.metadata?.namespace ?? 'default';
      const name = victim.metadata?.name ?? '';
      const condition: PodCondition = {
        type: DISRUPTION_TARGET,
        status: 'True',
        reason: REASON_PREEMPTION_BY_SCHEDULER,
        message: `${preemptor.spec?.schedulerName || 'default-scheduler'}: preempting to accommodate a higher priority pod`,
        lastTransitionTime: rfc3339(clock.now()),
      };
      try {
        await client.patch(PODS, ns, name, 'strategic', { status: { conditions: [condition] } }, { subresource: 'status' });
        await client.delete(PODS, ns, name, victim.metadata?.uid ? { preconditions: { uid: victim.metadata.uid } } : {});
      } catch (err) {
        if (isNotFound(err)) return;
        throw err;
      }
      recorder.event(podReference(victim), 'Normal', 'Preempted', `Preempted by pod ${preemptor.metadata?.uid ?? ''} on node ${nodeName}`);
    },
    async clearNominatedNodeName(pods) {
      await Promise.all(
        pods.map(async (pod) => {
          nominator.delete(pod);
          if (!pod.status?.nominatedNodeName) return;
          try {
            await client.patch(PODS, pod.metadata?.namespace ?? 'default', pod.metadata?.name ?? '', 'merge', { status: { nominatedNodeName: null } }, { subresource: 'status' });
          } catch (err) {
            if (!isNotFound(err)) throw err;
          }
        }),
      );
    },
  };
}
