/** The default ProbeRunner: picks the probe's handler (exec, httpGet, tcpSocket) and runs it against the container. */
import type { Container, Probe } from 'kubernetes-types/core/v1.js';
import { expandVars } from '../podconfig/index.js';
import { probeExec, type ExecSyncClient } from './exec-probe.js';
import { probeGrpc } from './grpc-probe.js';
import { probeHttp } from './http-probe.js';
import { probeTiming } from './probe-spec.js';
import { resolveProbePort } from './resolve-port.js';
import { probeTcp } from './tcp-probe.js';
import type { ProbeKind, ProbeOutcome, ProbeRunner, ProbeTarget } from './types.js';

/** A runner over a CRI client (exec) and Node sockets (httpGet, tcpSocket, grpc to the pod IP). */
export function newProbeRunner(cri: ExecSyncClient): ProbeRunner {
  return (_kind: ProbeKind, probe: Probe, target: ProbeTarget): Promise<ProbeOutcome> => runProbe(cri, probe, target);
}

async function runProbe(cri: ExecSyncClient, probe: Probe, target: ProbeTarget): Promise<ProbeOutcome> {
  const { timeoutSeconds } = probeTiming(probe);
  const timeoutMs = timeoutSeconds * 1000;
  if (probe.exec) return probeExec(cri, target.containerId, expandProbeCommand(probe.exec.command ?? [], target.container), timeoutSeconds);
  if (probe.httpGet) {
    const g = probe.httpGet;
    const host = g.host || target.podIP;
    if (!host) throw new Error('pod has no IP yet');
    return probeHttp({
      scheme: g.scheme === 'HTTPS' ? 'HTTPS' : 'HTTP',
      host,
      port: resolveProbePort(g.port, target.container),
      path: g.path ?? '',
      headers: g.httpHeaders ?? [],
      timeoutMs,
    });
  }
  if (probe.tcpSocket) {
    const host = probe.tcpSocket.host || target.podIP;
    if (!host) throw new Error('pod has no IP yet');
    return probeTcp(host, resolveProbePort(probe.tcpSocket.port, target.container), timeoutMs);
  }
  if (probe.grpc) {
    if (!target.podIP) throw new Error('pod has no IP yet');
    return probeGrpc(target.podIP, resolveProbePort(probe.grpc.port, target.container), probe.grpc.service ?? '', timeoutMs);
  }
  throw new Error(`missing probe handler for ${target.pod.metadata?.namespace}/${target.pod.metadata?.name}:${target.container.name}`);
}

/** `$(VAR)` in an exec probe's command expands from the container's literal env values only (no valueFrom), as the kubelet does. */
export function expandProbeCommand(command: string[], container: Container): string[] {
  const env = new Map<string, string>();
  for (const e of container.env ?? []) if (e.value) env.set(e.name, e.value);
  return command.map((arg) => expandVars(arg, (name) => env.get(name)));
}
