/** One probe of one container: ticks every periodSeconds, applies the delay, gating and thresholds, and publishes results (upstream prober/worker). */
import type { Clock, TimerHandle } from '@skiff/runtime';
import type { Container, Pod, Probe } from 'kubernetes-types/core/v1.js';
import { probeTiming, type ProbeTiming } from './probe-spec.js';
import type { ProbeKind, ProbeResult, RunningContainer } from './types.js';

/** What a worker needs from its manager. */
export interface ProbeWorkerHost {
  readonly clock: Clock;
  /** The running attempt of the container, or undefined when it is not running. */
  runningContainer(podUid: string, containerName: string): RunningContainer | undefined;
  /** The pod object as last given to the manager. */
  pod(podUid: string): Pod | undefined;
  /** Published result of another probe of the same container (for startup gating). */
  result(podUid: string, containerName: string, kind: ProbeKind): ProbeResult | undefined;
  /** Runs the probe once (with retries on errors) and records events; undefined when it could not be run. */
  probeOnce(kind: ProbeKind, probe: Probe, pod: Pod, container: Container, running: RunningContainer): Promise<'Success' | 'Failure' | undefined>;
  /** Publishes a result that reached its threshold. */
  publish(podUid: string, containerName: string, kind: ProbeKind, result: ProbeResult): void;
}

export class ProbeWorker {
  readonly timing: ProbeTiming;
  private timer: TimerHandle | undefined;
  private nextDue = 0;
  private stopped = false;
  private inFlight = false;
  private rerun = false;
  /** The attempt the counters belong to. */
  private containerId = '';
  /** Last raw result and how many times in a row it came (upstream lastResult/resultRun). */
  private lastResult: 'Success' | 'Failure' | undefined;
  private resultRun = 0;
  /** Set after a liveness/startup failure was published: no probing until the container restarts (new id). */
  private onHold = false;

  constructor(
    private readonly host: ProbeWorkerHost,
    readonly podUid: string,
    readonly container: Container,
    readonly kind: ProbeKind,
    readonly probe: Probe,
  ) {
    this.timing = probeTiming(probe);
  }

  /** Probes at once, then every periodSeconds. */
  start(): void {
    this.nextDue = this.host.clock.now();
    this.schedule();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer !== undefined) this.host.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Probes now instead of waiting for the next tick (readiness right after startup succeeds, as upstream does). */
  trigger(): void {
    if (this.stopped) return;
    if (this.inFlight) this.rerun = true;
    else void this.run();
  }

  /** Forgets counters and hold: the container got a new attempt. */
  reset(containerId: string): void {
    this.containerId = containerId;
    this.lastResult = undefined;
    this.resultRun = 0;
    this.onHold = false;
  }

  private schedule(): void {
    if (this.stopped) return;
    const now = this.host.clock.now();
    const period = this.timing.periodSeconds * 1000;
    // like a Go ticker: ticks missed while a slow probe ran are dropped
    while (this.nextDue < now) this.nextDue += period;
    this.timer = this.host.clock.setTimeout(() => {
      this.timer = undefined;
      this.nextDue += period;
      if (this.inFlight) this.schedule();
      else void this.run();
    }, this.nextDue - now);
  }

  private async run(): Promise<void> {
    if (this.timer !== undefined) this.host.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.inFlight = true;
    try {
      do {
        this.rerun = false;
        await this.doProbe();
      } while (this.rerun && !this.stopped);
    } finally {
      this.inFlight = false;
      this.schedule();
    }
  }

  private async doProbe(): Promise<void> {
    const name = this.container.name;
    const running = this.host.runningContainer(this.podUid, name);
    const pod = this.host.pod(this.podUid);
    if (!running || !pod) return;
    if (running.id !== this.containerId) this.reset(running.id);
    if (this.onHold) return;
    const started = this.host.result(this.podUid, name, 'startup') === 'Success';
    if (this.kind === 'startup' ? started : !started) return;
    const sinceStart = Math.floor((this.host.clock.now() - running.startedAt) / 1000);
    if (sinceStart < this.timing.initialDelaySeconds) return;

    const result = await this.host.probeOnce(this.kind, this.probe, pod, this.container, running);
    if (result === undefined || this.stopped || this.host.runningContainer(this.podUid, name)?.id !== running.id) return;
    if (this.lastResult === result) this.resultRun++;
    else {
      this.lastResult = result;
      this.resultRun = 1;
    }
    const threshold = result === 'Failure' ? this.timing.failureThreshold : this.timing.successThreshold;
    if (this.resultRun < threshold) return;
    this.host.publish(this.podUid, name, this.kind, result);
    if (result === 'Failure' && this.kind !== 'readiness') {
      // the pod worker restarts the container; probing resumes with the next attempt
      this.onHold = true;
      this.resultRun = 0;
    }
  }
}
