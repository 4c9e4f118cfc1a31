/** A min-heap of keys by ready time (ties by insertion order) with earliest-wins updates per key. */

interface Entry {
  readonly key: string;
  readonly readyAt: number;
  readonly seq: number;
}

function before(a: Entry, b: Entry): boolean {
  return a.readyAt < b.readyAt || (a.readyAt === b.readyAt && a.seq < b.seq);
}

/**
 * Updates push a fresh entry and leave the old one behind; stale entries (no longer the key's
 * current one) are skipped when they reach the top, which keeps every operation O(log n).
 */
export class WaitingHeap {
  private readonly heap: Entry[] = [];
  private readonly current = new Map<string, Entry>();
  private seq = 0;

  get size(): number {
    return this.current.size;
  }

  /** Schedules `key` at `readyAt`, unless it is already scheduled earlier. Returns whether it changed. */
  offer(key: string, readyAt: number): boolean {
    const existing = this.current.get(key);
    if (existing && existing.readyAt <= readyAt) return false;
    const entry: Entry = { key, readyAt, seq: this.seq++ };
    this.current.set(key, entry);
    this.push(entry);
    return true;
  }

  /** The earliest ready time, if any key waits. */
  peekReadyAt(): number | undefined {
    this.dropStale();
    return this.heap[0]?.readyAt;
  }

  /** Removes and returns the earliest key if it is ready at `now`. */
  popReady(now: number): string | undefined {
    this.dropStale();
    const top = this.heap[0];
    if (!top || top.readyAt > now) return undefined;
    this.popTop();
    this.current.delete(top.key);
    return top.key;
  }

  clear(): void {
    this.heap.length = 0;
    this.current.clear();
  }

  private dropStale(): void {
    while (this.heap.length > 0 && this.current.get(this.heap[0]!.key) !== this.heap[0]) this.popTop();
  }

  private push(entry: Entry): void {
    const h = this.heap;
    h.push(entry);
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(h[i]!, h[parent]!)) break;
      [h[i], h[parent]] = [h[parent]!, h[i]!];
      i = parent;
    }
  }

  private popTop(): void {
    const h = this.heap;
    const last = h.pop()!;
    if (h.length === 0) return;
    h[0] = last;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < h.length && before(h[l]!, h[m]!)) m = l;
      if (r < h.length && before(h[r]!, h[m]!)) m = r;
      if (m === i) return;
      [h[i], h[m]] = [h[m]!, h[i]!];
      i = m;
    }
  }
}
