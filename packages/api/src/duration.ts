/** Go duration strings ("15s", "1m30s", "1.5h", "250ms"), as Kubernetes flags and configuration files write them (metav1.Duration). */

const UNIT_MS: Record<string, number> = { ns: 1e-6, us: 1e-3, 'µs': 1e-3, ms: 1, s: 1_000, m: 60_000, h: 3_600_000 };
const SEGMENT = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)/y;

/** Milliseconds of a Go duration string, or undefined if it is not one. "0" alone is zero, as in Go. */
export function parseGoDuration(text: string): number | undefined {
  let s = text.trim();
  let sign = 1;
  if (s.startsWith('-') || s.startsWith('+')) {
    if (s[0] === '-') sign = -1;
    s = s.slice(1);
  }
  if (s === '0') return 0;
  if (s === '') return undefined;
  let total = 0;
  SEGMENT.lastIndex = 0;
  while (SEGMENT.lastIndex < s.length) {
    const m = SEGMENT.exec(s);
    if (!m) return undefined;
    total += Number(m[1]) * UNIT_MS[m[2]!]!;
  }
  return sign * total;
}

/** Milliseconds of a non-negative duration flag value; throws a clear error otherwise. */
export function parseDurationFlag(name: string, text: string): number {
  const ms = parseGoDuration(text);
  if (ms === undefined || ms < 0) throw new Error(`invalid --${name} ${JSON.stringify(text)} (a duration such as 30s, 5m, 1h30m)`);
  return ms;
}
