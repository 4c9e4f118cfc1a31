/** Allocates unique values (service IPs, node ports) by creating one store key per taken value. */
import { KeyExistsError, KeyNotFoundError, type Store } from '@skiff/storage';
import { randomInt } from 'node:crypto';

/** Random probes before falling back to a scan for a free value. */
const RANDOM_PROBES = 16;

export interface AllocationOwner {
  /** What holds the value, e.g. `services/default/web`. */
  owner: string;
}

export class KeyAllocator {
  constructor(
    private readonly store: Store,
    /** Key prefix ending in `/`, e.g. `/registry/ranges/serviceips/`. */
    private readonly prefix: string,
    /** The candidate values, as offsets into a contiguous range. */
    private readonly count: number,
    private readonly valueAt: (offset: number) => string,
  ) {}

  /** Takes `value`; false when it is already taken. */
  async take(value: string, owner: AllocationOwner): Promise<boolean> {
    try {
      await this.store.create(this.prefix + value, { metadata: {}, value, owner: owner.owner });
      return true;
    } catch (err) {
      if (err instanceof KeyExistsError) return false;
      throw err;
    }
  }

  /** Takes any free value; undefined when the range is full. */
  async allocate(owner: AllocationOwner): Promise<string | undefined> {
    for (let i = 0; i < RANDOM_PROBES; i++) {
      const value = this.valueAt(randomInt(this.count));
      if (await this.take(value, owner)) return value;
    }
    const used = new Set(await this.values());
    for (let offset = 0; offset < this.count; offset++) {
      const value = this.valueAt(offset);
      if (!used.has(value) && (await this.take(value, owner))) return value;
    }
    return undefined;
  }

  async release(value: string): Promise<void> {
    try {
      await this.store.delete(this.prefix + value);
    } catch (err) {
      if (!(err instanceof KeyNotFoundError)) throw err;
    }
  }

  /** Every value taken now. */
  async values(): Promise<string[]> {
    const listed = await this.store.list<{ value?: string; metadata?: Record<string, unknown> }>(this.prefix);
    return listed.items.map((item) => String(item.value ?? ''));
  }
}
