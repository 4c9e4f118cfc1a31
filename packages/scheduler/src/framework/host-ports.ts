/** HostPortInfo: the host ports in use on a node (ip, protocol, port), with kube-scheduler's wildcard-address conflict rule. */
import type { ContainerPort, Pod } from 'kubernetes-types/core/v1.js';

/** The address that means "every address of the node"; it conflicts with any address on the same protocol/port. */
export const WILDCARD_IP = '0.0.0.0';
const DEFAULT_PROTOCOL = 'TCP';

/** Host ports by ip, each a set of `protocol/port`. */
export class HostPortInfo {
  private readonly byIP = new Map<string, Map<string, number>>();

  private static key(protocol: string | undefined, port: number): string {
    return `${protocol || DEFAULT_PROTOCOL}/${port}`;
  }

  /** Marks a port used (counted, so two pods adding and one removing keeps it used). Port <= 0 is ignored. */
  add(ip: string | undefined, protocol: string | undefined, port: number): void {
    if (port <= 0) return;
    const addr = ip || WILDCARD_IP;
    let ports = this.byIP.get(addr);
    if (!ports) this.byIP.set(addr, (ports = new Map()));
    const k = HostPortInfo.key(protocol, port);
    ports.set(k, (ports.get(k) ?? 0) + 1);
  }

  /** Releases one use of a port. */
  remove(ip: string | undefined, protocol: string | undefined, port: number): void {
    if (port <= 0) return;
    const addr = ip || WILDCARD_IP;
    const ports = this.byIP.get(addr);
    const k = HostPortInfo.key(protocol, port);
    const n = ports?.get(k);
    if (!ports || n === undefined) return;
    if (n > 1) ports.set(k, n - 1);
    else ports.delete(k);
    if (ports.size === 0) this.byIP.delete(addr);
  }

  /** True when binding ip:protocol/port would clash with a port already used. */
  conflicts(ip: string | undefined, protocol: string | undefined, port: number): boolean {
    if (port <= 0) return false;
    const addr = ip || WILDCARD_IP;
    const k = HostPortInfo.key(protocol, port);
    if (addr === WILDCARD_IP) {
      for (const ports of this.byIP.values()) if (ports.has(k)) return true;
      return false;
    }
    return (this.byIP.get(addr)?.has(k) ?? false) || (this.byIP.get(WILDCARD_IP)?.has(k) ?? false);
  }

  /** Number of distinct (ip, protocol, port) entries. */
  get size(): number {
    let n = 0;
    for (const ports of this.byIP.values()) n += ports.size;
    return n;
  }

  /** An independent copy. */
  clone(): HostPortInfo {
    const copy = new HostPortInfo();
    for (const [ip, ports] of this.byIP) copy.byIP.set(ip, new Map(ports));
    return copy;
  }
}

/** The host ports a pod claims: those of its containers and of its sidecar (restartPolicy Always) init containers. */
export function podHostPorts(pod: Pod): ContainerPort[] {
  const out: ContainerPort[] = [];
  for (const c of pod.spec?.initContainers ?? []) {
    if (c.restartPolicy !== 'Always') continue;
    for (const p of c.ports ?? []) if ((p.hostPort ?? 0) > 0) out.push(p);
  }
  for (const c of pod.spec?.containers ?? []) {
    for (const p of c.ports ?? []) if ((p.hostPort ?? 0) > 0) out.push(p);
  }
  return out;
}
