/** Test helper: a throwaway node runtime (random dir, CNI network, bridge, subnet, cgroup root) and checks that nothing of it is left. */
import { randomBytes, randomInt } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CGROUP_FS_ROOT, CNI_RESULTS_DIR } from './cleanup.js';
import { mountsUnder } from './mounts.js';
import { allPids, processAlive, processCmdline, run } from './proc.js';

export interface TestNodeNames {
  suffix: string;
  dir: string;
  networkName: string;
  bridge: string;
  subnet: string;
  gateway: string;
  /** First segment of every pod's cgroup_parent. */
  cgroupRoot: string;
}

/** Random names so concurrent tests (and other helpers' nodes) never clash. */
export function testNodeNames(): TestNodeNames {
  const suffix = randomBytes(3).toString('hex');
  const x = randomInt(100, 250);
  return {
    suffix,
    dir: join(tmpdir(), `skiff-cri-${suffix}`),
    networkName: `skiff-cri-${suffix}`,
    bridge: `skcri${suffix}`,
    subnet: `10.244.${x}.0/24`,
    gateway: `10.244.${x}.1`,
    cgroupRoot: `skiff-cri-${suffix}`,
  };
}

/** Everything of the node that is still there; all lists empty means nothing is left. */
export async function leftovers(names: TestNodeNames, pids: number[]): Promise<Record<string, string[]>> {
  const processes: string[] = [];
  for (const pid of pids) if (await processAlive(pid)) processes.push(`pid ${pid}`);
  for (const pid of await allPids()) {
    const argv = await processCmdline(pid);
    if (argv?.some((a) => a.includes(names.dir)) && pid !== process.pid) processes.push(`${pid}: ${argv.join(' ')}`);
  }
  const cgroups: string[] = [];
  for (const e of await readdir(CGROUP_FS_ROOT, { withFileTypes: true })) {
    const d = join(CGROUP_FS_ROOT, e.name, names.cgroupRoot);
    if (e.isDirectory() && existsSync(d)) cgroups.push(d);
  }
  const cniResults: string[] = [];
  for (const f of await readdir(CNI_RESULTS_DIR).catch(() => [] as string[])) {
    const text = await readFile(join(CNI_RESULTS_DIR, f), 'utf8').catch(() => '');
    if (f.startsWith(`${names.networkName}-`) || text.includes(names.dir)) cniResults.push(f);
  }
  const link = await run('ip', ['link', 'show', names.bridge]);
  return {
    processes,
    mounts: await mountsUnder(names.dir),
    cgroups,
    cniResults,
    bridge: link.code === 0 ? [names.bridge] : [],
    dir: existsSync(names.dir) ? [names.dir] : [],
  };
}
