/** `skiff up`: PKI, etcd, the apiserver, the scheduler, the controller manager and N local nodes, started detached; a kubeconfig for the admin; all recorded in state.json. */
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { apiServerCertificateHosts, ensurePki, issueClientCertificate } from '@skiff/apiserver';
import { APISERVER_KUBELET_CLIENT_CN } from '@skiff/kubelet';
import { freePort, startEtcd } from '@skiff/storage';
import { BIND_ADDRESS, SERVICE_CLUSTER_IP_RANGE, startApiServer } from './apiserver-process.js';
import { DEFAULT_STATE_DIR } from './args.js';
import { CONTEXT_NAME, buildKubeconfig, kubeconfigPathForMerge, skiffEntries } from './kubeconfig.js';
import { mergeIntoKubeconfigFile, writeKubeconfigFile } from './kubeconfig-file.js';
import type { Output } from './output.js';
import { isPortFree } from './ports.js';
import { readProcessIdentity, isSameProcess } from './process-identity.js';
import { waitForReady } from './readiness.js';
import { componentHealthUrl, componentMainPath, startComponent } from './component-process.js';
import { componentHealthPort, writeComponentKubeconfig } from './component-setup.js';
import { CONTROL_PLANE, type ControlPlaneName } from './control-plane.js';
import { kubeletMainPath } from './kubelet-process.js';
import { NodeStartError, bridgeAddress, localNodesHealth, planLocalNodes, restartStoppedKubelets, startLocalNodes, stopLocalNodes } from './local-nodes.js';
import type { NodeNetworkPlan, PlanOptions } from './nodes/index.js';
import { STATE_VERSION, readState, writeState, type ClusterState, type ProcessRecord } from './state-file.js';
import { stopProcess } from './stop-process.js';

export interface UpOptions {
  stateDir: string;
  nodes: number;
  port: number;
  mergeKubeconfig: boolean;
  env?: NodeJS.ProcessEnv;
  /** Override of the apiserver binary (tests). */
  apiServerMainPath?: string;
  /** Overrides of the control-plane components' binaries (tests). */
  componentMainPaths?: Partial<Record<ControlPlaneName, string>>;
  /** Override of the kubelet binary (tests). */
  kubeletMainPath?: string;
  /**
   * The nodes' names and addresses: name prefix (`<prefix>-node-<i>`, also of their netns, bridge and veths; default
   * `skiff`), node subnet and pod CIDRs. Tests pick random ones so they never clash with a real cluster.
   */
  nodeNetwork?: PlanOptions;
  readyTimeoutMs?: number;
}

/** Every process a running cluster has; `up` restarts the cluster when one of them is not running. */
const COMPONENTS: readonly ProcessRecord['name'][] = ['etcd', 'apiserver', ...CONTROL_PLANE.map((c) => c.name)];

/** How many lines of a failed component's log a failed start shows. */
const LOG_TAIL_LINES = 20;
/** kubeadm's file name of the apiserver's client certificate for the kubelets, in the PKI folder. */
const APISERVER_KUBELET_CLIENT_FILE = 'apiserver-kubelet-client';

async function logTail(path: string): Promise<string> {
  const text = await readFile(path, 'utf8').catch(() => '');
  return text.trimEnd().split('\n').slice(-LOG_TAIL_LINES).join('\n');
}

async function recordProcess(name: ProcessRecord['name'], pid: number, logFile: string): Promise<ProcessRecord> {
  const identity = await readProcessIdentity(pid);
  if (!identity) throw new Error(`${name} (pid ${pid}) exited right after it started; see ${logFile}`);
  return { name, pid, cmdline: identity.cmdline, exe: identity.exe, startTime: identity.startTime, logFile };
}

