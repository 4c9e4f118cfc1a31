/** The meta/v1 Status a remotecommand v4 server sends on the error stream, and the exit code it carries. */

export interface ExecStatusCause {
  reason?: string;
  message?: string;
  field?: string;
}

/** A meta/v1 Status as the runtime sent it (kept verbatim: the apiserver passes it on to kubectl). */
export interface ExecStatus {
  kind?: string;
  apiVersion?: string;
  metadata?: Record<string, unknown>;
  status?: 'Success' | 'Failure' | string;
  message?: string;
  reason?: string;
  code?: number;
  details?: { causes?: ExecStatusCause[]; [k: string]: unknown };
  [k: string]: unknown;
}

export interface ExecResult {
  /** 0 on Success; the command's code for NonZeroExitCode; NO_EXIT_CODE when the runtime failed otherwise. */
  exitCode: number;
  status: ExecStatus;
}

/** exitCode of a Failure that is not a command's exit (e.g. the runtime could not start the command). */
export const NO_EXIT_CODE = -1;

export const STATUS_SUCCESS = 'Success';
export const REASON_NON_ZERO_EXIT_CODE = 'NonZeroExitCode';
export const CAUSE_EXIT_CODE = 'ExitCode';

/** The Status of a successful command (what a v4 server sends, and what an empty error stream means). */
export function successStatus(): ExecStatus {
  return { metadata: {}, status: STATUS_SUCCESS };
}

/** The status text read from the error stream → ExecResult. Text that is not JSON becomes a Failure with it as message. */
export function execResultOf(text: string): ExecResult {
  if (text.trim() === '') return { exitCode: 0, status: successStatus() };
  let status: ExecStatus;
  try {
    const parsed: unknown = JSON.parse(text);
    status = parsed && typeof parsed === 'object' ? (parsed as ExecStatus) : { metadata: {}, status: 'Failure', message: text };
  } catch {
    status = { metadata: {}, status: 'Failure', message: text };
  }
  return { exitCode: exitCodeOf(status), status };
}

/** 0 for Success, the ExitCode cause of NonZeroExitCode, else NO_EXIT_CODE. */
export function exitCodeOf(status: ExecStatus): number {
  if (status.status === STATUS_SUCCESS) return 0;
  if (status.reason === REASON_NON_ZERO_EXIT_CODE) {
    const cause = status.details?.causes?.find((c) => c.reason === CAUSE_EXIT_CODE);
    const code = Number(cause?.message);
    if (cause?.message !== undefined && Number.isInteger(code)) return code;
  }
  return NO_EXIT_CODE;
}
