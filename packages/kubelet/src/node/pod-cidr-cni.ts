/** Turns the Node's spec.podCIDR into the node's CNI config (bridge + host-local), written once per new CIDR. */
import { writeCniConfig } from '../containerd/index.js';

/** The kubelet's bridge when none is configured. */
export const DEFAULT_CNI_BRIDGE = 'cni0';

/** The CNI network name of a node: unique per node, because libcni caches results globally by network name. */
export function cniNetworkName(nodeName: string): string {
  return `skiff-${nodeName}`;
}

/** The first usable address of an IPv4 CIDR (network + 1): the bridge's address and the pods' gateway. */
export function podCidrGateway(cidr: string): string {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(cidr);
  const octets = m ? m.slice(1, 5).map(Number) : [];
  const bits = m ? Number(m[5]) : -1;
  if (!m || octets.some((o) => o > 255) || bits > 30) throw new Error(`unsupported pod CIDR ${JSON.stringify(cidr)}: want an IPv4 CIDR of /30 or larger`);
  const ip = octets.reduce((acc, o) => acc * 256 + o, 0);
  const size = 2 ** (32 - bits);
  const gw = Math.floor(ip / size) * size + 1;
  return [24, 16, 8, 0].map((s) => Math.floor(gw / 2 ** s) % 256).join('.');
}

export interface PodCidrCniOptions {
  containerdDir: string;
  networkName: string;
  bridge?: string;
}

/** Remembers the CIDR last written, so the config is rewritten only when spec.podCIDR changes. */
export class PodCidrCni {
  private applied: string | undefined;

  constructor(private readonly opts: PodCidrCniOptions) {}

  /** The CIDR whose config was last written. */
  current(): string | undefined {
    return this.applied;
  }

  /** Writes the CNI config for `podCIDR` if it is new; returns whether it wrote. */
  async apply(podCIDR: string | undefined): Promise<boolean> {
    if (!podCIDR || podCIDR === this.applied) return false;
    await writeCniConfig(this.opts.containerdDir, {
      networkName: this.opts.networkName,
      bridge: this.opts.bridge ?? DEFAULT_CNI_BRIDGE,
      subnet: podCIDR,
      gateway: podCidrGateway(podCIDR),
    });
    this.applied = podCIDR;
    return true;
  }
}
