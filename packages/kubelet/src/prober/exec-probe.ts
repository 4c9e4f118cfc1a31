/** The exec probe: runs the command in the container through CRI ExecSync; exit 0 is success (upstream pkg/probe/exec). */
import { GrpcStatus, isCriError } from '../cri/cri-error.js';
import type { ProbeOutcome } from './types.js';

/** The part of CriClient the exec probe uses (a test passes a fake). */
export interface ExecSyncClient {
  execSync(containerId: string, cmd: string[], timeoutSeconds?: number): Promise<{ stdout: Buffer; stderr: Buffer; exit_code: number }>;
}

/** The kubelet keeps at most 10 KiB of a probe command's output. */
export const EXEC_PROBE_MAX_OUTPUT_BYTES = 10 * 1024;

/** containerd 1.6 answers an ExecSync that ran past its timeout with `timeout 1s exceeded: context deadline exceeded`. */
const RUNTIME_TIMEOUT_TEXT = /timeout \S+ exceeded/;

function isExecTimeout(err: unknown): boolean {
  if (isCriError(err, GrpcStatus.DEADLINE_EXCEEDED)) return true;
  return isCriError(err) && RUNTIME_TIMEOUT_TEXT.test(err.details);
}

/**
 * Runs `command` with the probe's timeout. The output is stdout then stderr (the kubelet joins them), cut to
 * 10 KiB. A timeout is a Failure `command "<cmd>" timed out`; any other runtime error rejects (the attempt is discarded).
 */
export async function probeExec(client: ExecSyncClient, containerId: string, command: string[], timeoutSeconds: number): Promise<ProbeOutcome> {
  if (command.length === 0) throw new Error('exec probe has an empty command');
  let res: Awaited<ReturnType<ExecSyncClient['execSync']>>;
  try {
    res = await client.execSync(containerId, command, timeoutSeconds);
  } catch (err) {
    if (isExecTimeout(err)) return { result: 'Failure', output: `command ${JSON.stringify(command.join(' '))} timed out` };
    throw err;
  }
  const output = Buffer.concat([res.stdout, res.stderr]).subarray(0, EXEC_PROBE_MAX_OUTPUT_BYTES).toString('utf8');
  return { result: res.exit_code === 0 ? 'Success' : 'Failure', output };
}
