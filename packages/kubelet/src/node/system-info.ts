/** The node's identity and software facts for status.nodeInfo: machine and boot ids, system UUID, kernel, OS image, Go-style architecture. */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { arch, release } from 'node:os';

/** The version this kubelet reports (status.nodeInfo.kubeletVersion). */
export const KUBELET_VERSION = 'v1.31.0';

export interface SystemInfo {
  machineID: string;
  systemUUID: string;
  bootID: string;
  kernelVersion: string;
  osImage: string;
  operatingSystem: string;
  architecture: string;
}

/** Files read, overridable in tests. */
export interface SystemInfoPaths {
  machineId?: string;
  productUuid?: string;
  bootId?: string;
  osRelease?: string;
}

/** Node's process.arch in GOARCH terms, as Kubernetes labels and reports it. */
export function goArch(nodeArch: string = arch()): string {
  const map: Record<string, string> = { x64: 'amd64', ia32: '386', arm64: 'arm64', arm: 'arm', ppc64: 'ppc64le', s390x: 's390x', riscv64: 'riscv64' };
  return map[nodeArch] ?? nodeArch;
}

/** PRETTY_NAME of an os-release text (quotes removed); "Unknown" when absent, as cadvisor reports. */
export function parseOsImage(osRelease: string): string {
  const m = /^PRETTY_NAME=(.*)$/m.exec(osRelease);
  if (!m) return 'Unknown';
  return m[1]!.trim().replace(/^(["'])(.*)\1$/, '$2');
}

/** A UUID-shaped id derived from a seed (the machine id), stable across restarts, for machines without DMI. */
export function derivedUuid(seed: string): string {
  const h = createHash('sha256').update(seed).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

async function readTrimmed(path: string): Promise<string | undefined> {
  try {
    const text = (await readFile(path, 'utf8')).trim();
    return text || undefined;
  } catch {
    return undefined;
  }
}

/** Reads the node's ids and software facts; missing files give empty ids (as cadvisor) and a derived system UUID. */
export async function systemInfo(paths: SystemInfoPaths = {}): Promise<SystemInfo> {
  const machineID = (await readTrimmed(paths.machineId ?? '/etc/machine-id')) ?? '';
  const productUuid = await readTrimmed(paths.productUuid ?? '/sys/class/dmi/id/product_uuid');
  return {
    machineID,
    systemUUID: productUuid ?? derivedUuid(`skiff-system-uuid:${machineID}`),
    bootID: (await readTrimmed(paths.bootId ?? '/proc/sys/kernel/random/boot_id')) ?? '',
    kernelVersion: release(),
    osImage: parseOsImage((await readTrimmed(paths.osRelease ?? '/etc/os-release')) ?? ''),
    operatingSystem: 'linux',
    architecture: goArch(),
  };
}
