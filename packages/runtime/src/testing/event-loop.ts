/** Test helpers that let the event loop turn: no real time involved, so nothing depends on the machine's speed. */

/** Resolves after one macrotask turn, once every pending promise continuation has run. */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Resolves once `cond()` is true; rejects after `maxTurns` event-loop turns without it. */
export async function until(cond: () => boolean, what = 'condition', maxTurns = 10_000): Promise<void> {
  for (let i = 0; i < maxTurns; i++) {
    if (cond()) return;
    await nextTurn();
  }
  throw new Error(`gave up waiting for ${what}`);
}
