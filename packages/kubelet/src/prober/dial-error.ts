/** Node socket errors written the way Go's net package words them, so probe messages read as the kubelet's do. */

/** Go's text for the errno codes a probe's connect commonly meets. */
const GO_ERRNO_TEXT: Record<string, string> = {
  ECONNREFUSED: 'connect: connection refused',
  EHOSTUNREACH: 'connect: no route to host',
  ENETUNREACH: 'connect: network is unreachable',
  ETIMEDOUT: 'i/o timeout',
  ECONNRESET: 'read: connection reset by peer',
  EPIPE: 'write: broken pipe',
};

/** `dial tcp 10.244.1.5:8080: connect: connection refused`; unknown errors keep Node's message. */
export function dialErrorText(err: unknown, hostPort: string): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  const text = code ? GO_ERRNO_TEXT[code] : undefined;
  if (text) return `dial tcp ${hostPort}: ${text}`;
  return err instanceof Error ? err.message : String(err);
}
