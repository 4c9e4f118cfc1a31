/** The runtime's health as the kubelet tracks it from CRI Status: runtime and network errors, and when the runtime last answered healthy. */
import type { RuntimeCondition, StatusResponse } from '../cri/types-image.js';

/** The runtime counts as down when it has not answered a healthy Status for this long (the kubelet's baseRuntimeSyncThreshold). */
export const RUNTIME_SYNC_THRESHOLD_MS = 2 * 60_000;

export interface RuntimeHealth {
  /** When CRI Status last reported RuntimeReady=true (epoch ms); undefined until then. */
  lastRuntimeSync?: number;
  /** Set when Status answered RuntimeReady false or missing. */
  runtimeError?: string;
  /** Set when Status answered NetworkReady false or missing. */
  networkError?: string;
}

/** A CRI runtime condition as the kubelet prints it: `NetworkReady=false reason:NetworkPluginNotReady message:...`. */
export function formatRuntimeCondition(c: RuntimeCondition | undefined): string {
  if (!c) return '<nil>';
  return `${c.type}=${c.status} reason:${c.reason} message:${c.message}`;
}

/**
 * The health after one Status call. A failed call changes nothing (the runtime is judged down once
 * lastRuntimeSync grows old), as the kubelet's runtime sanity check does.
 */
export function updateRuntimeHealth(prev: RuntimeHealth, result: StatusResponse | Error, now: number): RuntimeHealth {
  if (result instanceof Error || !result.status) return prev;
  const conditions = result.status.conditions;
  const network = conditions.find((c) => c.type === 'NetworkReady');
  const runtime = conditions.find((c) => c.type === 'RuntimeReady');
  const next: RuntimeHealth = { ...prev };
  if (!network || !network.status) next.networkError = `container runtime network not ready: ${formatRuntimeCondition(network)}`;
  else delete next.networkError;
  if (!runtime || !runtime.status) {
    next.runtimeError = `container runtime not ready: ${formatRuntimeCondition(runtime)}`;
    return next;
  }
  delete next.runtimeError;
  next.lastRuntimeSync = now;
  return next;
}

/** Why the node is not ready, in the kubelet's order (runtime, then network); empty when ready. */
export function runtimeErrors(health: RuntimeHealth, now: number): string[] {
  const errs: string[] = [];
  if (health.lastRuntimeSync === undefined) errs.push('container runtime status check may not have completed yet');
  else if (health.lastRuntimeSync + RUNTIME_SYNC_THRESHOLD_MS <= now) errs.push('container runtime is down');
  if (health.runtimeError) errs.push(health.runtimeError);
  if (health.networkError) errs.push(health.networkError);
  return errs;
}
