/** Starting a node's kubelet inside the node's network namespace (`nsenter --net=`), detached, logging to a file. */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The kubelet's usual healthz port; each node has its own netns (and address), so every node can use it. */
export const KUBELET_HEALTH_PORT = 10248;
/** Kubernetes' default cluster domain. */
export const CLUSTER_DOMAIN = 'cluster.local';

/** packages/kubelet/dist/main.js, found by its place in the repository as the other components' binaries are. */
export function kubeletMainPath(): string {
  return fileURLToPath(new URL('../../packages/kubelet/dist/main.js', import.meta.url));
}

export interface KubeletLaunch {
  nodeName: string;
  /** The node's address on the bridge; the kubelet's health server listens there. */
  nodeIp: string;
  /** The node's network namespace file (/run/netns/<name>). */
  netnsPath: string;
  kubeconfig: string;
  /** `host:port` of the apiserver's gRPC transport as the node reaches it. */
  grpcAddress: string;
  containerdDir: string;
  rootDir: string;
  cgroupRoot: string;
  /** The node's pod CIDR, the one the host and the other nodes route to it (registered with the Node, kept by node IPAM). */
  podCidr: string;
  healthPort: number;
  /** The kubelet API's serving certificate and the CA of the clients it lets in (the apiserver's kubelet client). */
  tls?: { certFile: string; keyFile: string; clientCaFile: string };
  logFile: string;
  mainPath: string;
}

/** nsenter's argv: the node binary runs the kubelet in the node's netns; the mount namespace stays the host's. */
export function kubeletCommand(launch: KubeletLaunch): { command: string; args: string[] } {
  return {
    command: 'nsenter',
    args: [
      `--net=${launch.netnsPath}`,
      '--',
      process.execPath,
      launch.mainPath,
      `--kubeconfig=${launch.kubeconfig}`,
      `--grpc-address=${launch.grpcAddress}`,
      `--node-name=${launch.nodeName}`,
      `--node-ip=${launch.nodeIp}`,
      `--containerd-dir=${launch.containerdDir}`,
      `--root-dir=${launch.rootDir}`,
      `--cgroup-root=${launch.cgroupRoot}`,
      `--pod-cidr=${launch.podCidr}`,
      `--cluster-domain=${CLUSTER_DOMAIN}`,
      `--bind-address=${launch.nodeIp}`,
      `--address=${launch.nodeIp}`,
      `--health-port=${launch.healthPort}`,
      ...(launch.tls ? [`--tls-cert-file=${launch.tls.certFile}`, `--tls-private-key-file=${launch.tls.keyFile}`, `--client-ca-file=${launch.tls.clientCaFile}`] : []),
    ],
  };
}

/** Spawns it in its own session with stdout and stderr appended to `logFile`; the PID is nsenter's until it execs node. */
export function startKubelet(launch: KubeletLaunch): ChildProcess {
  const log = openSync(launch.logFile, 'a', 0o644);
  try {
    const { command, args } = kubeletCommand(launch);
    const child = spawn(command, args, { detached: true, stdio: ['ignore', log, log] });
    child.on('error', () => undefined);
    child.unref();
    return child;
  } finally {
    closeSync(log);
  }
}
