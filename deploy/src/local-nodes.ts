/** `up --nodes N`: the nodes' network, the apiserver forwarder on the bridge, images, a containerd and a kubelet per node; and their complete removal. */
import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { mkdir, realpath } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { issueClientCertificate, type Pki } from '@skiff/apiserver';
import { PAUSE_IMAGE, buildImages, cleanupNodeRuntime, cniNetworkName, importImages, startContainerd, unmountAllUnder } from '@skiff/kubelet';
import { componentKubeconfig } from './kubeconfig.js';
import { writeKubeconfigFile } from './kubeconfig-file.js';
import { KUBELET_HEALTH_PORT, startKubelet } from './kubelet-process.js';
import { nodeNetnsPath, planNodeNetwork, setUpNodeNetwork, tearDownNodeNetwork, type NodeNetworkPlan, type PlanOptions } from './nodes/index.js';
import { isSameProcess, readIdentityAfterExec, readProcessIdentity } from './process-identity.js';
import { waitForReady } from './readiness.js';
import type { ClusterState, LocalNodeState, LocalNodesState, ProcessRecord } from './state-file.js';
import { stopProcess } from './stop-process.js';
import { formatForwardRule } from './tcp-forwarder.js';

/** The CNI bridge the kubelet's conflist names inside each node's netns (the bridge plugin never deletes it). */
export const NODE_CNI_BRIDGE = 'cni0';
/** nsenter execs its target within milliseconds; a loaded machine may take a while to load node. */
const EXEC_WAIT_MS = 10_000;

/** A node start that failed; `logFile` is the log that tells why. */
export class NodeStartError extends Error {
  constructor(message: string, readonly logFile: string | undefined) {
    super(message);
    this.name = 'NodeStartError';
  }
}

/** The bridge's address (without prefix length): how the nodes reach the host and the apiserver. */
export function bridgeAddress(plan: NodeNetworkPlan): string {
  return plan.bridgeCidr.split('/')[0]!;
}

/** The cluster's pod range: the controller manager's default --cluster-cidr, kept on the machine by the node network. */
export const CLUSTER_POD_CIDR = '10.244.0.0/16';

/**
 * The plan for `count` nodes named `<prefix>-node-<i>` (default prefix `skiff`, subnet 10.250.0.0/24, pods
 * 10.244.<i>.0/24, each registered by its kubelet with --pod-cidr so node IPAM keeps it and the routes match).
 */
export function planLocalNodes(count: number, opts: PlanOptions = {}): NodeNetworkPlan {
  return planNodeNetwork(count, { clusterCidr: CLUSTER_POD_CIDR, ...opts });
}

function forwarderMainPath(): string {
  return fileURLToPath(new URL('./tcp-forwarder-main.js', import.meta.url));
}

async function record(name: ProcessRecord['name'], pid: number | undefined, logFile: string, execPath?: string): Promise<ProcessRecord> {
  const identity = pid === undefined ? undefined : execPath ? await readIdentityAfterExec(pid, execPath, EXEC_WAIT_MS) : await readProcessIdentity(pid);
  if (!identity) throw new NodeStartError(`${name} exited right after it started; see ${logFile}`, logFile);
  return { name, pid: identity.pid, cmdline: identity.cmdline, exe: identity.exe, startTime: identity.startTime, logFile };
}

export interface StartLocalNodesContext {
  state: ClusterState;
  plan: NodeNetworkPlan;
  pki: Pki;
  logsDir: string;
  kubeletMainPath: string;
  readyTimeoutMs?: number;
  /** Persists `state` (called after every step, so `down` can undo what a crashed launcher made). */
  save: () => Promise<void>;
}

