/** Starting skiff-apiserver as a detached process that outlives the launcher, logging to a file. */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The apiserver's service network, as kube-apiserver's usual defaults. */
export const SERVICE_CLUSTER_IP_RANGE = '10.96.0.0/12';
export const SERVICE_NODE_PORT_RANGE = '30000-32767';
/** How often old etcd revisions are compacted; kube-apiserver's default. */
export const ETCD_COMPACTION_INTERVAL = '5m';
/** The address the launcher's apiserver listens on. */
export const BIND_ADDRESS = '127.0.0.1';

/** The apiserver binary: main.js beside the @skiff/apiserver library entry point. */
export function apiServerMainPath(): string {
  return fileURLToPath(new URL('./main.js', import.meta.resolve('@skiff/apiserver')));
}

export interface ApiServerLaunch {
  etcdEndpoint: string;
  port: number;
  /** Port of the gRPC transport the cluster's components use. */
  grpcPort: number;
  certDir: string;
  logFile: string;
  mainPath?: string;
  /** Further addresses its serving certificate must cover (the node bridge's, when nodes reach it through the forwarder). */
  tlsSans?: readonly string[];
  /** How it calls the kubelets (logs, exec): its client certificate and the CA the kubelets' serving certificates chain to. */
  kubeletClient?: { certFile: string; keyFile: string; caFile: string };
}

export function apiServerArgs(launch: ApiServerLaunch): string[] {
  return [
    launch.mainPath ?? apiServerMainPath(),
    `--etcd-servers=${launch.etcdEndpoint}`,
    `--secure-port=${launch.port}`,
    `--grpc-port=${launch.grpcPort}`,
    `--bind-address=${BIND_ADDRESS}`,
    `--cert-dir=${launch.certDir}`,
    `--service-cluster-ip-range=${SERVICE_CLUSTER_IP_RANGE}`,
    `--service-node-port-range=${SERVICE_NODE_PORT_RANGE}`,
    `--etcd-compaction-interval=${ETCD_COMPACTION_INTERVAL}`,
    ...(launch.tlsSans ?? []).map((san) => `--tls-san=${san}`),
    ...(launch.kubeletClient
      ? [
          `--kubelet-client-certificate=${launch.kubeletClient.certFile}`,
          `--kubelet-client-key=${launch.kubeletClient.keyFile}`,
          `--kubelet-certificate-authority=${launch.kubeletClient.caFile}`,
        ]
      : []),
  ];
}

/** Spawns the apiserver in its own session with stdout and stderr appended to `logFile`; the launcher may exit. */
export function startApiServer(launch: ApiServerLaunch): ChildProcess {
  const log = openSync(launch.logFile, 'a', 0o644);
  try {
    const child = spawn(process.execPath, apiServerArgs(launch), { detached: true, stdio: ['ignore', log, log] });
    child.unref();
    return child;
  } finally {
    closeSync(log);
  }
}
