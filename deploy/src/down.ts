/** `skiff down`: stops exactly the processes `up` recorded, takes the skiff entries out of the user's kubeconfig, optionally purges the data. */
import { readFile, readdir, rm, rmdir } from 'node:fs/promises';
import { join } from 'node:path';
import { removeFromKubeconfigFile } from './kubeconfig-file.js';
import { CLUSTER_NAME, parseKubeconfig, type KubeconfigEntries } from './kubeconfig.js';
import type { Output } from './output.js';
import { CONTROL_PLANE } from './control-plane.js';
import { STATE_FILE, readState, writeState } from './state-file.js';
import { stopProcess } from './stop-process.js';
import { stopLocalNodes } from './local-nodes.js';

export interface DownOptions {
  stateDir: string;
  purge: boolean;
}

/** What `up` puts in the state folder; `--purge` deletes these and nothing else. */
export const STATE_DIR_ENTRIES = ['pki', 'etcd', 'logs', 'kubeconfig', 'nodes', 'images', ...CONTROL_PLANE.map((c) => c.kubeconfigFile), STATE_FILE] as const;

/** The cluster entry of DIR/kubeconfig: the merged entry is removed only while it still equals this one. */
async function ourClusterEntry(path: string): Promise<KubeconfigEntries['cluster'] | undefined> {
  const text = await readFile(path, 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  const cluster = parseKubeconfig(text, path).clusters?.find((c) => c?.name === CLUSTER_NAME)?.cluster;
  return cluster as KubeconfigEntries['cluster'] | undefined;
}

async function purge(stateDir: string): Promise<void> {
  for (const entry of STATE_DIR_ENTRIES) await rm(join(stateDir, entry), { recursive: true, force: true });
  // The folder itself goes only when nothing else was put in it.
  const left = await readdir(stateDir).catch(() => undefined);
  if (left && left.length === 0) await rmdir(stateDir);
}

/** Takes the cluster down; returns the process exit code. */
export async function down(opts: DownOptions, output: Output): Promise<number> {
  const state = await readState(opts.stateDir);
  if (!state) {
    output.out(`Skiff is not up (no state in ${opts.stateDir}).`);
    if (opts.purge) await purge(opts.stateDir);
    return 0;
  }
  // Nodes first: their kubelets still talk to the control plane, and their pods must go before containerd does.
  let nodesLeft = false;
  if (state.localNodes) {
    const errors = await stopLocalNodes(state.localNodes);
    for (const e of errors) output.err(`skiff: ${e}`);
    nodesLeft = errors.length > 0;
  }
  for (const p of [...state.processes].reverse()) {
    const outcome = await stopProcess(p);
    if (outcome === 'killed') output.out(`${p.name} (pid ${p.pid}) ignored SIGTERM and was killed.`);
    if (outcome === 'not-ours') output.out(`${p.name} (pid ${p.pid}) had already exited; that PID now belongs to another process, left alone.`);
  }
  if (state.kubeconfig.mergedInto) {
    const ours = await ourClusterEntry(state.kubeconfig.path);
    if (ours) await removeFromKubeconfigFile(state.kubeconfig.mergedInto, ours, state.kubeconfig.previousContext);
  }
  const { mergedInto: _merged, previousContext: _previous, ...kubeconfig } = state.kubeconfig;
  const { localNodes, ...rest } = state;
  if (nodesLeft) {
    // The nodes' record stays, so another `skiff down` can retry what failed (the data is not purged).
    await writeState({ ...rest, localNodes, processes: [], kubeconfig });
    output.err('skiff: some of the nodes could not be removed (see above); run skiff down again.');
    return 1;
  }
  if (opts.purge) {
    await purge(opts.stateDir);
    output.out(`Skiff is down; its data in ${opts.stateDir} is deleted.`);
  } else {
    await writeState({ ...rest, processes: [], kubeconfig });
    output.out(`Skiff is down. Its data is kept in ${opts.stateDir} (delete it with skiff down --purge).`);
  }
  return 0;
}