/** Brings the nodes up one by one; on failure throws with `state.localNodes` describing everything made so far. */
export async function startLocalNodes(ctx: StartLocalNodesContext): Promise<void> {
  const { state, plan, pki } = ctx;
  const local: LocalNodesState = { plan, nodes: [] };
  state.localNodes = local;
  await ctx.save();
  await setUpNodeNetwork(plan);
  await ctx.save(); // keeps plan.ownsNetnsRunDir

  const bridge = bridgeAddress(plan);
  const ports = [state.apiServer.port, ...(state.apiServer.grpcPort === undefined ? [] : [state.apiServer.grpcPort])];
  const forwarderLog = join(ctx.logsDir, 'api-forwarder.log');
  const log = openSync(forwarderLog, 'a', 0o644);
  let forwarderPid: number | undefined;
  try {
    const rules = ports.map((port) => formatForwardRule({ listenHost: bridge, listenPort: port, targetHost: '127.0.0.1', targetPort: port }));
    const child = spawn(process.execPath, [forwarderMainPath(), ...rules], { detached: true, stdio: ['ignore', log, log] });
    child.on('error', () => undefined);
    child.unref();
    forwarderPid = child.pid;
  } finally {
    closeSync(log);
  }
  const forwarder = await record('api-forwarder', forwarderPid, forwarderLog);
  local.forwarder = forwarder;
  await ctx.save();
  const server = `https://${bridge}:${state.apiServer.port}`;
  try {
    // Through the forwarder and against the certificate's bridge SAN: what every kubelet will do.
    await waitForReady(server, { ca: pki.caCertPem, cert: pki.adminCertPem, key: pki.adminKeyPem }, {
      timeoutMs: ctx.readyTimeoutMs,
      stillRunning: () => isSameProcess(forwarder),
      component: 'the apiserver forwarder',
    });
  } catch (err) {
    throw new NodeStartError((err as Error).message, forwarderLog);
  }

  const imagesDir = join(state.stateDir, 'images');
  const images = await buildImages(imagesDir, { cacheDir: join(imagesDir, 'cache') });
  const nodeExec = await realpath(process.execPath);

  for (const net of plan.nodes) {
    const dir = join(state.stateDir, 'nodes', net.name);
    const node: LocalNodeState = {
      name: net.name,
      address: net.address,
      dir,
      containerdDir: join(dir, 'containerd'),
      kubeconfig: join(dir, 'kubeconfig'),
      cgroupRoot: `kubelet-${net.name}`,
      healthPort: KUBELET_HEALTH_PORT,
    };
    local.nodes.push(node);
    await mkdir(dir, { recursive: true });
    await ctx.save();

    const containerdLog = join(ctx.logsDir, `containerd-${net.name}.log`);
    let containerd;
    try {
      containerd = await startContainerd({ dir: node.containerdDir, netns: nodeNetnsPath(net), sandboxImage: PAUSE_IMAGE, logFile: containerdLog });
    } catch (err) {
      throw new NodeStartError(`containerd of ${net.name}: ${(err as Error).message}`, containerdLog);
    }
    node.containerdPid = containerd.pid;
    await ctx.save();
    await importImages(containerd.socket, images.map((i) => i.tarPath));

    await startNodeKubelet({ state, pki, logsDir: ctx.logsDir, kubeletMainPath: ctx.kubeletMainPath, readyTimeoutMs: ctx.readyTimeoutMs, save: ctx.save }, node, nodeExec);
  }
}

export type KubeletStartContext = Pick<StartLocalNodesContext, 'state' | 'pki' | 'logsDir' | 'kubeletMainPath' | 'readyTimeoutMs' | 'save'>;

/** One node's kubelet: its certificates and kubeconfig (reused when still good), started in the node netns and healthy. */
async function startNodeKubelet(ctx: KubeletStartContext, node: LocalNodeState, nodeExec: string): Promise<void> {
  const { state, pki } = ctx;
  const local = state.localNodes!;
  const net = local.plan.nodes.find((n) => n.name === node.name);
  if (!net) throw new NodeStartError(`node ${node.name} is not in the network plan`, undefined);
  const bridge = bridgeAddress(local.plan);
  const server = `https://${bridge}:${state.apiServer.port}`;
  const dir = node.dir;
  const user = `system:node:${net.name}`;
  const cert = await issueClientCertificate(
    { caCertPem: pki.caCertPem, caKeyPem: pki.caKeyPem },
    { commonName: user, organizations: ['system:nodes'], dir: pki.dir, name: `kubelet-${net.name}` },
  );
  await writeKubeconfigFile(node.kubeconfig, componentKubeconfig({ server, caCertPem: pki.caCertPem, clientCertPem: cert.certPem, clientKeyPem: cert.keyPem, user }));
  // The kubelet API's serving certificate: the apiserver dials the node's address and checks it against the cluster CA.
  const serving = await issueClientCertificate(
    { caCertPem: pki.caCertPem, caKeyPem: pki.caKeyPem },
    { commonName: net.name, organizations: ['system:nodes'], dir: pki.dir, name: `kubelet-${net.name}-serving`, usage: 'server', hosts: [net.address, net.name] },
  );

  const kubeletLog = join(ctx.logsDir, `kubelet-${net.name}.log`);
  const child = startKubelet({
    nodeName: net.name,
    nodeIp: net.address,
    netnsPath: nodeNetnsPath(net),
    kubeconfig: node.kubeconfig,
    grpcAddress: `${bridge}:${state.apiServer.grpcPort ?? state.apiServer.port}`,
    containerdDir: node.containerdDir,
    rootDir: join(dir, 'kubelet'),
    cgroupRoot: node.cgroupRoot,
    podCidr: net.podCidr,
    healthPort: node.healthPort,
    tls: { certFile: serving.certPath, keyFile: serving.keyPath, clientCaFile: pki.caCertPath },
    logFile: kubeletLog,
    mainPath: ctx.kubeletMainPath,
  });
  const kubelet = await record('kubelet', child.pid, kubeletLog, nodeExec);
  node.kubelet = kubelet;
  await ctx.save();
  try {
    await waitForReady(`http://${net.address}:${node.healthPort}`, undefined, {
      timeoutMs: ctx.readyTimeoutMs,
      stillRunning: () => isSameProcess(kubelet),
      component: `the kubelet of ${net.name}`,
    });
  } catch (err) {
    throw new NodeStartError((err as Error).message, kubeletLog);
  }
}

