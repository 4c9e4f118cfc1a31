/** prober: the kubelet's liveness, readiness and startup probes — runners (exec, httpGet, tcpSocket), workers, results. */
export { ProbeManager, MAX_PROBE_RETRIES, type ProbeManagerOptions } from './probe-manager.js';
export { ProbeResultsStore } from './results-store.js';
export { newProbeRunner, expandProbeCommand } from './probe-runner.js';
export { probeGrpc, GRPC_HEALTH_CHECK_PATH, encodeHealthCheckRequest, decodeHealthCheckResponse } from './grpc-probe.js';
export { probeExec, EXEC_PROBE_MAX_OUTPUT_BYTES, type ExecSyncClient } from './exec-probe.js';
export { probeHttp, httpProbeUrl, PROBE_USER_AGENT, HTTP_PROBE_MAX_BODY_BYTES, HTTP_PROBE_MAX_REDIRECTS, type HttpProbeRequest } from './http-probe.js';
export { probeTcp } from './tcp-probe.js';
export { resolveProbePort } from './resolve-port.js';
export {
  probeTiming,
  containerProbe,
  probeKillGracePeriodSeconds,
  PROBE_DEFAULTS,
  DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS,
  type ProbeTiming,
} from './probe-spec.js';
export { PROBE_EVENT_REASONS, probeFailedMessage, probeErroredMessage, probeWarningMessage, probeKillMessage, probeKindTitle } from './events.js';
export type {
  ProbeKind,
  ProbeRunResult,
  ProbeOutcome,
  ProbeResult,
  ProbeTarget,
  ProbeRunner,
  ProbeChangeHandler,
  ProbeEventSink,
  RunningContainer,
} from './types.js';
