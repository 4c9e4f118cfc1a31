/** A binary min-heap whose items have string keys, so one item can be found, replaced or removed in O(log n). */

/** `less(a, b)` is true when `a` must come out before `b`. */
export type LessFn<T> = (a: T, b: T) => boolean;

export class KeyedHeap<T> {
  private readonly items: T[] = [];
  private readonly keys: string[] = [];
  /** key -> index in `items`. */
  private readonly index = new Map<string, number>();

  constructor(private readonly less: LessFn<T>) {}

  get size(): number {
    return this.items.length;
  }

  has(key: string): boolean {
    return this.index.has(key);
  }

  get(key: string): T | undefined {
    const i = this.index.get(key);
    return i === undefined ? undefined : this.items[i];
  }

  /** The first item, without removing it. */
  peek(): T | undefined {
    return this.items[0];
  }

  /** Adds `item` under `key`, or replaces the item held under `key` and restores the order. */
  set(key: string, item: T): void {
    const i = this.index.get(key);
    if (i !== undefined) {
      this.items[i] = item;
      this.fix(i);
      return;
    }
    this.items.push(item);
    this.keys.push(key);
    this.index.set(key, this.items.length - 1);
    this.up(this.items.length - 1);
  }

  /** Removes and returns the first item. */
  pop(): T | undefined {
    if (this.items.length === 0) return undefined;
    const first = this.items[0]!;
    this.removeAt(0);
    return first;
  }

  /** Removes the item under `key`; returns it if there was one. */
  delete(key: string): T | undefined {
    const i = this.index.get(key);
    if (i === undefined) return undefined;
    const item = this.items[i]!;
    this.removeAt(i);
    return item;
  }

  /** Every item, in no particular order. */
  values(): T[] {
    return [...this.items];
  }

  private removeAt(i: number): void {
    const last = this.items.length - 1;
    this.index.delete(this.keys[i]!);
    if (i !== last) {
      this.items[i] = this.items[last]!;
      this.keys[i] = this.keys[last]!;
      this.index.set(this.keys[i]!, i);
    }
    this.items.pop();
    this.keys.pop();
    if (i < this.items.length) this.fix(i);
  }

  private fix(i: number): void {
    if (!this.down(i)) this.up(i);
  }

  private up(i: number): void {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(this.items[i]!, this.items[parent]!)) return;
      this.swap(i, parent);
      i = parent;
    }
  }

  /** Sifts down; true when the item moved. */
  private down(start: number): boolean {
    let i = start;
    const n = this.items.length;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= n) break;
      const right = left + 1;
      const child = right < n && this.less(this.items[right]!, this.items[left]!) ? right : left;
      if (!this.less(this.items[child]!, this.items[i]!)) break;
      this.swap(i, child);
      i = child;
    }
    return i !== start;
  }

  private swap(a: number, b: number): void {
    [this.items[a], this.items[b]] = [this.items[b]!, this.items[a]!];
    [this.keys[a], this.keys[b]] = [this.keys[b]!, this.keys[a]!];
    this.index.set(this.keys[a]!, a);
    this.index.set(this.keys[b]!, b);
  }
}
