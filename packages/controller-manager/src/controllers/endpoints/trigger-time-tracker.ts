/**
 * Tracks, per service, the change times of the service and its pods as last synced, so a sync can report the earliest
 * change it is the first to reflect (the `endpoints.kubernetes.io/last-change-trigger-time` annotation).
 */
import type { Pod, Service } from 'kubernetes-types/core/v1.js';
import { podTriggerTime } from './pod-endpoints.js';

interface ServiceState {
  /** Pod name -> the trigger time seen at the last sync. */
  podTimes: Map<string, string>;
}

export class TriggerTimeTracker {
  private readonly services = new Map<string, ServiceState>();

  /**
   * The earliest trigger time among the pods whose trigger time is new since the last committed sync of `key` (and
   * the service's creation, the first time it is seen); undefined when nothing changed. `commit()` records the
   * current state: call it once the sync has written (or needed no write), so a failed write is reported again.
   */
  compute(key: string, svc: Service, pods: readonly Pod[]): { triggerTime: string | undefined; commit(): void } {
    const known = this.services.get(key);
    const podTimes = new Map<string, string>();
    let earliest: string | undefined;
    const consider = (t: string | undefined): void => {
      if (t && (earliest === undefined || Date.parse(t) < Date.parse(earliest))) earliest = t;
    };
    if (!known) consider(svc.metadata?.creationTimestamp);
    for (const pod of pods) {
      const name = pod.metadata?.name ?? '';
      const t = podTriggerTime(pod);
      if (!t) continue;
      podTimes.set(name, t);
      if (known?.podTimes.get(name) !== t) consider(t);
    }
    return { triggerTime: earliest, commit: () => void this.services.set(key, { podTimes }) };
  }

  /** Forgets a deleted service. */
  deleteService(key: string): void {
    this.services.delete(key);
  }
}
