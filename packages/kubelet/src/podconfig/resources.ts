/** Container resources in CRI terms: cpu shares and quota, memory limit and the OOM score adjustment per QoS, as the kubelet computes them. */
import type { Container, Pod } from 'kubernetes-types/core/v1.js';
import { parseQuantity } from '@skiff/api';
import type { CriInput, LinuxContainerResources } from '../cri/index.js';
import { podQOSClass } from './qos.js';

/** cgroup v1 cpu.shares bounds (the kernel's minimum is 2). */
export const MIN_CPU_SHARES = 2;
export const MAX_CPU_SHARES = 262_144;
/** CFS period the kubelet uses by default (100 ms). */
export const CPU_PERIOD_US = 100_000;
/** The smallest CFS quota the kernel accepts (1 ms). */
export const MIN_CPU_QUOTA_US = 1_000;
/** OOM score adjustments of upstream's QoS policy. */
export const GUARANTEED_OOM_SCORE_ADJ = -997;
export const BEST_EFFORT_OOM_SCORE_ADJ = 1000;
/** Node-critical pods get the Guaranteed score whatever their QoS (as upstream). */
const CRITICAL_PRIORITY = 2_000_000_000;

/** Value of a quantity in milli-units (rounded up), or 0 when absent/invalid. */
export function milliValue(v: unknown): bigint {
  if (v === undefined || v === null) return 0n;
  const q = parseQuantity(String(v));
  if (typeof q === 'string') return 0n;
  const n = q.nanos;
  return n / 1_000_000n + (n % 1_000_000n > 0n ? 1n : 0n);
}

/** Value of a quantity in whole units (rounded up), or 0 when absent/invalid. */
export function wholeValue(v: unknown): bigint {
  if (v === undefined || v === null) return 0n;
  const q = parseQuantity(String(v));
  if (typeof q === 'string') return 0n;
  const n = q.nanos;
  return n / 1_000_000_000n + (n % 1_000_000_000n > 0n ? 1n : 0n);
}

/** milliCPU * 1024 / 1000, at least 2 (0 milliCPU also gives 2), at most 262144. */
export function milliCpuToShares(milliCpu: bigint): number {
  if (milliCpu === 0n) return MIN_CPU_SHARES;
  const shares = Number((milliCpu * 1024n) / 1000n);
  return Math.min(MAX_CPU_SHARES, Math.max(MIN_CPU_SHARES, shares));
}

/** milliCPU * period / 1000, at least 1000 µs; 0 (no quota) when there is no limit. */
export function milliCpuToQuota(milliCpu: bigint, period = CPU_PERIOD_US): number {
  if (milliCpu === 0n) return 0;
  return Math.max(MIN_CPU_QUOTA_US, Number((milliCpu * BigInt(period)) / 1000n));
}

/** The OOM score adjustment for a container: -997 Guaranteed (and critical pods), 1000 BestEffort, Burstable by its memory request share of the node. */
export function oomScoreAdj(pod: Pod, container: Container, memoryCapacityBytes: bigint): number {
  if ((pod.spec?.priority ?? 0) >= CRITICAL_PRIORITY) return GUARANTEED_OOM_SCORE_ADJ;
  const qos = podQOSClass(pod);
  if (qos === 'Guaranteed') return GUARANTEED_OOM_SCORE_ADJ;
  if (qos === 'BestEffort') return BEST_EFFORT_OOM_SCORE_ADJ;
  const request = wholeValue(container.resources?.requests?.['memory']);
  if (memoryCapacityBytes <= 0n) return BEST_EFFORT_OOM_SCORE_ADJ - 1;
  let adj = 1000 - Number((1000n * request) / memoryCapacityBytes);
  // keep Burstable strictly between Guaranteed and BestEffort
  if (adj < 1000 + GUARANTEED_OOM_SCORE_ADJ) adj = 1000 + GUARANTEED_OOM_SCORE_ADJ;
  if (adj >= BEST_EFFORT_OOM_SCORE_ADJ) adj = BEST_EFFORT_OOM_SCORE_ADJ - 1;
  return adj;
}

/** CRI linux resources of a container: shares from the cpu request (or the limit when no request), quota/period and memory from limits. */
export function containerLinuxResources(pod: Pod, container: Container, memoryCapacityBytes: bigint): CriInput<LinuxContainerResources> {
  const requests = container.resources?.requests ?? {};
  const limits = container.resources?.limits ?? {};
  const cpuRequest = milliValue(requests['cpu']);
  const cpuLimit = milliValue(limits['cpu']);
  const shares = milliCpuToShares(cpuRequest === 0n && cpuLimit !== 0n ? cpuLimit : cpuRequest);
  const out: CriInput<LinuxContainerResources> = {
    cpu_shares: shares,
    memory_limit_in_bytes: String(wholeValue(limits['memory'])) as `${bigint}`,
    oom_score_adj: oomScoreAdj(pod, container, memoryCapacityBytes),
  };
  if (cpuLimit !== 0n) {
    out.cpu_period = CPU_PERIOD_US;
    out.cpu_quota = milliCpuToQuota(cpuLimit);
  }
  return out;
}
