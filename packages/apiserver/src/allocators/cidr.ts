/** IPv4 CIDR arithmetic for the service IP range. */
import { badRequest } from '@skiff/api';

export interface Ipv4Range {
  /** Network address as an unsigned 32-bit number. */
  base: number;
  prefix: number;
  /** Number of addresses in the range. */
  size: number;
  cidr: string;
}

export function ipToNumber(ip: string): number | undefined {
  const parts = ip.split('.');
  if (parts.length !== 4) return undefined;
  let n = 0;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part) || Number(part) > 255) return undefined;
    n = n * 256 + Number(part);
  }
  return n;
}

export function numberToIp(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

export function parseCidr(cidr: string): Ipv4Range {
  const [ip, bits] = cidr.split('/');
  const base = ip === undefined ? undefined : ipToNumber(ip);
  const prefix = Number(bits);
  if (base === undefined || !Number.isInteger(prefix) || prefix < 8 || prefix > 30) throw badRequest(`invalid CIDR ${JSON.stringify(cidr)}`);
  const size = 2 ** (32 - prefix);
  return { base: base - (base % size), prefix, size, cidr };
}

export function rangeContains(range: Ipv4Range, ip: string): boolean {
  const n = ipToNumber(ip);
  return n !== undefined && n >= range.base && n < range.base + range.size;
}