/**
 * How the recorded nodes are doing: `running` when every node process runs (and the count is what is asked for);
 * `kubelets-down` when only kubelets stopped (their nodes' containerd, and so the pods, still run); else `broken`.
 */
export async function localNodesHealth(local: LocalNodesState | undefined, count: number): Promise<'running' | 'kubelets-down' | 'broken'> {
  if (count === 0) return local === undefined ? 'running' : 'broken';
  if (!local || local.nodes.length !== count || !local.forwarder || !(await isSameProcess(local.forwarder))) return 'broken';
  let kubeletsDown = false;
  for (const node of local.nodes) {
    if (node.containerdPid === undefined || !(await readProcessIdentity(node.containerdPid))) return 'broken';
    if (!node.kubelet || !(await isSameProcess(node.kubelet))) kubeletsDown = true;
  }
  return kubeletsDown ? 'kubelets-down' : 'running';
}

/**
 * Starts the kubelet of every node whose kubelet is not running, as a service manager would; containerd and the pods
 * are left alone, so the new kubelet adopts the running containers. Returns the names of the nodes it restarted.
 */
export async function restartStoppedKubelets(ctx: KubeletStartContext): Promise<string[]> {
  const restarted: string[] = [];
  const nodeExec = await realpath(process.execPath);
  for (const node of ctx.state.localNodes?.nodes ?? []) {
    if (node.kubelet && (await isSameProcess(node.kubelet))) continue;
    await startNodeKubelet(ctx, node, nodeExec);
    restarted.push(node.name);
  }
  return restarted;
}

/**
 * Removes everything the nodes made: kubelets stopped, each node's runtime torn down (pods, containerd, shims, mounts,
 * cgroups, CNI bridge and results, its containerd dir), the forwarder stopped, the network deleted. Every step is tried;
 * returns what could not be done (empty when nothing is left).
 */
export async function stopLocalNodes(local: LocalNodesState): Promise<string[]> {
  const errors: string[] = [];
  const attempt = async (what: string, step: () => Promise<unknown>): Promise<void> => {
    try {
      await step();
    } catch (err) {
      errors.push(`${what}: ${(err as Error).message}`);
    }
  };
  for (const node of [...local.nodes].reverse()) {
    if (node.kubelet) await attempt(`kubelet of ${node.name}`, () => stopProcess(node.kubelet!));
  }
  for (const node of local.nodes) {
    const net = local.plan.nodes.find((n) => n.name === node.name);
    await attempt(`runtime of ${node.name}`, async () => {
      const report = await cleanupNodeRuntime({
        dir: node.containerdDir,
        pid: node.containerdPid,
        cgroupRoot: node.cgroupRoot,
        networkName: cniNetworkName(node.name),
        bridge: NODE_CNI_BRIDGE,
        netns: net ? nodeNetnsPath(net) : undefined,
      });
      errors.push(...report.errors.map((e) => `runtime of ${node.name}: ${e}`));
    });
    // The kubelet's own mounts (volumes under its root dir), if it left any.
    await attempt(`mounts of ${node.name}`, async () => {
      const { left } = await unmountAllUnder(node.dir);
      if (left.length > 0) throw new Error(`still mounted: ${left.join(' ')}`);
    });
  }
  if (local.forwarder) await attempt('api forwarder', () => stopProcess(local.forwarder!));
  await attempt('node network', () => tearDownNodeNetwork(local.plan));
  return errors;
}
