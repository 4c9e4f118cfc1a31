/** The downward API: pod field paths (fieldRef) and container resources (resourceFieldRef), shared by env and downwardAPI volumes. */
import type { Container, Pod, ResourceFieldSelector } from 'kubernetes-types/core/v1.js';
import { parseQuantity } from '@skiff/api';
import { ContainerConfigError } from './config-error.js';

/** Runtime facts the pod object itself may not hold yet. */
export interface PodRuntimeFacts {
  podIP?: string;
  podIPs?: string[];
  hostIP?: string;
  hostIPs?: string[];
  nodeName?: string;
}

/** A label/annotation map as the downward API prints it: sorted `k="v"` lines (values quoted as Go's %q). */
export function formatMap(m: Record<string, string> | undefined): string {
  return Object.keys(m ?? {})
    .sort()
    .map((k) => `${k}=${JSON.stringify(m![k])}`)
    .join('\n');
}

const SUBSCRIPT = /^metadata\.(labels|annotations)\['(.*)'\]$/;

/** The value of a fieldRef path; unsupported paths are an error (`unsupported fieldPath: X`). */
export function podFieldValue(pod: Pod, fieldPath: string, facts: PodRuntimeFacts = {}): string {
  const meta = pod.metadata ?? {};
  const sub = SUBSCRIPT.exec(fieldPath);
  if (sub) {
    const map = (sub[1] === 'labels' ? meta.labels : meta.annotations) ?? {};
    return map[sub[2]!] ?? '';
  }
  const podIPs = facts.podIPs ?? (pod.status?.podIPs ?? []).map((p) => p.ip ?? '').filter((ip) => ip !== '');
  const podIP = facts.podIP ?? pod.status?.podIP ?? podIPs[0] ?? '';
  const hostIPs = facts.hostIPs ?? (pod.status?.hostIPs ?? []).map((p) => p.ip ?? '').filter((ip) => ip !== '');
  const hostIP = facts.hostIP ?? pod.status?.hostIP ?? hostIPs[0] ?? '';
  switch (fieldPath) {
    case 'metadata.name':
      return meta.name ?? '';
    case 'metadata.namespace':
      return meta.namespace ?? '';
    case 'metadata.uid':
      return meta.uid ?? '';
    case 'metadata.labels':
      return formatMap(meta.labels);
    case 'metadata.annotations':
      return formatMap(meta.annotations);
    case 'spec.nodeName':
      return facts.nodeName ?? pod.spec?.nodeName ?? '';
    case 'spec.serviceAccountName':
      return pod.spec?.serviceAccountName ?? '';
    case 'status.podIP':
      return podIP;
    case 'status.podIPs':
      return (podIPs.length > 0 ? podIPs : podIP ? [podIP] : []).join(',');
    case 'status.hostIP':
      return hostIP;
    case 'status.hostIPs':
      return (hostIPs.length > 0 ? hostIPs : hostIP ? [hostIP] : []).join(',');
    default:
      throw new ContainerConfigError(`unsupported fieldPath: ${fieldPath}`);
  }
}

/** Resources whose limits fall back to the node's allocatable when a container sets none (as upstream). */
const ALLOCATABLE_DEFAULTED = ['cpu', 'memory', 'ephemeral-storage'];

/** Quantity text -> nanos, or 0 when absent. */
function nanosOf(v: unknown): bigint {
  if (v === undefined || v === null) return 0n;
  const q = parseQuantity(String(v));
  return typeof q === 'string' ? 0n : q.nanos;
}

function ceilDiv(a: bigint, b: bigint): bigint {
  if (b === 0n) return 0n;
  const q = a / b;
  return a % b !== 0n && a > 0n ? q + 1n : q;
}

/**
 * The value of a resourceFieldRef for `container`: `limits.cpu`, `requests.memory`, ... divided by the divisor (default 1)
 * and rounded up. Unset limits of cpu, memory and ephemeral-storage are the node's allocatable.
 */
export function containerResourceValue(sel: ResourceFieldSelector, container: Container, nodeAllocatable: Record<string, string> = {}): string {
  const [kind, ...rest] = sel.resource.split('.');
  const name = rest.join('.');
  if ((kind !== 'limits' && kind !== 'requests') || name === '') throw new ContainerConfigError(`unsupported container resource : ${sel.resource}`);
  const list = (kind === 'limits' ? container.resources?.limits : container.resources?.requests) ?? {};
  let value = nanosOf(list[name]);
  if (kind === 'limits' && value === 0n && ALLOCATABLE_DEFAULTED.includes(name)) value = nanosOf(nodeAllocatable[name]);
  let divisor = nanosOf(sel.divisor ?? '1');
  if (divisor === 0n) divisor = 1_000_000_000n;
  if (name === 'cpu') {
    // compare in milli-units, as upstream does
    const milli = ceilDiv(value, 1_000_000n);
    const divMilli = ceilDiv(divisor, 1_000_000n) || 1n;
    return String(ceilDiv(milli, divMilli));
  }
  return String(ceilDiv(ceilDiv(value, 1_000_000_000n), ceilDiv(divisor, 1_000_000_000n) || 1n));
}

/** Finds the container a resourceFieldRef names (default: `current`). */
export function containerForResourceRef(pod: Pod, sel: ResourceFieldSelector, current?: Container): Container {
  if (!sel.containerName && current) return current;
  const all = [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])];
  const found = all.find((c) => c.name === sel.containerName);
  if (!found) throw new ContainerConfigError(`container ${sel.containerName ?? ''} not found`);
  return found;
}
