/** podRequests: a pod's effective resource request as Kubernetes computes it (containers, init containers, sidecars, overhead). */
import type { Container, Pod } from 'kubernetes-types/core/v1.js';
import { addResource, emptyResource, maxResource, resourceFromList, type Resource } from './resource.js';

/** Default cpu request (millicores) assumed for scoring when a container names none; kube-scheduler's DefaultMilliCPURequest. */
export const DEFAULT_MILLI_CPU_REQUEST = 100;
/** Default memory request (bytes) assumed for scoring when a container names none; kube-scheduler's DefaultMemoryRequest (200Mi). */
export const DEFAULT_MEMORY_REQUEST = 200 * 1024 * 1024;

/** Options of podRequests. */
export interface PodRequestsOptions {
  /** Substitute kube-scheduler's defaults for a container's missing cpu/memory requests (used for scoring, never for fit). */
  nonZero?: boolean;
}

function containerRequests(c: Container, nonZero: boolean): Resource {
  const requests = c.resources?.requests ?? {};
  const r = resourceFromList(requests);
  if (nonZero) {
    if (!('cpu' in requests)) r.milliCPU = DEFAULT_MILLI_CPU_REQUEST;
    if (!('memory' in requests)) r.memory = DEFAULT_MEMORY_REQUEST;
  }
  return r;
}

/** True for an init container with restartPolicy Always (a sidecar that keeps running beside the app containers). */
export function isSidecar(c: Container): boolean {
  return c.restartPolicy === 'Always';
}

/**
 * The pod's effective request: max(sum of containers + sidecars, the largest init-container phase) + pod overhead.
 * An init container's phase is its own request plus the sidecars started before it; sidecars add to the steady state.
 */
export function podRequests(pod: Pod, options: PodRequestsOptions = {}): Resource {
  const nonZero = options.nonZero ?? false;
  const spec = pod.spec;
  const reqs = emptyResource();
  for (const c of spec?.containers ?? []) addResource(reqs, containerRequests(c, nonZero));
  const sidecars = emptyResource();
  const initPeak = emptyResource();
  for (const c of spec?.initContainers ?? []) {
    const own = containerRequests(c, nonZero);
    const phase = emptyResource();
    if (isSidecar(c)) {
      addResource(reqs, own);
      addResource(sidecars, own);
      addResource(phase, sidecars);
    } else {
      addResource(phase, own);
      addResource(phase, sidecars);
    }
    maxResource(initPeak, phase);
  }
  maxResource(reqs, initPeak);
  if (spec?.overhead) addResource(reqs, resourceFromList(spec.overhead));
  return reqs;
}
