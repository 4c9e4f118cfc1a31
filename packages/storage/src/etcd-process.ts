/** Starts and stops a local etcd server (for tests and the skiff launcher), listening on 127.0.0.1 only. */
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, closeSync, constants, mkdirSync, openSync, readFileSync, statSync } from 'node:fs';
import { get as httpGet } from 'node:http';
import { createServer } from 'node:net';
import { delimiter, dirname, join, resolve } from 'node:path';

export interface StartEtcdOptions {
  dataDir: string;
  /** Free ports are picked when absent. */
  clientPort?: number;
  peerPort?: number;
  /** Member name (default `skiff-etcd`). */
  name?: string;
  /** Keep etcd running after this Node process exits (for the launcher); its output then goes to `logFile`. */
  detached?: boolean;
  /** Where etcd's log goes; default for detached runs: `<dataDir>.log`; otherwise kept in memory for error reports. */
  logFile?: string;
  /** etcd's --experimental-watch-progress-notify-interval (DEFAULT_PROGRESS_NOTIFY_INTERVAL_MS). */
  progressNotifyIntervalMs?: number;
}

export interface EtcdProcess {
  /** Client URL, e.g. `http://127.0.0.1:40123`. */
  endpoint: string;
  pid: number;
  dataDir: string;
  /** The ports it listens on (127.0.0.1), to restart it in place. */
  clientPort: number;
  peerPort: number;
  /** SIGTERM, then SIGKILL after a timeout; resolves once it has exited. */
  stop(): Promise<void>;
}

/**
 * How often etcd tells idle watches the current revision, so watch caches of idle resources stay
 * current and bookmarks carry fresh resourceVersions. etcd's own default is 10 minutes.
 */
export const DEFAULT_PROGRESS_NOTIFY_INTERVAL_MS = 5_000;
/** How long etcd may take to serve /health after starting (WAL replay of a big data dir included). */
const START_TIMEOUT_MS = 30_000;
/** SIGTERM lets etcd close its WAL cleanly; after this it gets SIGKILL. */
const STOP_TIMEOUT_MS = 5_000;
const HEALTH_POLL_MS = 50;
/** A probed free port can be taken by someone else before etcd binds it: try again with new ports. */
const PORT_ATTEMPTS = 3;
/** Bytes of etcd output kept for error messages when it fails to start. */
const LOG_TAIL_BYTES = 8_192;

/** Non-detached etcds started here, killed if this process exits without stopping them. */
const children = new Set<ChildProcess>();
let exitHookInstalled = false;

/** The path of the `etcd` binary: the first executable `etcd` in PATH. */
export function etcdBinary(): string {
  const dirs = (process.env['PATH'] ?? '').split(delimiter).filter(Boolean);
  for (const dir of [...dirs, '/usr/bin', '/usr/local/bin']) {
    const candidate = join(dir, 'etcd');
    try {
      accessSync(candidate, constants.X_OK);
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // not here
    }
  }
  throw new Error('etcd not found in PATH (install Debian\'s etcd-server package)');
}

