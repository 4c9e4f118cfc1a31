/** Starts a node's containerd (optionally inside a network namespace) and waits until its CRI answers Version. */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, open, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CriClient } from '../cri/cri-client.js';
import { containerdConfig } from './config.js';
import { containerdPaths, type ContainerdPaths } from './paths.js';
import { processAlive, processCmdline, signal, sleep, waitForExit } from './proc.js';

/** containerd answers after about 0.3 s here; a loaded machine may take several seconds. */
export const CONTAINERD_START_TIMEOUT_MS = 30_000;
/** How often to probe the socket while containerd starts. */
const START_POLL_MS = 50;
/** Deadline of each Version probe: a local socket answers at once once containerd serves. */
const PROBE_DEADLINE_MS = 2_000;
/** Lines of containerd's log quoted in a start failure. */
const LOG_TAIL_LINES = 20;

export interface StartContainerdOptions {
  /** The node's containerd directory (root, state, socket, config, CNI conf dir below it). */
  dir: string;
  /** Path of a network namespace to run containerd in (e.g. /run/netns/node-a), entered with `nsenter --net=`; the mount namespace stays the host's. */
  netns?: string;
  /** The pause image (must be imported already). */
  sandboxImage: string;
  /** Where containerd's stdout/stderr go (appended); default `<dir>/containerd.log`. */
  logFile?: string;
  logLevel?: 'trace' | 'debug' | 'info' | 'warn' | 'error';
  startTimeoutMs?: number;
}

export interface RunningContainerd {
  pid: number;
  /** Absolute path of the CRI socket. */
  socket: string;
  paths: ContainerdPaths;
  logFile: string;
}

/** The PID in `<dir>/containerd.pid` if that process is still a containerd using our config. */
export async function runningContainerdPid(dir: string): Promise<number | null> {
  const paths = containerdPaths(dir);
  let pid: number;
  try {
    pid = Number((await readFile(paths.pidFile, 'utf8')).trim());
  } catch {
    return null;
  }
  if (!Number.isInteger(pid) || pid <= 0 || !(await processAlive(pid))) return null;
  const argv = await processCmdline(pid);
  return argv?.includes(paths.config) ? pid : null;
}

async function logTail(file: string): Promise<string> {
  try {
    return (await readFile(file, 'utf8')).trimEnd().split('\n').slice(-LOG_TAIL_LINES).join('\n');
  } catch {
    return '';
  }
}

/**
 * Writes `<dir>/config.toml` and starts containerd in its own session (it outlives us, like a
 * system service); resolves once the CRI socket answers Version. Refuses to start a second
 * containerd on the same directory (it would block forever on the metadata lock).
 */
export async function startContainerd(opts: StartContainerdOptions): Promise<RunningContainerd> {
  const paths = containerdPaths(opts.dir);
  const logFile = opts.logFile ?? join(paths.dir, 'containerd.log');
  const already = await runningContainerdPid(paths.dir);
  if (already !== null) throw new Error(`containerd is already running for ${paths.dir} (pid ${already})`);

  for (const d of [paths.dir, paths.root, paths.state, paths.opt, paths.runcRoot, paths.cniConfDir, paths.ipamDir]) {
    await mkdir(d, { recursive: true });
  }
  await writeFile(paths.config, containerdConfig({ paths, sandboxImage: opts.sandboxImage, logLevel: opts.logLevel }));
  // a stale socket from a crashed run would make the probe below talk to nothing
  await rm(paths.socket, { force: true });

  const [cmd, args] = opts.netns
    ? ['nsenter', [`--net=${opts.netns}`, 'containerd', '--config', paths.config]]
    : ['containerd', ['--config', paths.config]];
  const log = await open(logFile, 'a');
  let exited: string | null = null;
  let pid: number;
  try {
    const child = spawn(cmd, args, { detached: true, stdio: ['ignore', log.fd, log.fd] });
    child.once('exit', (code, sig) => {
      exited = `exited with ${sig ?? code}`;
    });
    const spawnError = new Promise<Error>((resolve) => child.once('error', resolve));
    if (child.pid === undefined) throw await spawnError;
    pid = child.pid;
    child.unref();
  } finally {
    await log.close();
  }
  await writeFile(paths.pidFile, `${pid}\n`);

  const deadline = Date.now() + (opts.startTimeoutMs ?? CONTAINERD_START_TIMEOUT_MS);
  for (;;) {
    if (exited !== null) {
      await rm(paths.pidFile, { force: true });
      throw new Error(`containerd ${exited} before serving:\n${await logTail(logFile)}`);
    }
    if (existsSync(paths.socket)) {
      const cri = new CriClient(paths.socket);
      try {
        await cri.version({ deadlineMs: PROBE_DEADLINE_MS });
        return { pid, socket: paths.socket, paths, logFile };
      } catch {
        // not serving yet
      } finally {
        cri.close();
      }
    }
    if (Date.now() >= deadline) {
      signal(pid, 'SIGKILL');
      await waitForExit([pid], PROBE_DEADLINE_MS);
      await rm(paths.pidFile, { force: true });
      throw new Error(`containerd did not answer on ${paths.socket} in time:\n${await logTail(logFile)}`);
    }
    await sleep(START_POLL_MS);
  }
}
