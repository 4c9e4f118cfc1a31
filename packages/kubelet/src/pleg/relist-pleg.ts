/**
 * The pod lifecycle event generator: every second it lists the node's containers and sandboxes through CRI (two
 * calls, whatever the pod count) and names the pods whose containers or sandboxes appeared, changed state or went
 * away, so their sync runs at once instead of at the next periodic resync (the kubelet's "generic PLEG").
 */
import type { Clock } from '@skiff/runtime';
import type { Logger } from 'pino';
import type { CriClient } from '../cri/index.js';
import { POD_UID_LABEL } from '../podconfig/index.js';

/** How often the runtime is relisted; the kubelet's relist period. */
export const PLEG_RELIST_MS = 1_000;

/** What one relist saw: per container or sandbox id, its pod and state. */
type Snapshot = Map<string, { uid: string; state: string }>;

export interface RelistPlegOptions {
  cri: CriClient;
  clock: Clock;
  logger: Logger;
  /** Called once per relist for each pod with a change (by pod uid). */
  onPodChange: (podUid: string) => void;
  periodMs?: number;
}

/** Pods whose entries differ between two snapshots (added, removed, or in another state). */
export function changedPods(before: Snapshot, after: Snapshot): Set<string> {
  const changed = new Set<string>();
  for (const [id, now] of after) if (before.get(id)?.state !== now.state) changed.add(now.uid);
  for (const [id, was] of before) if (!after.has(id)) changed.add(was.uid);
  changed.delete('');
  return changed;
}

export class RelistPleg {
  private previous: Snapshot | undefined;

  constructor(private readonly opts: RelistPlegOptions) {}

  /** Relists until `signal` aborts; a failed relist (containerd restarting) is logged and retried next period. */
  async run(signal: AbortSignal): Promise<void> {
    const period = this.opts.periodMs ?? PLEG_RELIST_MS;
    while (!signal.aborted) {
      try {
        await this.relist();
      } catch (err) {
        this.opts.logger.debug({ err }, 'PLEG relist failed');
      }
      await this.opts.clock.sleep(period, signal).catch(() => undefined);
    }
  }

  /** One relist: the pods changed since the previous one are reported (nothing on the first, which only sets the baseline). */
  async relist(): Promise<void> {
    const [containers, sandboxes] = await Promise.all([this.opts.cri.listContainers(), this.opts.cri.listPodSandbox()]);
    const snapshot: Snapshot = new Map();
    for (const c of containers) snapshot.set(c.id, { uid: c.labels?.[POD_UID_LABEL] ?? '', state: c.state });
    for (const s of sandboxes) snapshot.set(s.id, { uid: s.labels?.[POD_UID_LABEL] ?? '', state: s.state });
    const before = this.previous;
    this.previous = snapshot;
    if (before) for (const uid of changedPods(before, snapshot)) this.opts.onPodChange(uid);
  }
}
