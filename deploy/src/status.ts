/** `skiff status`: which recorded processes run, on which ports, and whether the apiserver and the control-plane components are ready. */
import { readFile } from 'node:fs/promises';
import type { Output } from './output.js';
import { isSameProcess } from './process-identity.js';
import { isReady } from './readiness.js';
import { componentHealthUrl } from './component-process.js';
import { readState, type ClusterState, type ProcessRecord } from './state-file.js';

export interface ComponentStatus {
  name: string;
  pid: number;
  running: boolean;
  endpoint: string;
  /** Only for the apiserver and the control-plane components: /readyz answered 200. */
  ready?: boolean;
}

async function apiServerReady(state: ClusterState): Promise<boolean> {
  try {
    const [ca, cert, key] = await Promise.all([state.pki.caCert, state.pki.adminCert, state.pki.adminKey].map((p) => readFile(p, 'utf8')));
    return await isReady(state.apiServer.url, { ca: ca!, cert: cert!, key: key! });
  } catch {
    return false;
  }
}

/** Where a component answers: etcd's client URL, the apiserver's URL, a control-plane component's health server. */
function endpointOf(state: ClusterState, name: ProcessRecord['name']): string {
  if (name === 'etcd') return state.etcd.endpoint;
  if (name === 'apiserver') return state.apiServer.url;
  // Node processes are kept in state.localNodes, not in state.processes.
  if (name === 'kubelet' || name === 'api-forwarder') return '';
  const component = state.components?.[name];
  return component ? componentHealthUrl(component.healthPort) : '';
}

export async function componentStatuses(state: ClusterState): Promise<ComponentStatus[]> {
  return Promise.all(
    state.processes.map(async (p) => {
      const running = await isSameProcess(p);
      const endpoint = endpointOf(state, p.name);
      const status: ComponentStatus = { name: p.name, pid: p.pid, running, endpoint };
      if (p.name === 'apiserver') status.ready = running && (await apiServerReady(state));
      else if (p.name !== 'etcd') status.ready = running && endpoint !== '' && (await isReady(endpoint));
      return status;
    }),
  );
}

function table(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]! + 3))).join('').trimEnd());
}

/** Prints the status; exit code 0 only when every recorded component runs and every one with a /readyz is ready. */
export async function status(opts: { stateDir: string }, output: Output): Promise<number> {
  const state = await readState(opts.stateDir);
  if (!state || state.processes.length === 0) {
    output.out(`Skiff is down (state dir ${opts.stateDir}).`);
    return 1;
  }
  const statuses = await componentStatuses(state);
  const rows = [['COMPONENT', 'PID', 'STATUS', 'ENDPOINT']];
  for (const s of statuses) {
    const word = !s.running ? 'stopped' : s.ready === false ? 'running, not ready' : 'running';
    rows.push([s.name, String(s.pid), word, s.endpoint]);
  }
  for (const line of table(rows)) output.out(line);
  output.out(`kubeconfig: ${state.kubeconfig.path}${state.kubeconfig.mergedInto ? ` (merged into ${state.kubeconfig.mergedInto})` : ''}`);
  return statuses.every((s) => s.running && s.ready !== false) ? 0 : 1;
}
