/** The events the prober and (for restarts) the pod worker emit, with the reasons and messages the kubelet uses. */
import type { ProbeKind } from './types.js';

/** Event reasons (upstream kubelet events package). */
export const PROBE_EVENT_REASONS = {
  /** Warning: a probe failed or errored. */
  unhealthy: 'Unhealthy',
  /** Warning: a probe succeeded with a warning (e.g. an HTTP redirect to another host was not followed). */
  probeWarning: 'ProbeWarning',
  /** Normal: a container is being stopped (the pod worker emits it when it restarts a container after a liveness/startup failure). */
  killing: 'Killing',
} as const;

/** `Liveness`, `Readiness`, `Startup`: the probe kind as event messages spell it. */
export function probeKindTitle(kind: ProbeKind): string {
  return kind[0]!.toUpperCase() + kind.slice(1);
}

/** `Liveness probe failed: <output>` */
export function probeFailedMessage(kind: ProbeKind, output: string): string {
  return `${probeKindTitle(kind)} probe failed: ${output}`;
}

/** `Readiness probe errored: <error>` (the probe could not be run; the attempt does not count). */
export function probeErroredMessage(kind: ProbeKind, error: string): string {
  return `${probeKindTitle(kind)} probe errored: ${error}`;
}

/** `Readiness probe warning: <output>` */
export function probeWarningMessage(kind: ProbeKind, output: string): string {
  return `${probeKindTitle(kind)} probe warning: ${output}`;
}

/**
 * The message of the Normal "Killing" event the pod worker emits when it restarts a container because its
 * liveness or startup probe failed: `Container web failed liveness probe, will be restarted`.
 * The prober itself never kills: it reports Failure through onChange and the pod worker acts on it.
 */
export function probeKillMessage(containerName: string, kind: ProbeKind): string {
  return `Container ${containerName} failed ${kind} probe, will be restarted`;
}
