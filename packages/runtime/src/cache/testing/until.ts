/** Test helper: lets the event loop turn until a condition holds (bounded by turns, not by time). */

/** Resolves once `cond()` is true; rejects after `maxTurns` event-loop turns without it. */
export async function until(cond: () => boolean, what = 'condition', maxTurns = 10_000): Promise<void> {
  for (let i = 0; i < maxTurns; i++) {
    if (cond()) return;
    await new Promise((resolve) => setImmediate(resolve));
  }
  throw new Error(`gave up waiting for ${what}`);
}
