/** The service ClusterIP and NodePort allocators, over store keys under /registry/ranges/. */
import { invalid, type FieldCause } from '@skiff/api';
import type { Store } from '@skiff/storage';
import { KeyAllocator } from './key-allocator.js';
import { numberToIp, parseCidr, rangeContains, type Ipv4Range } from './cidr.js';

export interface ServiceAllocatorConfig {
  /** e.g. 10.96.0.0/12 */
  serviceCidr: string;
  /** e.g. 30000-32767 */
  nodePortRange: string;
}

export interface PortRange {
  min: number;
  max: number;
}

export function parsePortRange(range: string): PortRange {
  const m = /^(\d+)-(\d+)$/.exec(range);
  if (!m || Number(m[1]) > Number(m[2])) throw new Error(`invalid port range ${JSON.stringify(range)}`);
  return { min: Number(m[1]), max: Number(m[2]) };
}

export class ServiceAllocators {
  readonly range: Ipv4Range;
  readonly ports: PortRange;
  private readonly ips: KeyAllocator;
  private readonly nodePorts: KeyAllocator;

  constructor(store: Store, config: ServiceAllocatorConfig) {
    this.range = parseCidr(config.serviceCidr);
    this.ports = parsePortRange(config.nodePortRange);
    // The network address and the broadcast address are never handed out.
    this.ips = new KeyAllocator(store, '/registry/ranges/serviceips/', this.range.size - 2, (i) => numberToIp(this.range.base + 1 + i));
    this.nodePorts = new KeyAllocator(store, '/registry/ranges/servicenodeports/', this.ports.max - this.ports.min + 1, (i) => String(this.ports.min + i));
  }

  /** The first address of the range: the `kubernetes` Service's ClusterIP. */
  firstIp(): string {
    return numberToIp(this.range.base + 1);
  }

  async allocateIp(owner: string, kind: string, name: string, requested?: string): Promise<string> {
    if (requested) {
      if (!rangeContains(this.range, requested) || requested === numberToIp(this.range.base) || requested === numberToIp(this.range.base + this.range.size - 1)) {
        throw ipError(kind, name, requested, `failed to allocate IP ${requested}: the provided IP (${requested}) is not in the valid range. The range of valid IPs is ${this.range.cidr}`);
      }
      if (!(await this.ips.take(requested, { owner }))) {
        throw ipError(kind, name, requested, `failed to allocate IP ${requested}: provided IP is already allocated`);
      }
      return requested;
    }
    const ip = await this.ips.allocate({ owner });
    if (!ip) throw ipError(kind, name, '', `failed to allocate a serviceIP: range is full`);
    return ip;
  }

  releaseIp(ip: string): Promise<void> {
    return this.ips.release(ip);
  }

  async allocateNodePort(owner: string, kind: string, name: string, field: string, requested?: number): Promise<number> {
    if (requested) {
      if (requested < this.ports.min || requested > this.ports.max) {
        throw portError(kind, name, field, requested, `provided port is not in the valid range. The range of valid ports is ${this.ports.min}-${this.ports.max}`);
      }
      if (!(await this.nodePorts.take(String(requested), { owner }))) {
        throw portError(kind, name, field, requested, 'provided port is already allocated');
      }
      return requested;
    }
    const port = await this.nodePorts.allocate({ owner });
    if (!port) throw portError(kind, name, field, 0, 'range is full');
    return Number(port);
  }

  releaseNodePort(port: number): Promise<void> {
    return this.nodePorts.release(String(port));
  }
}

function ipError(kind: string, name: string, ip: string, detail: string) {
  const cause: FieldCause = { type: 'FieldValueInvalid', field: 'spec.clusterIPs', message: `Invalid value: ${JSON.stringify([ip])}: ${detail}` };
  return invalid(kind, '', name, [cause]);
}

function portError(kind: string, name: string, field: string, port: number, detail: string) {
  const cause: FieldCause = { type: 'FieldValueInvalid', field, message: `Invalid value: ${port}: ${detail}` };
  return invalid(kind, '', name, [cause]);
}
