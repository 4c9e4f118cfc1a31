/** A fixed-capacity FIFO that evicts its oldest item when full, with binary search over ordered items. */

export class RingBuffer<T> {
  private readonly slots: (T | undefined)[];
  private first = 0;
  private size = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`capacity must be a positive integer, got ${capacity}`);
    this.slots = new Array<T | undefined>(capacity);
  }

  get length(): number {
    return this.size;
  }

  /** Appends `item`; returns the evicted oldest item when the buffer was full. */
  push(item: T): T | undefined {
    if (this.size < this.capacity) {
      this.slots[(this.first + this.size) % this.capacity] = item;
      this.size++;
      return undefined;
    }
    const evicted = this.slots[this.first];
    this.slots[this.first] = item;
    this.first = (this.first + 1) % this.capacity;
    return evicted;
  }

  /** The item at `index`, 0 being the oldest. */
  at(index: number): T {
    if (index < 0 || index >= this.size) throw new RangeError(`index ${index} out of range 0..${this.size - 1}`);
    return this.slots[(this.first + index) % this.capacity] as T;
  }

  clear(): void {
    this.slots.fill(undefined);
    this.first = 0;
    this.size = 0;
  }

  /**
   * The index of the first item for which `pred` holds, given that `pred` is false for a
   * (possibly empty) run of the oldest items and true for the rest; `length` when none.
   */
  findFirst(pred: (item: T) => boolean): number {
    let lo = 0;
    let hi = this.size;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (pred(this.at(mid))) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
}
