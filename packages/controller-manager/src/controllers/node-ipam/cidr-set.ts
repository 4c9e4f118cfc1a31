/** A cluster CIDR cut into equal subnets, each free or taken (IPv4): what node IPAM hands pod CIDRs out of. */

function parseIpv4(text: string): number {
  const parts = text.split('.');
  if (parts.length !== 4) throw new Error(`invalid IPv4 address ${JSON.stringify(text)}`);
  let value = 0;
  for (const part of parts) {
    const n = Number(part);
    if (!/^\d{1,3}$/.test(part) || n > 255) throw new Error(`invalid IPv4 address ${JSON.stringify(text)}`);
    value = value * 256 + n;
  }
  return value;
}

function formatIpv4(value: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join('.');
}

/** A CIDR as [network base, prefix length]; the base is masked to the prefix. */
export function parseCidr(text: string): { base: number; prefix: number } {
  const [ip, len, ...rest] = text.split('/');
  const prefix = Number(len);
  if (rest.length > 0 || ip === undefined || !/^\d{1,2}$/.test(len ?? '') || prefix > 32) throw new Error(`invalid CIDR ${JSON.stringify(text)}`);
  const size = 2 ** (32 - prefix);
  return { base: Math.floor(parseIpv4(ip) / size) * size, prefix };
}

/** The subnets of `clusterCidr` of size /`maskSize`, allocated lowest free first after the last one handed out. */
export class CidrSet {
  readonly clusterCidr: string;
  private readonly base: number;
  private readonly maskSize: number;
  private readonly count: number;
  private readonly used = new Set<number>();
  private next = 0;

  constructor(clusterCidr: string, maskSize: number) {
    const { base, prefix } = parseCidr(clusterCidr);
    if (maskSize < prefix || maskSize > 32) throw new Error(`node CIDR mask size /${maskSize} does not fit in cluster CIDR ${clusterCidr}`);
    this.clusterCidr = clusterCidr;
    this.base = base;
    this.maskSize = maskSize;
    this.count = 2 ** (maskSize - prefix);
  }

  get free(): number {
    return this.count - this.used.size;
  }

  /** Takes the next free subnet; undefined when all are taken. */
  allocate(): string | undefined {
    if (this.used.size >= this.count) return undefined;
    for (let i = 0; i < this.count; i++) {
      const index = (this.next + i) % this.count;
      if (!this.used.has(index)) {
        this.used.add(index);
        this.next = (index + 1) % this.count;
        return this.format(index);
      }
    }
    return undefined;
  }

  /** Marks `cidr` taken; false when it is not one of this set's subnets (another range, another size). */
  occupy(cidr: string): boolean {
    const index = this.indexOf(cidr);
    if (index === undefined) return false;
    this.used.add(index);
    return true;
  }

  /** Frees `cidr` (ignored when it is not one of this set's subnets). */
  release(cidr: string): void {
    const index = this.indexOf(cidr);
    if (index !== undefined) this.used.delete(index);
  }

  private format(index: number): string {
    return `${formatIpv4(this.base + index * 2 ** (32 - this.maskSize))}/${this.maskSize}`;
  }

  private indexOf(cidr: string): number | undefined {
    let parsed: { base: number; prefix: number };
    try {
      parsed = parseCidr(cidr);
    } catch {
      return undefined;
    }
    if (parsed.prefix !== this.maskSize) return undefined;
    const offset = parsed.base - this.base;
    const index = offset / 2 ** (32 - this.maskSize);
    return offset >= 0 && index < this.count ? index : undefined;
  }
}