/** The etcd ports of the last run when they are still free (its data remembers them), else new free ones. */
async function etcdPorts(previous: ClusterState | undefined): Promise<{ clientPort: number; peerPort: number }> {
  const old = previous?.etcd;
  if (old && old.clientPort !== old.peerPort && (await isPortFree(old.clientPort)) && (await isPortFree(old.peerPort))) {
    return { clientPort: old.clientPort, peerPort: old.peerPort };
  }
  const clientPort = await freePort();
  let peerPort = await freePort();
  while (peerPort === clientPort) peerPort = await freePort();
  return { clientPort, peerPort };
}

function usage(state: ClusterState, output: Output): void {
  const components = CONTROL_PLANE.flatMap((c) => {
    const s = state.components?.[c.name];
    return s ? [`, ${c.name} ${componentHealthUrl(s.healthPort)}`] : [];
  }).join('');
  output.out(`Skiff is up: apiserver ${state.apiServer.url}, etcd ${state.etcd.endpoint}${components}.`);
  const nodes = state.localNodes?.nodes ?? [];
  if (nodes.length > 0) output.out(`Nodes: ${nodes.map((n) => `${n.name} (${n.address})`).join(', ')}.`);
  if (state.kubeconfig.mergedInto) {
    output.out(`Context "${CONTEXT_NAME}" is merged into ${state.kubeconfig.mergedInto} and is the current context:`);
    output.out('  kubectl get ns');
    output.out('Or use the cluster\'s own kubeconfig:');
  } else {
    output.out('Use the cluster\'s kubeconfig:');
  }
  output.out(`  export KUBECONFIG=${state.kubeconfig.path}`);
  output.out('  kubectl get ns');
  output.out(`Logs are in ${join(state.stateDir, 'logs')}; stop the cluster with: skiff down${state.stateDir === DEFAULT_STATE_DIR ? '' : ` --state-dir ${state.stateDir}`}`);
}

/** The control plane and every node's containerd run, some kubelets do not: start just those (the pods keep running). */
async function restartKubelets(state: ClusterState, opts: UpOptions, output: Output): Promise<number> {
  const local = state.localNodes!;
  const pki = await ensurePki(state.pki.dir, {
    hosts: apiServerCertificateHosts({ bindAddress: BIND_ADDRESS, serviceClusterIpRange: SERVICE_CLUSTER_IP_RANGE, extra: [bridgeAddress(local.plan)] }),
  });
  const logsDir = join(state.stateDir, 'logs');
  try {
    const names = await restartStoppedKubelets({
      state,
      pki,
      logsDir,
      kubeletMainPath: opts.kubeletMainPath ?? kubeletMainPath(),
      readyTimeoutMs: opts.readyTimeoutMs,
      save: () => writeState(state),
    });
    output.out(`Started the kubelet of ${names.join(', ')} again; the pods kept running.`);
  } catch (err) {
    output.err(`skiff: ${(err as Error).message}`);
    const log = err instanceof NodeStartError ? err.logFile : undefined;
    const tail = log ? await logTail(log) : '';
    if (log && tail !== '') output.err(`Last lines of ${log}:\n${tail}`);
    return 1;
  }
  usage(state, output);
  return 0;
}

