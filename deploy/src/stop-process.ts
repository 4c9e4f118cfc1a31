/** Stops one recorded process: SIGTERM, then SIGKILL after a grace period, never signalling a PID that is no longer ours. */
import { setTimeout as sleep } from 'node:timers/promises';
import { isAlive, isSameProcess, type RecordedIdentity } from './process-identity.js';

/** etcd and the apiserver shut down in well under a second; ten seconds covers a slow disk flush. */
export const STOP_GRACE_MS = 10_000;
/** After SIGKILL the kernel needs only moments; past this something is badly wrong. */
export const KILL_WAIT_MS = 5_000;
const POLL_MS = 50;

export type StopOutcome =
  /** It exited after SIGTERM. */
  | 'stopped'
  /** It ignored SIGTERM for the grace period and was killed. */
  | 'killed'
  /** Nothing of ours ran under that PID any more. */
  | 'not-running'
  /** The PID belongs to another process now; it was left alone. */
  | 'not-ours';

async function waitGone(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (!(await isAlive(pid))) return true;
    if (Date.now() >= deadline) return false;
    await sleep(POLL_MS);
  }
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch (err) {
    // ESRCH: it exited between our check and the signal, which is what we wanted.
    if ((err as NodeJS.ErrnoException).code !== 'ESRCH') throw err;
  }
}

export async function stopProcess(recorded: RecordedIdentity, opts: { graceMs?: number } = {}): Promise<StopOutcome> {
  if (!(await isSameProcess(recorded))) return (await isAlive(recorded.pid)) ? 'not-ours' : 'not-running';
  signal(recorded.pid, 'SIGTERM');
  if (await waitGone(recorded.pid, opts.graceMs ?? STOP_GRACE_MS)) return 'stopped';
  // Check again right before the hard signal: the PID could have been freed and reused meanwhile.
  if (!(await isSameProcess(recorded))) return 'stopped';
  signal(recorded.pid, 'SIGKILL');
  if (await waitGone(recorded.pid, KILL_WAIT_MS)) return 'killed';
  throw new Error(`process ${recorded.pid} is still running after SIGKILL`);
}