/** A TCP port on 127.0.0.1 that was free a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port > 0 ? resolvePort(port) : reject(new Error('could not allocate a port'))));
    });
  });
}

class PortInUseError extends Error {}

export async function startEtcd(opts: StartEtcdOptions): Promise<EtcdProcess> {
  const attempts = opts.clientPort !== undefined && opts.peerPort !== undefined ? 1 : PORT_ATTEMPTS;
  let lastError: unknown;
  for (let i = 0; i < attempts; i++) {
    try {
      return await startOnce(opts);
    } catch (err) {
      lastError = err;
      if (!(err instanceof PortInUseError)) throw err;
    }
  }
  throw lastError;
}

async function startOnce(opts: StartEtcdOptions): Promise<EtcdProcess> {
  const dataDir = resolve(opts.dataDir);
  const clientPort = opts.clientPort ?? (await freePort());
  let peerPort = opts.peerPort ?? (await freePort());
  while (peerPort === clientPort) peerPort = await freePort();
  const name = opts.name ?? 'skiff-etcd';
  const clientUrl = `http://127.0.0.1:${clientPort}`;
  const peerUrl = `http://127.0.0.1:${peerPort}`;
  const args = [
    '--name', name,
    '--data-dir', dataDir,
    '--listen-client-urls', clientUrl,
    '--advertise-client-urls', clientUrl,
    '--listen-peer-urls', peerUrl,
    '--initial-advertise-peer-urls', peerUrl,
    '--initial-cluster', `${name}=${peerUrl}`,
    '--initial-cluster-state', 'new',
    '--experimental-watch-progress-notify-interval', `${opts.progressNotifyIntervalMs ?? DEFAULT_PROGRESS_NOTIFY_INTERVAL_MS}ms`,
    '--logger', 'zap',
    '--log-outputs', 'stderr',
  ];
  mkdirSync(dirname(dataDir), { recursive: true });
  const logFile = opts.logFile ?? (opts.detached ? `${dataDir}.log` : undefined);
  let tail = '';
  let child: ChildProcess;
  if (logFile) {
    mkdirSync(dirname(resolve(logFile)), { recursive: true });
    const fd = openSync(logFile, 'a');
    try {
      child = spawn(etcdBinary(), args, { detached: opts.detached === true, stdio: ['ignore', fd, fd] });
    } finally {
      closeSync(fd);
    }
  } else {
    child = spawn(etcdBinary(), args, { stdio: ['ignore', 'ignore', 'pipe'] });
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => {
      tail = (tail + chunk).slice(-LOG_TAIL_BYTES);
    });
  }
  const readTail = (): string => (logFile ? readLogTail(logFile) : tail);
  const spawned = await new Promise<boolean>((resolveSpawn) => {
    child.once('spawn', () => resolveSpawn(true));
    child.once('error', () => resolveSpawn(false));
  });
  if (!spawned || child.pid === undefined) throw new Error(`could not start ${etcdBinary()}`);
  const pid = child.pid;
  let exited = child.exitCode !== null;
  const exit = new Promise<void>((resolveExit) => child.once('exit', () => ((exited = true), resolveExit())));
  if (opts.detached) {
    child.unref();
  } else {
    children.add(child);
    void exit.then(() => children.delete(child));
    installExitHook();
  }

  const stop = async (): Promise<void> => {
    if (exited) return;
    signal(pid, 'SIGTERM');
    if (await settles(exit, STOP_TIMEOUT_MS)) return;
    signal(pid, 'SIGKILL');
    await settles(exit, STOP_TIMEOUT_MS);
  };

  const deadline = Date.now() + START_TIMEOUT_MS;
  while (!(await healthy(clientUrl))) {
    if (exited) {
      const log = readTail();
      const message = `etcd exited before serving on ${clientUrl}:\n${log}`;
      throw /address already in use/.test(log) ? new PortInUseError(message) : new Error(message);
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`etcd did not become healthy on ${clientUrl} within ${START_TIMEOUT_MS} ms:\n${readTail()}`);
    }
    await new Promise((r) => setTimeout(r, HEALTH_POLL_MS));
  }
  return { endpoint: clientUrl, pid, dataDir, clientPort, peerPort, stop };
}

/**
 * Stops an etcd started earlier (possibly by another process, e.g. a detached one) by its PID:
 * SIGTERM, then SIGKILL after a timeout. Does nothing if that PID is not an etcd process.
 */
export async function stopEtcdByPid(pid: number): Promise<void> {
  if (!isEtcd(pid)) return;
  signal(pid, 'SIGTERM');
  if (await pidExits(pid, STOP_TIMEOUT_MS)) return;
  signal(pid, 'SIGKILL');
  await pidExits(pid, STOP_TIMEOUT_MS);
}

function isEtcd(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')[0]!.endsWith('etcd');
  } catch {
    return false;
  }
}

async function pidExits(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isEtcd(pid)) return true;
    await new Promise((r) => setTimeout(r, HEALTH_POLL_MS));
  }
  return !isEtcd(pid);
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // already gone
  }
}

function settles(p: Promise<void>, timeoutMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    p.then(() => true),
    new Promise<boolean>((r) => (timer = setTimeout(() => r(false), timeoutMs))),
  ]).finally(() => clearTimeout(timer));
}

function healthy(clientUrl: string): Promise<boolean> {
  return new Promise((resolveHealth) => {
    const req = httpGet(`${clientUrl}/health`, { timeout: 1_000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolveHealth(res.statusCode === 200 && body.includes('"health":"true"')));
      res.on('error', () => resolveHealth(false));
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolveHealth(false));
  });
}

function readLogTail(file: string): string {
  try {
    return readFileSync(file, 'utf8').slice(-LOG_TAIL_BYTES);
  } catch {
    return '';
  }
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const child of children) if (child.pid !== undefined && child.exitCode === null) signal(child.pid, 'SIGKILL');
  });
}
