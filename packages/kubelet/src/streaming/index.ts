/** Interactive exec against the runtime's streaming server (remotecommand v4 over SPDY/3.1, stdin with a real end-of-file). */
export { openExec, type ExecOptions } from './open-exec.js';
export { type ExecSession, type OutputListener } from './exec-session.js';
export { execResultOf, exitCodeOf, NO_EXIT_CODE, type ExecResult, type ExecStatus, type ExecStatusCause } from './exec-status.js';
