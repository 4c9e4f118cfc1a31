/** A probe's port (a number or the name of one of the container's ports) resolved to a number, as upstream probe.ResolveContainerPort does. */
import type { Container } from 'kubernetes-types/core/v1.js';

/** Resolves `port`; throws for a name the container does not declare or a number outside 1..65535. */
export function resolveProbePort(port: number | string, container: Container): number {
  let resolved: number;
  if (typeof port === 'number') resolved = port;
  else {
    const named = container.ports?.find((p) => p.name === port);
    if (named) resolved = named.containerPort;
    else if (/^\d+$/.test(port)) resolved = Number(port);
    else throw new Error(`couldn't find port: ${port} in ${container.name}`);
  }
  if (!Number.isInteger(resolved) || resolved <= 0 || resolved >= 65536) throw new Error(`invalid port number: ${resolved}`);
  return resolved;
}

/** `host:port`, with an IPv6 host in brackets. */
export function joinHostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}
