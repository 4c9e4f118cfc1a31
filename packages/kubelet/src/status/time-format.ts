/** Time formatting the kubelet's status uses: RFC 3339 at whole seconds, and Go's time.Duration text for back-off messages. */

/** `2026-01-02T03:04:05Z`: the API's metav1.Time wire form (seconds precision, UTC). */
export function rfc3339(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** A duration as Go's `time.Duration.String()` prints whole seconds: `10s`, `1m20s`, `5m0s`, `1h0m0s`, `0s`. */
export function goDuration(ms: number): string {
  const total = Math.round(ms / 1000);
  if (total === 0) return '0s';
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  if (hours > 0) return `${hours}h${minutes}m${seconds}s`;
  if (minutes > 0) return `${minutes}m${seconds}s`;
  return `${seconds}s`;
}
