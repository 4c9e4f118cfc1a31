/** What a local cluster leaves on the machine after `skiff down`: read from /proc, the mount table, ip, cgroupfs and the CNI cache. */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, readFile, readlink } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
/** libcni's result cache, shared by every CNI user on the machine. */
const CNI_RESULTS_DIR = '/var/lib/cni/results';
const CGROUP_FS_ROOT = '/sys/fs/cgroup';

/** Everything a cluster made that must be gone afterwards, as its state file names it. */
export interface ClusterFootprint {
  stateDir: string;
  /** The processes it recorded (etcd, control plane, forwarder, kubelets) as their PID and command line. */
  processes: { pid: number; cmdline: string[] }[];
  netns: string[];
  /** The node bridge and the host ends of the nodes' veths. */
  links: string[];
  /** First segment of each node's pod cgroups. */
  cgroupRoots: string[];
  /** The nodes' CNI network names (prefix of their result cache entries). */
  cniNetworks: string[];
}

/** Processes whose command line names `text`, or that are still one of the recorded processes (same PID, same command line). */
async function processesOf(recorded: ClusterFootprint['processes'], text: string): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    const argv = (await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '')).split('\0').filter((a) => a !== '');
    const cmdline = argv.join(' ');
    const same = recorded.some((r) => r.pid === Number(entry) && r.cmdline.join(' ') === cmdline);
    if (same || cmdline.includes(text)) found.push(`${entry}: ${cmdline}`);
  }
  return found;
}

/** Shims and containers do not name the state dir on their command line, but their cwd or root lies under it. */
async function processesRootedIn(dir: string): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    for (const link of ['cwd', 'root']) {
      const target = await readlink(`/proc/${entry}/${link}`).catch(() => '');
      if (target.startsWith(dir)) {
        found.push(`${entry}: ${link} ${target}`);
        break;
      }
    }
  }
  return found;
}

async function linkExists(name: string): Promise<boolean> {
  return run('ip', ['link', 'show', name]).then(
    () => true,
    () => false,
  );
}

/** Each kind of leftover, listed; all lists empty means the machine is as it was. */
export async function leftoversOf(f: ClusterFootprint): Promise<Record<string, string[]>> {
  const mounts = (await readFile('/proc/self/mountinfo', 'utf8')).split('\n').map((l) => l.split(' ')[4] ?? '').filter((m) => m.startsWith(f.stateDir));
  const netnsNames = await readdir('/run/netns').catch(() => [] as string[]);
  const cgroups: string[] = [];
  for (const controller of await readdir(CGROUP_FS_ROOT)) {
    for (const root of f.cgroupRoots) if (existsSync(join(CGROUP_FS_ROOT, controller, root))) cgroups.push(join(controller, root));
  }
  const results = await readdir(CNI_RESULTS_DIR).catch(() => [] as string[]);
  const links: string[] = [];
  for (const l of f.links) if (await linkExists(l)) links.push(l);
  return {
    processes: [...(await processesOf(f.processes, f.stateDir)), ...(await processesRootedIn(f.stateDir))],
    mounts,
    netns: netnsNames.filter((n) => f.netns.includes(n)),
    links,
    cgroups,
    cniResults: results.filter((r) => f.cniNetworks.some((n) => r.startsWith(`${n}-`))),
    stateDir: existsSync(f.stateDir) ? [f.stateDir] : [],
  };
}
