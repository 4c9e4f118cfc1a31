/** Tears a node's container runtime down so that nothing is left: CRI first, then containerd, then the hard path (runc, shims, mounts, cgroups, CNI state, the directory). */
import { existsSync } from 'node:fs';
import { readdir, readFile, rm, rmdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { CriClient } from '../cri/cri-client.js';
import { isCriNotFound } from '../cri/cri-error.js';
import { unmountAllUnder } from './mounts.js';
import { containerdPaths, CRI_NAMESPACE, type ContainerdPaths } from './paths.js';
import { allPids, processCmdline, run, signal, sleep, waitForExit } from './proc.js';
import { stopContainerd } from './stop.js';

/** Where libcni caches results, for every runtime on the machine (containerd 1.6 cannot move it). */
export const CNI_RESULTS_DIR = '/var/lib/cni/results';
/** The cgroup filesystem root (cgroup v1 controllers below it, or cgroup v2 itself). */
export const CGROUP_FS_ROOT = '/sys/fs/cgroup';
/** Deadline of each CRI call during teardown: a hung runtime must not stall the teardown; the hard path follows anyway. */
const CLEANUP_CRI_DEADLINE_MS = 30_000;
/** Probe for a live containerd before the CRI path. */
const CLEANUP_PROBE_DEADLINE_MS = 2_000;
/** Killed processes (SIGKILL) vanish within milliseconds; wait at most this long. */
const KILL_WAIT_MS = 5_000;
/** A cgroup whose last process is still exiting is EBUSY for a moment; retry rmdir this often. */
const RMDIR_ATTEMPTS = 20;
const RMDIR_RETRY_MS = 50;

export interface CleanupNodeRuntimeOptions {
  /** The node's containerd directory (deleted at the end). */
  dir: string;
  /** containerd's PID; default: the one in `<dir>/containerd.pid`. */
  pid?: number;
  /** The first segment of the pods' cgroup_parent (e.g. `kubelet-node-a`): this tree is removed in every hierarchy. */
  cgroupRoot?: string;
  /** The node's CNI network name: `/var/lib/cni/results/<name>-*` are removed. */
  networkName?: string;
  /** The CNI bridge to delete (the bridge plugin never deletes it). */
  bridge?: string;
  /** The network namespace path containerd ran in (for deleting the bridge there). */
  netns?: string;
  /** Grace period of StopContainer during the CRI path (default 0: kill at once). */
  stopTimeoutSeconds?: number;
}

export interface CleanupReport {
  /** Containers and sandboxes removed through CRI (containerd was up). */
  criContainers: number;
  criSandboxes: number;
  /** Containers runc still knew about (the hard path killed and deleted them). */
  runcContainers: string[];
  /** PIDs of shims and cgroup stragglers killed. */
  killedPids: number[];
  unmounted: string[];
  cgroupsRemoved: string[];
  cniFilesRemoved: string[];
  /** What could not be done; empty when everything is gone. */
  errors: string[];
}

/** Clean teardown through CRI: stop and remove every container, then every sandbox (CNI DEL, netns and shm unmounted). */
async function criTeardown(paths: ContainerdPaths, stopTimeoutSeconds: number, report: CleanupReport, sandboxIds: Set<string>): Promise<void> {
  if (!existsSync(paths.socket)) return;
  const cri = new CriClient(paths.socket);
  const opts = { deadlineMs: CLEANUP_CRI_DEADLINE_MS };
  try {
    try {
      await cri.version({ deadlineMs: CLEANUP_PROBE_DEADLINE_MS });
    } catch {
      return; // not serving: the hard path does it all
    }
    for (const c of await cri.listContainers(undefined, opts)) {
      try {
        await cri.stopContainer(c.id, stopTimeoutSeconds, opts);
        await cri.removeContainer(c.id, opts);
        report.criContainers++;
      } catch (err) {
        if (!isCriNotFound(err)) report.errors.push(`container ${c.id}: ${(err as Error).message}`);
      }
    }
    for (const s of await cri.listPodSandbox(undefined, opts)) {
      sandboxIds.add(s.id);
      try {
        await cri.stopPodSandbox(s.id, opts);
        await cri.removePodSandbox(s.id, opts);
        report.criSandboxes++;
      } catch (err) {
        if (!isCriNotFound(err)) report.errors.push(`sandbox ${s.id}: ${(err as Error).message}`);
      }
    }
  } catch (err) {
    report.errors.push(`CRI teardown: ${(err as Error).message}`);
  } finally {
    cri.close();
  }
}

/** Kills and deletes every container in our runc root (pause and app containers alike). */
async function runcTeardown(paths: ContainerdPaths, report: CleanupReport): Promise<void> {
  const root = join(paths.runcRoot, CRI_NAMESPACE);
  if (!existsSync(root)) return;
  const list = await run('runc', ['--root', root, 'list', '-q']);
  if (list.code !== 0) {
    report.errors.push(`runc list: ${list.stderr.trim()}`);
    return;
  }
  for (const id of list.stdout.split('\n').filter(Boolean)) {
    report.runcContainers.push(id);
    await run('runc', ['--root', root, 'kill', id, 'KILL']);
    const del = await run('runc', ['--root', root, 'delete', '--force', id]);
    if (del.code !== 0) report.errors.push(`runc delete ${id}: ${del.stderr.trim()}`);
  }
}

/** Kills the shims serving our containerd: their command line ends with `-address <our socket>`. */
async function killShims(paths: ContainerdPaths, report: CleanupReport): Promise<void> {
  const shims: number[] = [];
  for (const pid of await allPids()) {
    const argv = await processCmdline(pid);
    if (!argv || argv.length < 3 || !basename(argv[0] ?? '').startsWith('containerd-shim')) continue;
    if (argv[argv.length - 2] === '-address' && argv[argv.length - 1] === paths.socket) shims.push(pid);
  }
  for (const pid of shims) if (signal(pid, 'SIGKILL')) report.killedPids.push(pid);
  const left = await waitForExit(shims, KILL_WAIT_MS);
  if (left.length > 0) report.errors.push(`shims still alive: ${left.join(' ')}`);
}

/** Every directory of the cgroup tree `cgroupRoot` in every hierarchy, deepest first. */
async function cgroupDirs(cgroupRoot: string): Promise<string[]> {
  const tops: string[] = [join(CGROUP_FS_ROOT, cgroupRoot)];
  for (const e of await readdir(CGROUP_FS_ROOT, { withFileTypes: true })) {
    // v1 aliases such as cpu -> cpu,cpuacct are symlinks: visit each hierarchy once
    if (e.isDirectory()) tops.push(join(CGROUP_FS_ROOT, e.name, cgroupRoot));
  }
  const out: string[] = [];
  const walk = async (d: string): Promise<void> => {
    let entries;
    try {
      entries = await readdir(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) if (e.isDirectory()) await walk(join(d, e.name));
    out.push(d);
  };
  for (const t of tops) await walk(t);
  return out;
}

/** Kills anything still in the tree, then removes the cgroup directories depth first. */
async function removeCgroups(cgroupRoot: string, report: CleanupReport): Promise<void> {
  if (cgroupRoot === '' || cgroupRoot.includes('/') || cgroupRoot === '.' || cgroupRoot === '..') {
    report.errors.push(`invalid cgroup root ${JSON.stringify(cgroupRoot)}`);
    return;
  }
  const dirs = await cgroupDirs(cgroupRoot);
  const stragglers = new Set<number>();
  for (const d of dirs) {
    const procs = await readFile(join(d, 'cgroup.procs'), 'utf8').catch(() => '');
    for (const p of procs.split('\n').filter(Boolean)) stragglers.add(Number(p));
  }
  for (const pid of stragglers) if (signal(pid, 'SIGKILL')) report.killedPids.push(pid);
  await waitForExit([...stragglers], KILL_WAIT_MS);
  for (const d of dirs) {
    for (let attempt = 1; ; attempt++) {
      try {
        await rmdir(d);
        report.cgroupsRemoved.push(d);
        break;
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code === 'ENOENT') break;
        if (code !== 'EBUSY' || attempt >= RMDIR_ATTEMPTS) {
          report.errors.push(`rmdir ${d}: ${code}`);
          break;
        }
        await sleep(RMDIR_RETRY_MS);
      }
    }
  }
}

/** Sandbox ids containerd recorded on disk (for the cni-loopback cache entries). */
async function sandboxIdsOnDisk(paths: ContainerdPaths): Promise<string[]> {
  const ids: string[] = [];
  for (const base of [paths.root, paths.state]) {
    const d = join(base, 'io.containerd.grpc.v1.cri', 'sandboxes');
    ids.push(...(await readdir(d).catch(() => [] as string[])));
  }
  return ids;
}

/** Removes our libcni cache entries: `<network>-*`, and `cni-loopback-<id>-lo` of our sandboxes. */
async function removeCniResults(paths: ContainerdPaths, networkName: string | undefined, sandboxIds: Set<string>, report: CleanupReport): Promise<void> {
  const files = await readdir(CNI_RESULTS_DIR).catch(() => [] as string[]);
  const ours = (f: string): boolean => {
    if (networkName && f.startsWith(`${networkName}-`)) return true;
    const m = /^cni-loopback-(.+)-lo$/.exec(f);
    return m !== null && sandboxIds.has(m[1] ?? '');
  };
  for (const f of files) {
    let mine = ours(f);
    if (!mine && f.startsWith('cni-loopback-')) {
      // a sandbox whose id we never learned: its cached result names a netns below our state dir
      const text = await readFile(join(CNI_RESULTS_DIR, f), 'utf8').catch(() => '');
      mine = text.includes(`${paths.state}/`);
    }
    if (!mine) continue;
    await rm(join(CNI_RESULTS_DIR, f), { force: true });
    report.cniFilesRemoved.push(f);
  }
}

/** Deletes the CNI bridge (in containerd's netns when it ran in one). */
async function deleteBridge(bridge: string, netns: string | undefined, report: CleanupReport): Promise<void> {
  const res = netns ? await run('nsenter', [`--net=${netns}`, 'ip', 'link', 'del', bridge]) : await run('ip', ['link', 'del', bridge]);
  if (res.code !== 0 && !/Cannot find device|does not exist/.test(res.stderr)) report.errors.push(`ip link del ${bridge}: ${res.stderr.trim()}`);
}

/**
 * Removes everything a node's runtime created, whether containerd is up, hung or dead:
 * 1. through CRI (if it answers): stop+remove every container, then every sandbox;
 * 2. stop containerd (SIGTERM, then SIGKILL);
 * 3. hard path: runc kill/delete of what is left, kill our shims, `umount -l` every mount under
 *    the dir (deepest first), rmdir the cgroup tree, delete the bridge, drop our CNI cache
 *    entries, and finally `rm -rf` the dir.
 * Never throws for what it cannot remove: see `errors` in the report.
 */
export async function cleanupNodeRuntime(opts: CleanupNodeRuntimeOptions): Promise<CleanupReport> {
  const paths = containerdPaths(opts.dir);
  const report: CleanupReport = { criContainers: 0, criSandboxes: 0, runcContainers: [], killedPids: [], unmounted: [], cgroupsRemoved: [], cniFilesRemoved: [], errors: [] };
  const step = async (name: string, fn: () => Promise<void>): Promise<void> => {
    try {
      await fn();
    } catch (err) {
      report.errors.push(`${name}: ${(err as Error).message}`);
    }
  };
  const sandboxIds = new Set<string>();
  await step('cri', () => criTeardown(paths, opts.stopTimeoutSeconds ?? 0, report, sandboxIds));
  await step('sandbox ids', async () => (await sandboxIdsOnDisk(paths)).forEach((id) => sandboxIds.add(id)));
  await step('stop containerd', async () => void (await stopContainerd({ dir: paths.dir, pid: opts.pid })));
  await step('runc', () => runcTeardown(paths, report));
  await step('shims', () => killShims(paths, report));
  await step('mounts', async () => {
    const { unmounted, left } = await unmountAllUnder(paths.dir);
    report.unmounted.push(...unmounted);
    if (left.length > 0) report.errors.push(`still mounted: ${left.join(' ')}`);
  });
  if (opts.cgroupRoot !== undefined) {
    const cgroupRoot = opts.cgroupRoot;
    await step('cgroups', () => removeCgroups(cgroupRoot, report));
  }
  if (opts.bridge) {
    const bridge = opts.bridge;
    await step('bridge', () => deleteBridge(bridge, opts.netns, report));
  }
  await step('cni results', () => removeCniResults(paths, opts.networkName, sandboxIds, report));
  // rm -rf through a live mount would delete inside the mounted filesystem (e.g. a container's rootfs)
  if (!report.errors.some((e) => e.startsWith('still mounted'))) {
    await step('rm dir', () => rm(paths.dir, { recursive: true, force: true }));
  }
  return report;
}
