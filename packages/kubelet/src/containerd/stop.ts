/** Stops a node's containerd by PID: SIGTERM, wait, SIGKILL. Its pods keep running (use cleanupNodeRuntime to remove them). */
import { rm } from 'node:fs/promises';
import { containerdPaths } from './paths.js';
import { runningContainerdPid } from './start.js';
import { processAlive, processCmdline, signal, waitForExit } from './proc.js';

/** containerd shuts down in well under a second; after this it gets SIGKILL. */
export const CONTAINERD_STOP_GRACE_MS = 10_000;
/** How long to wait for the process to vanish after SIGKILL. */
const KILL_WAIT_MS = 5_000;

export interface StopContainerdOptions {
  /** The node's containerd directory; the PID must be a containerd started with its config. */
  dir: string;
  /** Default: the PID in `<dir>/containerd.pid`. */
  pid?: number;
  graceMs?: number;
}

export interface StopContainerdResult {
  /** 'none' when no containerd of ours was running. */
  how: 'none' | 'SIGTERM' | 'SIGKILL';
}

/** Stops the containerd of `dir`. Never signals a PID whose command line is not our containerd's. */
export async function stopContainerd(opts: StopContainerdOptions): Promise<StopContainerdResult> {
  const paths = containerdPaths(opts.dir);
  let pid: number | null = opts.pid ?? (await runningContainerdPid(paths.dir));
  if (pid !== null && opts.pid !== undefined) {
    const argv = await processCmdline(pid);
    if (!(await processAlive(pid)) || !argv?.includes(paths.config)) pid = null;
  }
  let how: StopContainerdResult['how'] = 'none';
  if (pid !== null) {
    signal(pid, 'SIGTERM');
    how = 'SIGTERM';
    if ((await waitForExit([pid], opts.graceMs ?? CONTAINERD_STOP_GRACE_MS)).length > 0) {
      signal(pid, 'SIGKILL');
      how = 'SIGKILL';
      if ((await waitForExit([pid], KILL_WAIT_MS)).length > 0) throw new Error(`containerd pid ${pid} did not exit after SIGKILL`);
    }
  }
  await rm(paths.pidFile, { force: true });
  return { how };
}
