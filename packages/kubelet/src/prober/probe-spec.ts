/** Probe fields with Kubernetes' defaults applied, and the grace period a liveness/startup kill uses. */
import type { Container, Pod, Probe } from 'kubernetes-types/core/v1.js';
import type { ProbeKind } from './types.js';

/** Kubernetes' defaults for the timing fields of a Probe (core/v1 defaulting). */
export const PROBE_DEFAULTS = {
  periodSeconds: 10,
  timeoutSeconds: 1,
  successThreshold: 1,
  failureThreshold: 3,
  initialDelaySeconds: 0,
} as const;

/** The pod's terminationGracePeriodSeconds when the spec omits it (core/v1 default). */
export const DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS = 30;

/** A probe's timing with every default applied. */
export interface ProbeTiming {
  initialDelaySeconds: number;
  periodSeconds: number;
  timeoutSeconds: number;
  successThreshold: number;
  failureThreshold: number;
}

/** Defaults applied; values below the API minimum (1 for period, timeout and thresholds) are raised to it. */
export function probeTiming(probe: Probe): ProbeTiming {
  const atLeast = (v: number | undefined, min: number, def: number): number => Math.max(min, v ?? def);
  return {
    initialDelaySeconds: Math.max(0, probe.initialDelaySeconds ?? PROBE_DEFAULTS.initialDelaySeconds),
    periodSeconds: atLeast(probe.periodSeconds, 1, PROBE_DEFAULTS.periodSeconds),
    timeoutSeconds: atLeast(probe.timeoutSeconds, 1, PROBE_DEFAULTS.timeoutSeconds),
    successThreshold: atLeast(probe.successThreshold, 1, PROBE_DEFAULTS.successThreshold),
    failureThreshold: atLeast(probe.failureThreshold, 1, PROBE_DEFAULTS.failureThreshold),
  };
}

/** The container's probe of that kind, if any. */
export function containerProbe(container: Container, kind: ProbeKind): Probe | undefined {
  switch (kind) {
    case 'liveness':
      return container.livenessProbe;
    case 'readiness':
      return container.readinessProbe;
    case 'startup':
      return container.startupProbe;
  }
}

/**
 * The grace period for killing a container whose liveness or startup probe failed: the probe's own
 * terminationGracePeriodSeconds when set, else the pod's, else 30 s (as the kubelet does).
 */
export function probeKillGracePeriodSeconds(pod: Pod, container: Container, kind: ProbeKind): number {
  const own = kind === 'readiness' ? undefined : containerProbe(container, kind)?.terminationGracePeriodSeconds;
  return own ?? pod.spec?.terminationGracePeriodSeconds ?? DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS;
}
