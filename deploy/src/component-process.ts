/** Starting a control-plane component (skiff-scheduler, skiff-controller-manager) as a detached process that outlives the launcher. */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ControlPlaneComponent } from './control-plane.js';

/** The address their health servers listen on. */
export const COMPONENT_BIND_ADDRESS = '127.0.0.1';

/**
 * The component's binary. The launcher lives in the same workspace and does not import the components, so the
 * binary is found by its place in the repository: packages/<package>/dist/main.js.
 */
export function componentMainPath(component: ControlPlaneComponent): string {
  return fileURLToPath(new URL(`../../packages/${component.packageDir}/dist/main.js`, import.meta.url));
}

export interface ComponentLaunch {
  kubeconfig: string;
  /** `host:port` of the apiserver's gRPC transport. */
  grpcAddress: string;
  healthPort: number;
  logFile: string;
  mainPath: string;
}

export function componentArgs(launch: ComponentLaunch): string[] {
  return [
    launch.mainPath,
    `--kubeconfig=${launch.kubeconfig}`,
    `--grpc-address=${launch.grpcAddress}`,
    // One of each now, but each takes its kube-system Lease as the Kubernetes components do by default.
    '--leader-elect=true',
    `--bind-address=${COMPONENT_BIND_ADDRESS}`,
    `--health-port=${launch.healthPort}`,
  ];
}

/** The URL its /readyz, /healthz and /metrics are served under. */
export function componentHealthUrl(healthPort: number): string {
  return `http://${COMPONENT_BIND_ADDRESS}:${healthPort}`;
}

/** Spawns the component in its own session with stdout and stderr appended to `logFile`; the launcher may exit. */
export function startComponent(launch: ComponentLaunch): ChildProcess {
  const log = openSync(launch.logFile, 'a', 0o644);
  try {
    const child = spawn(process.execPath, componentArgs(launch), { detached: true, stdio: ['ignore', log, log] });
    child.unref();
    return child;
  } finally {
    closeSync(log);
  }
}
