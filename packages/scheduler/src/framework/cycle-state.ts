/** CycleState: the per-scheduling-cycle key/value store plugins use to pass data from PreFilter/PreScore to later points. */

/** Data a plugin keeps in the cycle state; clone() must return an independent copy (preemption simulates on clones). */
export interface StateData {
  clone(): StateData;
}

/** Per-cycle storage, keyed by plugin-chosen strings; one instance per pod per scheduling attempt. */
export class CycleState {
  private readonly data = new Map<string, StateData>();
  /** When true, the Score phase is skipped entirely (set when only one node is feasible). */
  skipScore = false;
  /** Plugins whose PreFilter returned Skip: their Filter is not called this cycle. */
  skipFilterPlugins = new Set<string>();
  /** Plugins whose PreScore returned Skip: their Score is not called this cycle. */
  skipScorePlugins = new Set<string>();

  /** Reads a value; undefined when absent. */
  read<T extends StateData>(key: string): T | undefined {
    return this.data.get(key) as T | undefined;
  }

  /** Writes (or replaces) a value. */
  write(key: string, value: StateData): void {
    this.data.set(key, value);
  }

  /** Removes a value. */
  delete(key: string): void {
    this.data.delete(key);
  }

  /** A deep copy: each value is cloned through its own clone(). */
  clone(): CycleState {
    const copy = new CycleState();
    for (const [key, value] of this.data) copy.data.set(key, value.clone());
    copy.skipScore = this.skipScore;
    copy.skipFilterPlugins = new Set(this.skipFilterPlugins);
    copy.skipScorePlugins = new Set(this.skipScorePlugins);
    return copy;
  }
}
