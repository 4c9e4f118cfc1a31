/** Who a PID is, read from /proc: argv, executable and start time, to tell our process from a reused PID. */
import { readFile, readlink } from 'node:fs/promises';

export interface ProcessIdentity {
  pid: number;
  cmdline: string[];
  exe: string;
  startTime: string;
  /** One-letter state from /proc/PID/stat (R, S, D, Z, ...). */
  state: string;
}

/** The identity of a live process, or undefined when there is none (or only a zombie waiting to be reaped). */
export async function readProcessIdentity(pid: number): Promise<ProcessIdentity | undefined> {
  let stat: string;
  try {
    stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // The command name in parentheses may itself hold spaces and parentheses: fields start after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const state = fields[0] ?? '';
  if (state === 'Z' || state === 'X') return undefined;
  const startTime = fields[19] ?? '';
  const [cmdline, exe] = await Promise.all([
    readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => ''),
    readlink(`/proc/${pid}/exe`).catch(() => ''),
  ]);
  const argv = cmdline === '' ? [] : cmdline.split('\0');
  // Each argument ends with a NUL, so the split leaves one empty string at the end.
  if (argv.at(-1) === '') argv.pop();
  return { pid, cmdline: argv, exe, startTime, state };
}

export interface RecordedIdentity {
  pid: number;
  cmdline: string[];
  exe: string;
  startTime: string;
}

/**
 * Whether `pid` is still the process recorded: the same start time (a reused PID starts later), and the
 * same argv or the same executable (a process may rewrite its argv with a title).
 */
export async function isSameProcess(recorded: RecordedIdentity): Promise<boolean> {
  const now = await readProcessIdentity(recorded.pid);
  if (!now || now.startTime !== recorded.startTime) return false;
  const sameArgv = now.cmdline.length === recorded.cmdline.length && now.cmdline.every((a, i) => a === recorded.cmdline[i]);
  return sameArgv || (now.exe !== '' && now.exe === recorded.exe);
}

/** Whether any live (non-zombie) process has this PID. */
export async function isAlive(pid: number): Promise<boolean> {
  return (await readProcessIdentity(pid)) !== undefined;
}

/** How often to look whether a launcher process (nsenter) has exec'd its target yet. */
const EXEC_POLL_MS = 10;

/**
 * The identity of `pid` once it runs `exe`. A process started through `nsenter ... -- <exe>` keeps its PID and start
 * time but changes argv and executable when nsenter execs the target; recording it before that would make every later
 * isSameProcess fail. Undefined when it exits first or has not exec'd within `timeoutMs`.
 */
export async function readIdentityAfterExec(pid: number, exe: string, timeoutMs: number): Promise<ProcessIdentity | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const identity = await readProcessIdentity(pid);
    if (!identity) return undefined;
    if (identity.exe === exe) return identity;
    if (Date.now() >= deadline) return undefined;
    await new Promise((resolve) => setTimeout(resolve, EXEC_POLL_MS));
  }
}
