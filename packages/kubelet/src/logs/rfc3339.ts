/** RFC 3339 timestamps (with up to nanosecond fractions) as bigint nanoseconds since the Unix epoch, for exact comparison. */

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/;
const NS_PER_MS = 1_000_000n;
const NS_PER_S = 1_000_000_000n;

/** Nanoseconds since the epoch of an RFC 3339 time (`2026-11-23T09:19:00.119845865Z`, `...+02:00`); undefined when it is not one. */
export function parseRfc3339Nano(text: string): bigint | undefined {
  const m = RFC3339.exec(text);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, frac, zone] = m as unknown as [string, string, string, string, string, string, string, string | undefined, string];
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return undefined;
  const ms = Date.UTC(Number(y), month - 1, day, hour, minute, second);
  // Date.UTC silently rolls over (Feb 31 -> Mar 3): reject days the month does not have.
  if (new Date(ms).getUTCDate() !== day) return undefined;
  let ns = BigInt(ms) * NS_PER_MS + (frac ? BigInt(frac.padEnd(9, '0')) : 0n);
  if (zone !== 'Z') {
    const sign = zone.startsWith('-') ? -1n : 1n;
    const offsetMinutes = BigInt(Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6)));
    // Local time = UTC + offset, so UTC = local - offset.
    ns -= sign * offsetMinutes * 60n * NS_PER_S;
  }
  return ns;
}

/** Nanoseconds since the epoch of a Date (millisecond precision). */
export function dateToNs(date: Date): bigint {
  return BigInt(date.getTime()) * NS_PER_MS;
}
