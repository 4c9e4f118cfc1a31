/** The retry delay of a pod after its n-th failed attempt: initial * 2^(n-1), capped. */

/**
 * `initialMs * 2^(attempts-1)`, never above `maxMs` (attempts below 1 count as 1). With the defaults:
 * 1, 2, 4, 8, 10, 10, ... seconds. Doubling stops at the cap, so large attempt counts cannot overflow.
 */
export function backoffDuration(attempts: number, initialMs: number, maxMs: number): number {
  let duration = initialMs;
  for (let i = 1; i < attempts; i++) {
    if (duration >= maxMs - duration) return maxMs;
    duration += duration;
  }
  return Math.min(duration, maxMs);
}
