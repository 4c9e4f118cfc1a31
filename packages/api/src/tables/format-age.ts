/** Kubernetes' human-readable durations (apimachinery duration.HumanDuration), as shown in AGE columns. */

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const YEAR_DAYS = 365;

/**
 * ~2-3 significant figures: `45s`, `2m17s`, `9m`, `3h5m`, `20h`, `2d3h`, `8d`, `2y45d`, `9y`.
 * Up to 1s in the future counts as `0s` (clock skew); further is `<invalid>`.
 */
export function humanDuration(ms: number): string {
  const seconds = Math.trunc(ms / SECOND);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.trunc(ms / MINUTE);
  if (minutes < 10) {
    const s = seconds % 60;
    return s === 0 ? `${minutes}m` : `${minutes}m${s}s`;
  }
  if (minutes < 180) return `${minutes}m`;
  const hours = Math.trunc(ms / HOUR);
  if (hours < 8) {
    const m = minutes % 60;
    return m === 0 ? `${hours}h` : `${hours}h${m}m`;
  }
  if (hours < 48) return `${hours}h`;
  const days = Math.trunc(hours / 24);
  if (hours < 8 * 24) {
    const h = hours % 24;
    return h === 0 ? `${days}d` : `${days}d${h}h`;
  }
  if (hours < 2 * YEAR_DAYS * 24) return `${days}d`;
  const years = Math.trunc(days / YEAR_DAYS);
  if (hours < 8 * YEAR_DAYS * 24) {
    const d = days % YEAR_DAYS;
    return d === 0 ? `${years}y` : `${years}y${d}d`;
  }
  return `${years}y`;
}

/** Parses an RFC 3339 timestamp (or takes a Date); undefined when absent or unparseable. */
export function parseTime(value: unknown): Date | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value;
  if (typeof value !== 'string' || value === '') return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** The age of a timestamp at `now`, or `<unknown>` when there is no usable timestamp. */
export function formatAge(from: Date | string | undefined, now: Date): string {
  const date = parseTime(from);
  return date === undefined ? '<unknown>' : humanDuration(now.getTime() - date.getTime());
}
