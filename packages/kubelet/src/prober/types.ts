/** The prober's vocabulary: probe kinds, what a runner returns, what the results manager publishes, and the callbacks it calls. */
import type { Container, Pod, Probe } from 'kubernetes-types/core/v1.js';

/** The three probes a container may have. */
export type ProbeKind = 'liveness' | 'readiness' | 'startup';

/** What one probe run found (upstream pkg/probe): Warning counts as a success but is reported as an event. */
export type ProbeRunResult = 'Success' | 'Warning' | 'Failure';

/** A runner's answer: the result and the text the kubelet shows in events (command output, HTTP body, error text). */
export interface ProbeOutcome {
  result: ProbeRunResult;
  output: string;
}

/** The published result of a probe worker (upstream prober/results): Unknown until a threshold is reached. */
export type ProbeResult = 'Success' | 'Failure' | 'Unknown';

/** Everything a runner needs to probe one container once. */
export interface ProbeTarget {
  pod: Pod;
  container: Container;
  /** The CRI container id of the running attempt. */
  containerId: string;
  /** The pod IP: the default host of httpGet and tcpSocket probes. */
  podIP: string;
}

/**
 * Runs one probe once. Resolves with Success/Warning/Failure; rejects when the probe could not be run at all
 * (bad spec, runtime error): the worker then throws the attempt away, as upstream does.
 */
export type ProbeRunner = (kind: ProbeKind, probe: Probe, target: ProbeTarget) => Promise<ProbeOutcome>;

/** Called when a published result changes: ready/started flip, a liveness or startup probe fails (restart the container). */
export type ProbeChangeHandler = (podUid: string, containerName: string, kind: ProbeKind, result: ProbeResult) => void;

/** Where the prober's events go; the involved object is the container (`spec.containers{name}` of the pod). */
export type ProbeEventSink = (pod: Pod, containerName: string, type: 'Normal' | 'Warning', reason: string, message: string) => void;

/** A running container attempt as the pod worker knows it. */
export interface RunningContainer {
  /** CRI container id; a new id means a new attempt (restart). */
  id: string;
  /** When the attempt started (ms since the epoch, the clock's time base): initialDelaySeconds counts from here. */
  startedAt: number;
}