/** Brings the cluster up; returns the process exit code. */
export async function up(opts: UpOptions, output: Output): Promise<number> {
  let plan: NodeNetworkPlan | undefined;
  try {
    plan = opts.nodes > 0 ? planLocalNodes(opts.nodes, opts.nodeNetwork) : undefined;
  } catch (err) {
    output.err(`skiff: ${(err as Error).message}`);
    return 1;
  }
  const previous = await readState(opts.stateDir);
  if (previous && (previous.processes.length > 0 || previous.localNodes)) {
    const running = await Promise.all(previous.processes.map((p) => isSameProcess(p)));
    // A state from a launcher that started fewer components counts as partly running.
    const complete = COMPONENTS.every((name) => previous.processes.some((p) => p.name === name));
    const nodes = complete && running.every(Boolean) ? await localNodesHealth(previous.localNodes, opts.nodes) : 'broken';
    if (nodes === 'running') {
      output.out(`Skiff is already up (apiserver ${previous.apiServer.url}, state in ${opts.stateDir}); nothing to do.`);
      return 0;
    }
    if (nodes === 'kubelets-down') return restartKubelets(previous, opts, output);
    output.out(running.some(Boolean) ? 'Part of the cluster is not running (or it has other nodes); restarting it.' : 'The cluster was not stopped with skiff down and is not running; starting it again.');
    if (previous.localNodes) {
      for (const e of await stopLocalNodes(previous.localNodes)) output.err(`skiff: warning: ${e}`);
    }
    for (const p of [...previous.processes].reverse()) await stopProcess(p);
    const { localNodes: _nodes, ...rest } = previous;
    await writeState({ ...rest, processes: [] });
  }

  if (!(await isPortFree(opts.port))) {
    output.err(`skiff: port ${opts.port} on 127.0.0.1 is in use; choose another with --port.`);
    return 1;
  }
  const logsDir = join(opts.stateDir, 'logs');
  await mkdir(logsDir, { recursive: true });
  // The same hosts the apiserver asks for, so it finds the certificate made here and keeps it.
  // Nodes reach the apiserver on the bridge address (through the forwarder), so the certificate names it too.
  const tlsSans = plan ? [bridgeAddress(plan)] : [];
  const pki = await ensurePki(join(opts.stateDir, 'pki'), {
    hosts: apiServerCertificateHosts({ bindAddress: BIND_ADDRESS, serviceClusterIpRange: SERVICE_CLUSTER_IP_RANGE, extra: tlsSans }),
  });
  const apiUrl = `https://127.0.0.1:${opts.port}`;
  const { clientPort, peerPort } = await etcdPorts(previous);
  // The gRPC port is kept across restarts, like etcd's, so components' configuration stays valid.
  const grpcPort = previous?.apiServer.grpcPort ?? (await freePort());
  const etcdDataDir = join(opts.stateDir, 'etcd');
  const etcdLog = join(logsDir, 'etcd.log');
  const state: ClusterState = {
    version: STATE_VERSION,
    stateDir: opts.stateDir,
    etcd: { endpoint: `http://127.0.0.1:${clientPort}`, clientPort, peerPort, dataDir: etcdDataDir },
    apiServer: { url: apiUrl, port: opts.port, grpcPort },
    pki: { dir: pki.dir, caCert: pki.caCertPath, adminCert: pki.adminCertPath, adminKey: pki.adminKeyPath },
    kubeconfig: { path: join(opts.stateDir, 'kubeconfig') },
    components: {},
    processes: [],
    startedAt: new Date().toISOString(),
  };

  for (const c of CONTROL_PLANE) {
    state.components![c.name] = { healthPort: await componentHealthPort(previous?.components?.[c.name]?.healthPort), kubeconfig: join(opts.stateDir, c.kubeconfigFile) };
  }
  const apiLog = join(logsDir, 'apiserver.log');
  const logOf = (name: ProcessRecord['name']): string => join(logsDir, `${name}.log`);
  let etcd: Awaited<ReturnType<typeof startEtcd>> | undefined;
  try {
    etcd = await startEtcd({ dataDir: etcdDataDir, clientPort, peerPort, name: 'skiff', detached: true, logFile: etcdLog });
    state.etcd.endpoint = etcd.endpoint;
    state.processes.push(await recordProcess('etcd', etcd.pid, etcdLog));
    // Recorded before the apiserver starts, so `skiff down` can clean up even if this launcher dies now.
    await writeState(state);

    const kubeletClient = await issueClientCertificate(
      { caCertPem: pki.caCertPem, caKeyPem: pki.caKeyPem },
      { commonName: APISERVER_KUBELET_CLIENT_CN, organizations: ['system:masters'], dir: pki.dir, name: APISERVER_KUBELET_CLIENT_FILE },
    );
    const child = startApiServer({
      etcdEndpoint: etcd.endpoint,
      port: opts.port,
      grpcPort,
      certDir: pki.dir,
      logFile: apiLog,
      mainPath: opts.apiServerMainPath,
      tlsSans,
      kubeletClient: { certFile: kubeletClient.certPath, keyFile: kubeletClient.keyPath, caFile: pki.caCertPath },
    });
    if (child.pid === undefined) throw new Error('the apiserver could not be started');
    const apiserver = await recordProcess('apiserver', child.pid, apiLog);
    state.processes.push(apiserver);
    await writeState(state);
    await waitForReady(apiUrl, { ca: pki.caCertPem, cert: pki.adminCertPem, key: pki.adminKeyPem }, {
      timeoutMs: opts.readyTimeoutMs,
      stillRunning: () => isSameProcess(apiserver),
    });

    for (const c of CONTROL_PLANE) {
      const cs = state.components![c.name]!;
      await writeComponentKubeconfig(c, pki, apiUrl, cs.kubeconfig);
      const child = startComponent({
        kubeconfig: cs.kubeconfig,
        grpcAddress: `127.0.0.1:${grpcPort}`,
        healthPort: cs.healthPort,
        logFile: logOf(c.name),
        mainPath: opts.componentMainPaths?.[c.name] ?? componentMainPath(c),
      });
      if (child.pid === undefined) throw new Error(`${c.title} could not be started`);
      const record = await recordProcess(c.name, child.pid, logOf(c.name));
      state.processes.push(record);
      await writeState(state);
      await waitForReady(componentHealthUrl(cs.healthPort), undefined, {
        timeoutMs: opts.readyTimeoutMs,
        stillRunning: () => isSameProcess(record),
        component: c.title,
      });
    }
    if (plan) {
      await startLocalNodes({
        state,
        plan,
        pki,
        logsDir,
        kubeletMainPath: opts.kubeletMainPath ?? kubeletMainPath(),
        readyTimeoutMs: opts.readyTimeoutMs,
        save: () => writeState(state),
      });
    }
  } catch (err) {
    // The log of the component started last is the one that tells why.
    const failed = state.processes.at(-1)?.name;
    const nodeErrors = state.localNodes ? await stopLocalNodes(state.localNodes) : [];
    for (const p of [...state.processes].reverse()) await stopProcess(p).catch(() => undefined);
    await etcd?.stop().catch(() => undefined);
    const { localNodes: _nodes, ...rest } = state;
    await writeState({ ...rest, processes: [] });
    output.err(`skiff: ${(err as Error).message}`);
    for (const e of nodeErrors) output.err(`skiff: warning: ${e}`);
    const log =
      state.localNodes !== undefined
        ? err instanceof NodeStartError ? err.logFile : undefined
        : failed === undefined || failed === 'etcd' ? undefined : failed === 'apiserver' ? apiLog : logOf(failed);
    const tail = log ? await logTail(log) : '';
    if (log && tail !== '') output.err(`Last lines of ${log}:\n${tail}`);
    else if (!log) output.err(`See ${state.localNodes !== undefined ? logsDir : etcdLog}.`);
    output.err(nodeErrors.length === 0 ? 'Nothing was left running.' : 'Some of the nodes could not be removed; see the warnings above.');
    return 1;
  }

  const entries = skiffEntries({ server: apiUrl, caCertPem: pki.caCertPem, clientCertPem: pki.adminCertPem, clientKeyPem: pki.adminKeyPem });
  await writeKubeconfigFile(state.kubeconfig.path, buildKubeconfig(entries));
  if (opts.mergeKubeconfig) {
    const target = kubeconfigPathForMerge(opts.env ?? process.env);
    const { previousContext } = await mergeIntoKubeconfigFile(target, entries);
    state.kubeconfig.mergedInto = target;
    // When skiff already was the current context (a restart), the context to go back to is the one recorded before.
    const restore = previousContext !== undefined && previousContext !== CONTEXT_NAME ? previousContext : previous?.kubeconfig.previousContext;
    if (restore !== undefined) state.kubeconfig.previousContext = restore;
  }
  await writeState(state);
  usage(state, output);
  return 0;
}
