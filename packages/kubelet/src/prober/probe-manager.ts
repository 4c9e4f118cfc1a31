/** ProbeManager: per-container liveness, readiness and startup workers for every pod the kubelet runs, and their published results. */
import { realClock, type Clock } from '@skiff/runtime';
import type { Container, Pod, Probe } from 'kubernetes-types/core/v1.js';
import type { ProbeResults } from '../pod/runtime-state.js';
import { PROBE_EVENT_REASONS, probeErroredMessage, probeFailedMessage, probeWarningMessage } from './events.js';
import { containerProbe } from './probe-spec.js';
import { ProbeWorker, type ProbeWorkerHost } from './probe-worker.js';
import { ProbeResultsStore } from './results-store.js';
import type { ProbeChangeHandler, ProbeEventSink, ProbeKind, ProbeResult, ProbeRunner, RunningContainer } from './types.js';

/** Upstream runs a probe up to 3 times when it errors (could not be run) before giving up on that tick. */
export const MAX_PROBE_RETRIES = 3;

const KINDS: readonly ProbeKind[] = ['startup', 'liveness', 'readiness'];

export interface ProbeManagerOptions {
  /** Runs one probe (newProbeRunner(cri) in the kubelet; a fake in tests). */
  runner: ProbeRunner;
  clock?: Clock;
  /** Called whenever a probe publishes a result that differs from the previous one (not for resets done by addPod/removePod). */
  onChange?: ProbeChangeHandler;
  /** Receives the prober's Warning events (Unhealthy, ProbeWarning). */
  onEvent?: ProbeEventSink;
}

interface PodEntry {
  pod: Pod;
  podIP: string;
  /** Running attempt per container name; absent = not running. */
  running: Map<string, RunningContainer>;
  /** Workers by `name/kind`. */
  workers: Map<string, ProbeWorker>;
}

/**
 * The kubelet's probe manager. The pod worker calls `addPod` whenever it learns a pod's running containers
 * (idempotent: it reconciles), `removePod` when the pod is gone, and reads `podResults(uid)` for ready/started.
 * A published liveness or startup Failure (through onChange) means: kill the container with
 * probeKillGracePeriodSeconds, emit Normal "Killing" with probeKillMessage, restart it — that is the pod worker's job.
 */
export class ProbeManager {
  private readonly clock: Clock;
  private readonly pods = new Map<string, PodEntry>();
  private readonly results = new ProbeResultsStore();
  private readonly host: ProbeWorkerHost;

  constructor(private readonly opts: ProbeManagerOptions) {
    this.clock = opts.clock ?? realClock;
    this.host = {
      clock: this.clock,
      runningContainer: (uid, name) => this.pods.get(uid)?.running.get(name),
      pod: (uid) => this.pods.get(uid)?.pod,
      result: (uid, name, kind) => this.results.get(uid, name, kind),
      probeOnce: (kind, probe, pod, container, running) => this.probeOnce(kind, probe, pod, container, running),
      publish: (uid, name, kind, result) => this.publish(uid, name, kind, result),
    };
  }

  /**
   * Starts workers for the pod's containers that have probes (once) and records which containers run now.
   * `running` maps container name to its running attempt; a container left out is not running (ready and started
   * become false). A new id for a container is a restart: its results start afresh (readiness false until the first
   * success, startup not started, liveness success) and a held worker probes again.
   * `podIP` (default status.podIP) is the host of httpGet/tcpSocket probes.
   */
  addPod(pod: Pod, running: ReadonlyMap<string, RunningContainer>, opts: { podIP?: string } = {}): void {
    const uid = pod.metadata?.uid ?? '';
    let entry = this.pods.get(uid);
    if (!entry) {
      entry = { pod, podIP: '', running: new Map(), workers: new Map() };
      this.pods.set(uid, entry);
    }
    entry.pod = pod;
    entry.podIP = opts.podIP ?? pod.status?.podIP ?? entry.podIP;
    for (const container of pod.spec?.containers ?? []) {
      const now = running.get(container.name);
      const before = entry.running.get(container.name);
      if (now) entry.running.set(container.name, now);
      else entry.running.delete(container.name);
      if (now && now.id !== before?.id) this.resetResults(uid, container, entry);
      if (!now) this.notRunningResults(uid, container);
      for (const kind of KINDS) {
        const probe = containerProbe(container, kind);
        const key = `${container.name}/${kind}`;
        if (!probe || entry.workers.has(key)) continue;
        const worker = new ProbeWorker(this.host, uid, container, kind, probe);
        entry.workers.set(key, worker);
        worker.start();
      }
    }
  }

