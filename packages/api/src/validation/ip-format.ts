/** IP address and CIDR checks, returning Kubernetes' error strings; an empty list means valid. */
import { isIP } from 'node:net';

export function isValidIP(value: string): string[] {
  return isIP(value) === 0 ? ['must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)'] : [];
}

export function isValidIPv4Address(value: string): string[] {
  return isIP(value) === 4 ? [] : ['must be a valid IPv4 address'];
}

export function isValidIPv6Address(value: string): string[] {
  return isIP(value) === 6 ? [] : ['must be a valid IPv6 address'];
}

/** `10.244.0.0/16` or `fd00::/64`. */
export function isValidCIDR(value: string): string[] {
  const slash = value.indexOf('/');
  const bad = ['must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)'];
  if (slash < 0) return bad;
  const family = isIP(value.slice(0, slash));
  const bits = value.slice(slash + 1);
  if (family === 0 || !/^[0-9]{1,3}$/.test(bits)) return bad;
  return Number(bits) <= (family === 4 ? 32 : 128) ? [] : bad;
}

function ipv4Octets(value: string): number[] | undefined {
  if (isIP(value) !== 4) return undefined;
  return value.split('.').map(Number);
}

/** Expands an IPv6 address to its eight 16-bit groups. */
function ipv6Groups(value: string): number[] | undefined {
  if (isIP(value) !== 6) return undefined;
  let text = value.split('%')[0]!;
  const lastColon = text.lastIndexOf(':');
  const embedded = text.slice(lastColon + 1);
  if (embedded.includes('.')) {
    const o = embedded.split('.').map(Number);
    text = `${text.slice(0, lastColon + 1)}${((o[0]! << 8) | o[1]!).toString(16)}:${((o[2]! << 8) | o[3]!).toString(16)}`;
  }
  const [head = '', rest] = text.split('::');
  const parse = (s: string): number[] => (s === '' ? [] : s.split(':').map((g) => parseInt(g, 16)));
  const left = parse(head);
  const right = rest === undefined ? [] : parse(rest);
  const zeros = new Array<number>(Math.max(0, 8 - left.length - right.length)).fill(0);
  return [...left, ...zeros, ...right];
}

/**
 * Addresses Kubernetes refuses as endpoints and external IPs: unspecified, loopback, link-local unicast
 * and link-local multicast.
 */
export function nonSpecialIPErrors(value: string): string[] {
  const v4 = ipv4Octets(value);
  const v6 = v4 ? undefined : ipv6Groups(value);
  if (!v4 && !v6) return ['must be a valid IP address'];
  const errs: string[] = [];
  if (v4) {
    if (v4.every((o) => o === 0)) errs.push('may not be unspecified (0.0.0.0)');
    if (v4[0] === 127) errs.push('may not be in the loopback range (127.0.0.0/8)');
    if (v4[0] === 169 && v4[1] === 254) errs.push('may not be in the link-local range (169.254.0.0/16)');
    if (v4[0] === 224 && v4[1] === 0 && v4[2] === 0) errs.push('may not be in the link-local multicast range (224.0.0.0/24)');
  } else if (v6) {
    if (v6.every((g) => g === 0)) errs.push('may not be unspecified (0.0.0.0)');
    if (v6.slice(0, 7).every((g) => g === 0) && v6[7] === 1) errs.push('may not be in the loopback range (127.0.0.0/8)');
    if ((v6[0]! & 0xffc0) === 0xfe80) errs.push('may not be in the link-local range (169.254.0.0/16)');
    if ((v6[0]! & 0xff0f) === 0xff02) errs.push('may not be in the link-local multicast range (224.0.0.0/24)');
  }
  return errs;
}
