/** A pod's volumes on the node: set up under `<podDir>/volumes/kubernetes.io~<plugin>/<name>`, refreshed when sources change, torn down (tmpfs unmounted). */
import { existsSync } from 'node:fs';
import { chmod, mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Pod, Volume } from 'kubernetes-types/core/v1.js';
import { mountsUnder, unmountAllUnder } from '../containerd/mounts.js';
import { run } from '../containerd/proc.js';
import { writeAtomic } from './atomic-writer.js';
import { checkHostPathType } from './host-path.js';
import { wholeValue } from './resources.js';
import { volumePayload, type VolumeSources } from './volume-payloads.js';
import { VolumeSetupError } from './volume-error.js';

/** Mode of an emptyDir directory (world-writable, as upstream). */
const EMPTY_DIR_MODE = 0o777;
/** Mode of the tmpfs root of secret and projected volumes. */
const ATOMIC_VOLUME_DIR_MODE = 0o755;

/** The plugin directory name of a volume (`kubernetes.io~configmap`, ...); undefined for hostPath and unsupported types. */
export function volumePluginDir(vol: Volume): string | undefined {
  if (vol.emptyDir) return 'kubernetes.io~empty-dir';
  if (vol.configMap) return 'kubernetes.io~configmap';
  if (vol.secret) return 'kubernetes.io~secret';
  if (vol.downwardAPI) return 'kubernetes.io~downward-api';
  if (vol.projected) return 'kubernetes.io~projected';
  return undefined;
}

/** Where a volume is on the host: the hostPath itself, or `<podDir>/volumes/<plugin>/<name>`. */
export function volumeHostPath(podDir: string, vol: Volume): string {
  if (vol.hostPath) return vol.hostPath.path;
  const plugin = volumePluginDir(vol);
  if (!plugin) throw new VolumeSetupError(vol.name, 'unsupported volume type');
  return join(podDir, 'volumes', plugin, vol.name);
}

/** True for volumes whose files come from API objects (written with the atomic writer). */
export function isAtomicWriterVolume(vol: Volume): boolean {
  return Boolean(vol.configMap ?? vol.secret ?? vol.downwardAPI ?? vol.projected);
}

async function isMountPoint(dir: string): Promise<boolean> {
  return (await mountsUnder(dir)).includes(dir);
}

/** Secret and projected volumes live on tmpfs so that secrets never reach the disk (as upstream). */
export function isMemoryBackedVolume(vol: Volume): boolean {
  return vol.emptyDir?.medium === 'Memory' || Boolean(vol.secret ?? vol.projected);
}

/** Mounts a tmpfs on `dir` unless one is there already. */
async function mountTmpfs(dir: string, vol: Volume, mode: number, sizeBytes: bigint): Promise<void> {
  if (await isMountPoint(dir)) return;
  const options = [`mode=${mode.toString(8)}`, ...(sizeBytes > 0n ? [`size=${sizeBytes}`] : [])];
  const res = await run('mount', ['-t', 'tmpfs', '-o', options.join(','), 'tmpfs', dir]);
  if (res.code !== 0) throw new VolumeSetupError(vol.name, `mount failed: ${res.stderr.trim()}`);
}

async function setUpEmptyDir(dir: string, vol: Volume): Promise<void> {
  await mkdir(dir, { recursive: true });
  if (vol.emptyDir?.medium !== 'Memory') {
    await chmod(dir, EMPTY_DIR_MODE); // mkdir's mode is cut by the umask
    return;
  }
  const size = vol.emptyDir.sizeLimit !== undefined ? wholeValue(vol.emptyDir.sizeLimit) : 0n;
  await mountTmpfs(dir, vol, EMPTY_DIR_MODE, size);
}

async function setUpOne(pod: Pod, podDir: string, vol: Volume, sources: VolumeSources): Promise<boolean> {
  try {
    if (vol.hostPath) {
      await checkHostPathType(vol.hostPath.path, vol.hostPath.type);
      return false;
    }
    const dir = volumeHostPath(podDir, vol);
    if (vol.emptyDir) {
      await setUpEmptyDir(dir, vol);
      return false;
    }
    const payload = volumePayload(pod, vol, sources);
    if (!payload) throw new VolumeSetupError(vol.name, 'unsupported volume type');
    if (isMemoryBackedVolume(vol)) {
      await mkdir(dir, { recursive: true });
      await mountTmpfs(dir, vol, ATOMIC_VOLUME_DIR_MODE, 0n);
    }
    return await writeAtomic(dir, payload);
  } catch (e) {
    if (e instanceof VolumeSetupError) throw e;
    throw new VolumeSetupError(vol.name, (e as Error).message);
  }
}

/** Sets up every volume of the pod (idempotent). Returns volume name -> host path. Throws VolumeSetupError. */
export async function preparePodVolumes(pod: Pod, podDir: string, sources: VolumeSources): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const vol of pod.spec?.volumes ?? []) {
    await setUpOne(pod, podDir, vol, sources);
    out.set(vol.name, volumeHostPath(podDir, vol));
  }
  return out;
}

/** Rewrites configMap, secret, downwardAPI and projected volumes whose content changed; returns the names of those updated. */
export async function refreshPodVolumes(pod: Pod, podDir: string, sources: VolumeSources): Promise<string[]> {
  const updated: string[] = [];
  for (const vol of pod.spec?.volumes ?? []) {
    if (!isAtomicWriterVolume(vol)) continue;
    if (await setUpOne(pod, podDir, vol, sources)) updated.push(vol.name);
  }
  return updated;
}

/** Unmounts every mount below `<podDir>/volumes` (memory emptyDirs, secret and projected tmpfs) and removes the volumes; returns mount points that could not be unmounted. */
export async function teardownPodVolumes(podDir: string): Promise<string[]> {
  const dir = join(podDir, 'volumes');
  if (!existsSync(dir)) return [];
  const { left } = await unmountAllUnder(dir);
  if (left.length === 0) await rm(dir, { recursive: true, force: true });
  return left;
}
