/** The results manager: the newest published probe result per pod, container and kind, read by the pod worker as ProbeResults. */
import type { ProbeResults } from '../pod/runtime-state.js';
import type { ProbeKind, ProbeResult } from './types.js';

type PerContainer = Map<string, Partial<Record<ProbeKind, ProbeResult>>>;

/** Holds results; `set` tells whether the value changed. One writer (the ProbeManager), any number of readers. */
export class ProbeResultsStore {
  private readonly pods = new Map<string, PerContainer>();

  get(podUid: string, containerName: string, kind: ProbeKind): ProbeResult | undefined {
    return this.pods.get(podUid)?.get(containerName)?.[kind];
  }

  /** Stores a result; true when it differs from the previous one. */
  set(podUid: string, containerName: string, kind: ProbeKind, result: ProbeResult): boolean {
    let pod = this.pods.get(podUid);
    if (!pod) this.pods.set(podUid, (pod = new Map()));
    let c = pod.get(containerName);
    if (!c) pod.set(containerName, (c = {}));
    const changed = c[kind] !== result;
    c[kind] = result;
    return changed;
  }

  /** Forgets one container's results (the worker set them up afresh) or a whole pod's. */
  delete(podUid: string, containerName?: string): void {
    if (containerName === undefined) this.pods.delete(podUid);
    else this.pods.get(podUid)?.delete(containerName);
  }

  /** A snapshot in the shared ProbeResults shape: ready = readiness Success, started = startup Success. */
  podResults(podUid: string): ProbeResults {
    const ready = new Map<string, boolean>();
    const started = new Map<string, boolean>();
    for (const [name, r] of this.pods.get(podUid) ?? []) {
      if (r.readiness !== undefined) ready.set(name, r.readiness === 'Success');
      if (r.startup !== undefined) started.set(name, r.startup === 'Success');
    }
    return { ready, started };
  }
}
