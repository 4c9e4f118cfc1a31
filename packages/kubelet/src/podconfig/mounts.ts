/** A container's CRI mounts: its volumeMounts (subPath, subPathExpr, read-only rules, propagation), the pod's /etc/hosts and the termination message file. */
import { existsSync } from 'node:fs';
import { mkdir, open, chmod } from 'node:fs/promises';
import { isAbsolute, join, normalize } from 'node:path';
import type { Container, Pod, Volume } from 'kubernetes-types/core/v1.js';
import type { CriInput, Mount, MountPropagation } from '../cri/index.js';
import { ContainerConfigError } from './config-error.js';
import { ETC_HOSTS_FILE } from './etc-hosts.js';
import { expandVars } from './expansion.js';
import { isAtomicWriterVolume, volumeHostPath } from './volumes.js';

export const DEFAULT_TERMINATION_MESSAGE_PATH = '/dev/termination-log';
/** The termination message file is writable by any user the container runs as (as upstream). */
const TERMINATION_FILE_MODE = 0o666;
/** Mode of subPath directories the kubelet creates. */
const SUBPATH_DIR_MODE = 0o755;

export interface ContainerMountOptions {
  /** The container's resolved environment, for subPathExpr. */
  env?: { name: string; value: string }[];
  /** A fresh id per container creation: the termination message file is `<podDir>/containers/<name>/<id>`. Omit to mount none. */
  terminationMessageId?: string;
}

/** Kubernetes' mountPropagation -> CRI. */
export function criPropagation(mode: string | undefined): MountPropagation {
  if (mode === 'Bidirectional') return 'PROPAGATION_BIDIRECTIONAL';
  if (mode === 'HostToContainer') return 'PROPAGATION_HOST_TO_CONTAINER';
  return 'PROPAGATION_PRIVATE';
}

function checkSubPath(sub: string, mountName: string): void {
  if (isAbsolute(sub) || normalize(sub).split('/').includes('..')) {
    throw new ContainerConfigError(`failed to prepare subPath for volumeMount "${mountName}": subpath "${sub}" must be a relative path without '..'`);
  }
}

/** The termination message file's host path. */
export function terminationMessageFile(podDir: string, containerName: string, id: string): string {
  return join(podDir, 'containers', containerName, id);
}

/** The CRI mounts of `container`; creates missing subPath directories and the termination message file. Throws ContainerConfigError. */
export async function containerMounts(pod: Pod, container: Container, podDir: string, opts: ContainerMountOptions = {}): Promise<CriInput<Mount>[]> {
  const volumes = new Map<string, Volume>((pod.spec?.volumes ?? []).map((v) => [v.name, v]));
  const envMap = new Map((opts.env ?? []).map((e) => [e.name, e.value]));
  const mounts: CriInput<Mount>[] = [];
  for (const vm of container.volumeMounts ?? []) {
    const vol = volumes.get(vm.name);
    if (!vol) throw new ContainerConfigError(`cannot find volume "${vm.name}" to mount into container "${container.name}"`);
    let hostPath = volumeHostPath(podDir, vol);
    let sub = vm.subPath ?? '';
    if (vm.subPathExpr) sub = expandVars(vm.subPathExpr, (n) => envMap.get(n));
    if (sub !== '') {
      checkSubPath(sub, vm.name);
      hostPath = join(hostPath, sub);
      // a missing subPath is created as a directory (as upstream)
      if (!existsSync(hostPath)) await mkdir(hostPath, { recursive: true, mode: SUBPATH_DIR_MODE });
    }
    mounts.push({
      container_path: vm.mountPath,
      host_path: hostPath,
      // configMap, secret, downwardAPI and projected volumes are always read-only
      readonly: Boolean(vm.readOnly) || isAtomicWriterVolume(vol),
      selinux_relabel: false,
      propagation: criPropagation(vm.mountPropagation),
    });
  }
  const hostsFile = join(podDir, ETC_HOSTS_FILE);
  if (existsSync(hostsFile) && !mounts.some((m) => m.container_path === '/etc/hosts')) {
    mounts.push({ container_path: '/etc/hosts', host_path: hostsFile, readonly: false, selinux_relabel: false, propagation: 'PROPAGATION_PRIVATE' });
  }
  const msgPath = container.terminationMessagePath ?? DEFAULT_TERMINATION_MESSAGE_PATH;
  if (opts.terminationMessageId && msgPath !== '') {
    const file = terminationMessageFile(podDir, container.name, opts.terminationMessageId);
    await mkdir(join(podDir, 'containers', container.name), { recursive: true });
    await (await open(file, 'a')).close();
    await chmod(file, TERMINATION_FILE_MODE);
    mounts.push({ container_path: msgPath, host_path: file, readonly: false, selinux_relabel: false, propagation: 'PROPAGATION_PRIVATE' });
  }
  return mounts;
}
