/** computePodStatus: the whole status the kubelet reports for a pod, from its runtime state, waiting reasons and probes. */
import type { Pod, PodIP, PodStatus } from 'kubernetes-types/core/v1.js';
import type { ContainerWaiting, PodRuntimeState, ProbeResults } from '../pod/runtime-state.js';
import { containerStatuses } from './container-statuses.js';
import { podConditions } from './pod-conditions.js';
import { podPhase, type PodPhase } from './pod-phase.js';
import { qosClassOf } from './qos-class.js';
import { rfc3339 } from './time-format.js';

export interface PodStatusInput {
  pod: Pod;
  runtime: PodRuntimeState;
  /** Why containers the kubelet wants to (re)start are not running: image pulls, crash-loop back-off, config errors. */
  waiting: ReadonlyMap<string, ContainerWaiting>;
  probes: ProbeResults;
  /** The node's IP. */
  hostIP: string;
  /** Clock time in ms (for lastTransitionTime and startTime). */
  now: number;
  /** The status the kubelet computed last time (default: the API pod's status). */
  previous?: PodStatus;
  /** The kubelet has stopped the pod for good (deleted, evicted, past its deadline): nothing restarts. */
  terminal?: boolean;
  /** A pod-level reason and message (e.g. `Evicted`, `DeadlineExceeded`); default: kept from before. */
  reason?: string;
  message?: string;
}

function isTerminalPhase(phase: string | undefined): boolean {
  return phase === 'Succeeded' || phase === 'Failed';
}

/**
 * The pod status as the kubelet reports it through pods/status: phase, conditions, init and regular container
 * statuses in spec order, IPs, start time and QoS class. A pod the API already shows Succeeded or Failed keeps that
 * phase; start time and QoS class never change once set.
 */
export function computePodStatus(input: PodStatusInput): PodStatus {
  const { pod, runtime, waiting, probes, hostIP, now } = input;
  const previous = input.previous ?? pod.status ?? {};
  const statusInput = { pod, runtime, waiting, probes };
  const initContainerStatuses = containerStatuses(pod.spec?.initContainers ?? [], { ...statusInput, previous: previous.initContainerStatuses ?? [] }, true);
  const regularStatuses = containerStatuses(pod.spec?.containers ?? [], { ...statusInput, previous: previous.containerStatuses ?? [] }, false);

  let phase: string = podPhase(pod, initContainerStatuses, regularStatuses, input.terminal ?? false);
  // A terminal phase is final: neither the API's nor the kubelet's last word may be undone.
  for (const known of [pod.status?.phase, input.previous?.phase]) if (isTerminalPhase(known) && phase !== known) phase = known!;

  const status: PodStatus = {
    phase,
    conditions: podConditions({ pod, runtime, initStatuses: initContainerStatuses, statuses: regularStatuses, phase: phase as PodPhase, now, previous: input.previous }),
    hostIP,
    hostIPs: hostIP ? [{ ip: hostIP }] : [],
  };
  const podIPs = podIPsOf(pod, input, previous);
  if (podIPs.length > 0) {
    status.podIP = podIPs[0]!.ip!;
    status.podIPs = podIPs;
  }
  status.startTime = previous.startTime ?? rfc3339(now);
  if (initContainerStatuses.length > 0) status.initContainerStatuses = initContainerStatuses;
  status.containerStatuses = regularStatuses;
  status.qosClass = previous.qosClass ?? qosClassOf(pod);
  const reason = input.reason ?? previous.reason;
  const message = input.message ?? previous.message;
  if (reason) status.reason = reason;
  if (message) status.message = message;
  if (previous.nominatedNodeName) status.nominatedNodeName = previous.nominatedNodeName;
  return status;
}

/** The sandbox's IP (the node's for hostNetwork pods); once the sandbox is gone, the IPs reported before. */
function podIPsOf(pod: Pod, input: PodStatusInput, previous: PodStatus): PodIP[] {
  if (pod.spec?.hostNetwork && input.hostIP) return [{ ip: input.hostIP }];
  const ip = input.runtime.sandbox?.ip;
  if (ip) return [{ ip }];
  return structuredClone(previous.podIPs ?? (previous.podIP ? [{ ip: previous.podIP }] : []));
}
