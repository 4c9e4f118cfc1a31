/** Small IPv4 address and CIDR arithmetic for planning node networks. */

export interface Ipv4Cidr {
  /** The network address as a 32-bit unsigned number. */
  network: number;
  prefixLength: number;
}

const OCTET = /^(0|[1-9]\d{0,2})$/;

export function parseIpv4(text: string): number {
  const parts = text.split('.');
  if (parts.length !== 4 || !parts.every((p) => OCTET.test(p) && Number(p) <= 255)) {
    throw new Error(`invalid IPv4 address "${text}"`);
  }
  return parts.reduce((acc, p) => acc * 256 + Number(p), 0);
}

export function formatIpv4(value: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join('.');
}

/** Parses `a.b.c.d/n`; the address must be the network address (no host bits set). */
export function parseCidr(text: string): Ipv4Cidr {
  const slash = text.indexOf('/');
  const lengthText = slash < 0 ? '' : text.slice(slash + 1);
  if (!/^\d{1,2}$/.test(lengthText) || Number(lengthText) > 32) throw new Error(`invalid IPv4 CIDR "${text}"`);
  const prefixLength = Number(lengthText);
  const network = parseIpv4(text.slice(0, slash));
  if (network % 2 ** (32 - prefixLength) !== 0) throw new Error(`CIDR "${text}" has host bits set`);
  return { network, prefixLength };
}

export function formatCidr(cidr: Ipv4Cidr): string {
  return `${formatIpv4(cidr.network)}/${cidr.prefixLength}`;
}

/** Number of addresses in the block, network and broadcast included. */
export function cidrSize(cidr: Ipv4Cidr): number {
  return 2 ** (32 - cidr.prefixLength);
}

/** Whether two blocks share any address. */
export function cidrsOverlap(a: Ipv4Cidr, b: Ipv4Cidr): boolean {
  return a.network < b.network + cidrSize(b) && b.network < a.network + cidrSize(a);
}

/** The block an interface address belongs to: `10.250.0.1/24` -> 10.250.0.0/24. */
export function blockOfInterfaceCidr(text: string): Ipv4Cidr {
  const [address = '', lengthText = ''] = text.split('/');
  if (!/^\d{1,2}$/.test(lengthText) || Number(lengthText) > 32) throw new Error(`invalid interface address "${text}"`);
  const prefixLength = Number(lengthText);
  const value = parseIpv4(address);
  return { network: value - (value % 2 ** (32 - prefixLength)), prefixLength };
}
