/** The node's machine: CPUs, memory, root filesystem size and pod limit, and the capacity/allocatable quantities the kubelet reports from them. */
import { statfs, readFile } from 'node:fs/promises';
import { cpus, hostname as osHostname } from 'node:os';

/** The kubelet's --max-pods default. */
export const DEFAULT_MAX_PODS = 110;
/** The kubelet's default hard eviction threshold memory.available<100Mi, held back from allocatable memory. */
export const DEFAULT_EVICTION_HARD_MEMORY_BYTES = 100 * 1024 * 1024;
/** The kubelet's default hard eviction threshold nodefs.available<10%, held back from allocatable ephemeral-storage. */
export const DEFAULT_EVICTION_HARD_NODEFS_FRACTION = 0.1;

export interface MachineInfo {
  cpus: number;
  /** MemTotal of /proc/meminfo, in bytes. */
  memoryBytes: number;
  /** Total bytes of the filesystem holding the kubelet's root dir. */
  ephemeralStorageBytes: number;
  maxPods: number;
  hostname: string;
}

export interface MachineInfoOptions {
  /** The kubelet's root dir; its filesystem is the node's ephemeral storage. */
  rootDir: string;
  maxPods?: number;
  hostname?: string;
  /** Where meminfo is read (tests). */
  meminfoPath?: string;
}

/** MemTotal of a /proc/meminfo text, in bytes (the file counts kB, meaning KiB). */
export function parseMemTotalBytes(meminfo: string): number {
  const m = /^MemTotal:\s+(\d+)\s*kB\s*$/m.exec(meminfo);
  if (!m) throw new Error('MemTotal not found in meminfo');
  return Number(m[1]) * 1024;
}

/** Reads the machine facts the node status reports. */
export async function machineInfo(opts: MachineInfoOptions): Promise<MachineInfo> {
  const fs = await statfs(opts.rootDir);
  return {
    cpus: cpus().length,
    memoryBytes: parseMemTotalBytes(await readFile(opts.meminfoPath ?? '/proc/meminfo', 'utf8')),
    ephemeralStorageBytes: fs.blocks * fs.bsize,
    maxPods: opts.maxPods ?? DEFAULT_MAX_PODS,
    hostname: (opts.hostname ?? osHostname()).toLowerCase(),
  };
}

const BINARY_SUFFIXES = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'];

/** A byte count as a canonical BinarySI quantity: the largest power of 1024 that divides it (`8148424Ki`), else plain bytes. */
export function formatBinaryQuantity(bytes: number): string {
  if (!Number.isSafeInteger(bytes) || bytes < 0) throw new Error(`not a byte count: ${bytes}`);
  if (bytes === 0) return '0';
  let value = bytes;
  let i = 0;
  while (i < BINARY_SUFFIXES.length - 1 && value % 1024 === 0) {
    value /= 1024;
    i++;
  }
  return `${value}${BINARY_SUFFIXES[i]}`;
}

/** What the node keeps back from pods (kube-reserved + system-reserved + hard eviction thresholds). */
export interface Reservations {
  /** Bytes of memory (default: the 100Mi hard eviction threshold). */
  memoryBytes?: number;
  /** Millicores (default 0). */
  cpuMillis?: number;
  /** Fraction of the root filesystem (default: the 10% nodefs hard eviction threshold). */
  ephemeralStorageFraction?: number;
}

export type ResourceList = Record<string, string>;

/** status.capacity as the kubelet reports it. */
export function nodeCapacity(info: MachineInfo): ResourceList {
  return {
    cpu: String(info.cpus),
    'ephemeral-storage': formatBinaryQuantity(info.ephemeralStorageBytes),
    'hugepages-1Gi': '0',
    'hugepages-2Mi': '0',
    memory: formatBinaryQuantity(info.memoryBytes),
    pods: String(info.maxPods),
  };
}

/** status.allocatable: capacity minus reservations, never below zero. */
export function nodeAllocatable(info: MachineInfo, reserved: Reservations = {}): ResourceList {
  const memory = Math.max(0, info.memoryBytes - (reserved.memoryBytes ?? DEFAULT_EVICTION_HARD_MEMORY_BYTES));
  const storageReserve = Math.floor(info.ephemeralStorageBytes * (reserved.ephemeralStorageFraction ?? DEFAULT_EVICTION_HARD_NODEFS_FRACTION));
  const cpuMillis = Math.max(0, info.cpus * 1000 - (reserved.cpuMillis ?? 0));
  return {
    cpu: cpuMillis % 1000 === 0 ? String(cpuMillis / 1000) : `${cpuMillis}m`,
    'ephemeral-storage': formatBinaryQuantity(Math.max(0, info.ephemeralStorageBytes - storageReserve)),
    'hugepages-1Gi': '0',
    'hugepages-2Mi': '0',
    memory: formatBinaryQuantity(memory),
    pods: String(info.maxPods),
  };
}
