/** The launcher's record of a cluster, DIR/state.json: what runs (PIDs and their identity), on which ports, where. */
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ControlPlaneName } from './control-plane.js';
import type { NodeNetworkPlan } from './nodes/index.js';

export const STATE_FILE = 'state.json';
export const STATE_VERSION = 1;

/** Enough about a started process to recognise it later, so a reused PID is never signalled. */
export interface ProcessRecord {
  name: 'etcd' | 'apiserver' | ControlPlaneName | 'kubelet' | 'api-forwarder';
  pid: number;
  /** argv as /proc/PID/cmdline showed it right after the start. */
  cmdline: string[];
  /** Target of /proc/PID/exe right after the start. */
  exe: string;
  /** Field 22 of /proc/PID/stat: start time in clock ticks since boot. */
  startTime: string;
  logFile: string;
}

/** Where a control-plane component answers and which kubeconfig it runs with. */
export interface ComponentState {
  healthPort: number;
  kubeconfig: string;
}

/** One local node (`up --nodes N`): where its containerd and kubelet keep things, and what runs for it. */
export interface LocalNodeState {
  name: string;
  /** Its address on the node bridge; the kubelet's health server listens there. */
  address: string;
  /** <state>/nodes/<name>: kubeconfig, kubelet root dir, containerd dir. */
  dir: string;
  containerdDir: string;
  /** containerd's PID (nsenter's, which exec'd containerd); absent until it started. */
  containerdPid?: number;
  kubeconfig: string;
  /** The pods' cgroup tree (first segment of every pod's cgroup parent), removed on teardown. */
  cgroupRoot: string;
  healthPort: number;
  kubelet?: ProcessRecord;
}

/** The local nodes and what they share: the host network plan and the forwarder that lets them reach the apiserver. */
export interface LocalNodesState {
  plan: NodeNetworkPlan;
  /** Forwards the bridge address's apiserver ports to the apiserver on 127.0.0.1. */
  forwarder?: ProcessRecord;
  nodes: LocalNodeState[];
}

export interface ClusterState {
  version: number;
  stateDir: string;
  etcd: { endpoint: string; clientPort: number; peerPort: number; dataDir: string };
  apiServer: { url: string; port: number; grpcPort?: number };
  pki: { dir: string; caCert: string; adminCert: string; adminKey: string };
  /** The control-plane components' health ports and kubeconfigs (absent in the state of an older launcher). */
  components?: Partial<Record<ControlPlaneName, ComponentState>>;
  kubeconfig: {
    path: string;
    /** The user's kubeconfig we merged the `skiff` entries into, if any. */
    mergedInto?: string;
    /** Its current-context before the merge, restored by `down`. */
    previousContext?: string;
  };
  /** The local nodes, from the moment their network is planned until `down` has removed them. */
  localNodes?: LocalNodesState;
  /** In start order; empty once the cluster is down. */
  processes: ProcessRecord[];
  startedAt: string;
}

export function statePath(stateDir: string): string {
  return join(stateDir, STATE_FILE);
}

/** The recorded state, or undefined when there is none. A file that cannot be read as state is an error. */
export async function readState(stateDir: string): Promise<ClusterState | undefined> {
  let text: string;
  try {
    text = await readFile(statePath(stateDir), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  let state: ClusterState;
  try {
    state = JSON.parse(text) as ClusterState;
  } catch (err) {
    throw new Error(`${statePath(stateDir)} is not valid JSON: ${(err as Error).message}`);
  }
  if (state.version !== STATE_VERSION || !Array.isArray(state.processes)) {
    throw new Error(`${statePath(stateDir)} is not a Skiff state file of version ${STATE_VERSION}`);
  }
  return state;
}

/** Writes the state through a temporary file and a rename, so a crash never leaves half a file. */
export async function writeState(state: ClusterState): Promise<void> {
  await mkdir(state.stateDir, { recursive: true });
  const path = statePath(state.stateDir);
  const tmp = `${path}.tmp-${process.pid}`;
  try {
    await writeFile(tmp, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o644 });
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}
