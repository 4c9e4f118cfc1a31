/** Starting skiff-scheduler as a detached process that outlives the launcher, logging to a file. */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Its kubeconfig in the state folder. */
export const SCHEDULER_KUBECONFIG = 'scheduler.kubeconfig';
/** The address its health server listens on. */
export const SCHEDULER_BIND_ADDRESS = '127.0.0.1';

/**
 * The scheduler binary. The launcher lives in the same workspace as the scheduler and does not import it,
 * so the binary is found by its place in the repository: packages/scheduler/dist/main.js.
 */
export function schedulerMainPath(): string {
  return fileURLToPath(new URL('../../packages/scheduler/dist/main.js', import.meta.url));
}

export interface SchedulerLaunch {
  kubeconfig: string;
  /** `host:port` of the apiserver's gRPC transport. */
  grpcAddress: string;
  healthPort: number;
  logFile: string;
  mainPath?: string;
}

export function schedulerArgs(launch: SchedulerLaunch): string[] {
  return [
    launch.mainPath ?? schedulerMainPath(),
    `--kubeconfig=${launch.kubeconfig}`,
    `--grpc-address=${launch.grpcAddress}`,
    // One scheduler now, but it takes the kube-system/kube-scheduler Lease as kube-scheduler does by default.
    '--leader-elect=true',
    `--bind-address=${SCHEDULER_BIND_ADDRESS}`,
    `--health-port=${launch.healthPort}`,
  ];
}

/** The URL its /readyz, /healthz and /metrics are served under. */
export function schedulerHealthUrl(healthPort: number): string {
  return `http://${SCHEDULER_BIND_ADDRESS}:${healthPort}`;
}

/** Spawns the scheduler in its own session with stdout and stderr appended to `logFile`; the launcher may exit. */
export function startScheduler(launch: SchedulerLaunch): ChildProcess {
  const log = openSync(launch.logFile, 'a', 0o644);
  try {
    const child = spawn(process.execPath, schedulerArgs(launch), { detached: true, stdio: ['ignore', log, log] });
    child.unref();
    return child;
  } finally {
    closeSync(log);
  }
}