  /** One container got a new attempt (or stopped, with `running` undefined); the rest of the pod is unchanged. */
  containerRestarted(podUid: string, containerName: string, running: RunningContainer | undefined): void {
    const entry = this.pods.get(podUid);
    if (!entry) return;
    const next = new Map(entry.running);
    if (running) next.set(containerName, running);
    else next.delete(containerName);
    this.addPod(entry.pod, next, { podIP: entry.podIP });
  }

  /** Stops the pod's workers and forgets its results. */
  removePod(podUid: string): void {
    const entry = this.pods.get(podUid);
    if (!entry) return;
    for (const w of entry.workers.values()) w.stop();
    this.pods.delete(podUid);
    this.results.delete(podUid);
  }

  /** Stops every worker (kubelet shutdown). */
  stop(): void {
    for (const uid of [...this.pods.keys()]) this.removePod(uid);
  }

  /** The pod's ready and started maps, in the shape the pod worker's status code reads. */
  podResults(podUid: string): ProbeResults {
    return this.results.podResults(podUid);
  }

  /** The published result of one probe (liveness included), if any. */
  result(podUid: string, containerName: string, kind: ProbeKind): ProbeResult | undefined {
    return this.results.get(podUid, containerName, kind);
  }

  /** How many workers run (for tests and metrics). */
  workerCount(): number {
    let n = 0;
    for (const e of this.pods.values()) n += e.workers.size;
    return n;
  }

  /** A new attempt: initial values as upstream sets them; probes without a spec count as passed. */
  private resetResults(uid: string, container: Container, entry: PodEntry): void {
    this.results.set(uid, container.name, 'readiness', container.readinessProbe ? 'Failure' : 'Success');
    this.results.set(uid, container.name, 'startup', container.startupProbe ? 'Unknown' : 'Success');
    this.results.set(uid, container.name, 'liveness', 'Success');
    const id = entry.running.get(container.name)?.id ?? '';
    for (const kind of KINDS) entry.workers.get(`${container.name}/${kind}`)?.reset(id);
  }

  private notRunningResults(uid: string, container: Container): void {
    this.results.set(uid, container.name, 'readiness', 'Failure');
    this.results.set(uid, container.name, 'startup', 'Failure');
  }

  private publish(uid: string, name: string, kind: ProbeKind, result: ProbeResult): void {
    if (!this.results.set(uid, name, kind, result)) return;
    if (kind === 'startup' && result === 'Success') this.pods.get(uid)?.workers.get(`${name}/readiness`)?.trigger();
    this.opts.onChange?.(uid, name, kind, result);
  }

  /** Runs the probe, retrying errors; records Unhealthy / ProbeWarning events as the kubelet does. */
  private async probeOnce(kind: ProbeKind, probe: Probe, pod: Pod, container: Container, running: RunningContainer): Promise<'Success' | 'Failure' | undefined> {
    const podIP = this.pods.get(pod.metadata?.uid ?? '')?.podIP ?? '';
    const event = (type: 'Normal' | 'Warning', reason: string, message: string): void => this.opts.onEvent?.(pod, container.name, type, reason, message);
    let lastError: unknown;
    for (let attempt = 0; attempt < MAX_PROBE_RETRIES; attempt++) {
      try {
        const outcome = await this.opts.runner(kind, probe, { pod, container, containerId: running.id, podIP });
        // the pod was removed or the container replaced while the probe ran: nothing to report
        if (this.pods.get(pod.metadata?.uid ?? '')?.running.get(container.name)?.id !== running.id) return undefined;
        if (outcome.result === 'Failure') {
          event('Warning', PROBE_EVENT_REASONS.unhealthy, probeFailedMessage(kind, outcome.output));
          return 'Failure';
        }
        if (outcome.result === 'Warning') event('Warning', PROBE_EVENT_REASONS.probeWarning, probeWarningMessage(kind, outcome.output));
        return 'Success';
      } catch (err) {
        lastError = err;
      }
    }
    event('Warning', PROBE_EVENT_REASONS.unhealthy, probeErroredMessage(kind, lastError instanceof Error ? lastError.message : String(lastError)));
    return undefined;
  }
}
