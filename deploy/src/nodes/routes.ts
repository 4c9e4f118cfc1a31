/** Adds and removes the static routes that carry pod traffic between the host and the nodes. */
import { hasRouteVia, ip } from './ip-state.js';

/** One route of a netns (undefined = the host's) to a pod CIDR via a node's address. */
export interface PodRoute {
  netns: string | undefined;
  cidr: string;
  via: string;
}

function where(netns: string | undefined): string {
  return netns === undefined ? 'the host' : `netns ${netns}`;
}

/**
 * Makes sure `cidr` is routed via `via`. A route to the same CIDR that goes elsewhere (someone else's, such as a
 * CNI bridge's connected route) is an error rather than something to overwrite with `ip route replace`.
 */
export async function ensureRoute({ netns, cidr, via }: PodRoute): Promise<void> {
  if (await hasRouteVia(netns, cidr, via)) return;
  const existing = (await ip(netns, ['route', 'show', 'exact', cidr])).trim();
  if (existing !== '') throw new Error(`${where(netns)} already routes ${cidr} elsewhere (${existing}); not replacing it`);
  await ip(netns, ['route', 'add', cidr, 'via', via]);
}

/** Removes the route to `cidr` via `via` if present; a route that is already gone is fine. */
export async function deleteRoute({ netns, cidr, via }: PodRoute): Promise<void> {
  if (!(await hasRouteVia(netns, cidr, via))) return;
  try {
    await ip(netns, ['route', 'del', cidr, 'via', via]);
  } catch (err) {
    // Gone in the meantime (its device was deleted, say): that is what we wanted.
    if (await hasRouteVia(netns, cidr, via)) throw err;
  }
}

/** An `unreachable` route for `cidr` in `netns` (undefined = the host), unless some route to exactly it exists. */
export async function ensureUnreachable(netns: string | undefined, cidr: string): Promise<void> {
  if ((await ip(netns, ['route', 'show', 'exact', cidr])).trim() !== '') return;
  await ip(netns, ['route', 'add', 'unreachable', cidr]);
}

/** Removes the `unreachable` route for `cidr` if it is there. */
export async function deleteUnreachable(netns: string | undefined, cidr: string): Promise<void> {
  if (!(await ip(netns, ['route', 'show', 'exact', cidr])).includes('unreachable')) return;
  await ip(netns, ['route', 'del', 'unreachable', cidr]);
}
