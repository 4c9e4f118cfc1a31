/** Reads the current state of links, namespaces, routes and mounts, so set-up and teardown act only on what is there. */
import { readFile } from 'node:fs/promises';
import { run } from './run.js';

/** What we need of one entry of `ip -j -d link show`. */
export interface LinkInfo {
  ifindex: number;
  ifname: string;
  /** Name of the bridge it is attached to, if any. */
  master?: string;
  /** `bridge`, `veth`, `dummy`, ...; absent for plain devices such as `lo`. */
  kind?: string;
  /** For a veth: the ifindex of its peer (in the peer's own namespace). */
  peerIndex?: number;
}

/** `ip [-n NETNS] ARGS...`. */
export function ip(netns: string | undefined, args: readonly string[]): Promise<string> {
  return run('ip', netns === undefined ? args : ['-n', netns, ...args]);
}

function parseJsonArray(text: string): unknown[] {
  // `ip -j netns list` prints nothing at all when there is no namespace.
  if (text.trim() === '') return [];
  const value: unknown = JSON.parse(text);
  if (!Array.isArray(value)) throw new Error(`unexpected output of ip -j: ${text.slice(0, 200)}`);
  return value;
}

export async function listLinks(netns?: string): Promise<LinkInfo[]> {
  const entries = parseJsonArray(await ip(netns, ['-j', '-d', 'link', 'show'])) as Array<{
    ifindex: number;
    ifname: string;
    master?: string;
    link_index?: number;
    linkinfo?: { info_kind?: string };
  }>;
  return entries.map((e) => ({
    ifindex: e.ifindex,
    ifname: e.ifname,
    master: e.master,
    kind: e.linkinfo?.info_kind,
    peerIndex: e.link_index,
  }));
}

export async function findLink(name: string, netns?: string): Promise<LinkInfo | undefined> {
  return (await listLinks(netns)).find((link) => link.ifname === name);
}

/** Names of the named network namespaces (`ip netns list`). */
export async function listNetns(): Promise<string[]> {
  const entries = parseJsonArray(await run('ip', ['-j', 'netns', 'list'])) as Array<{ name: string }>;
  return entries.map((e) => e.name);
}

/** Whether `cidr` is routed via `gateway` in that namespace's main table. */
export async function hasRouteVia(netns: string | undefined, cidr: string, gateway: string): Promise<boolean> {
  const routes = parseJsonArray(await ip(netns, ['-j', 'route', 'show', 'exact', cidr])) as Array<{ gateway?: string }>;
  return routes.some((r) => r.gateway === gateway);
}

/** Whether `path` is itself a mount point in our mount namespace (field 5 of /proc/self/mountinfo). */
export async function isMountPoint(path: string): Promise<boolean> {
  const text = await readFile('/proc/self/mountinfo', 'utf8');
  return text.split('\n').some((line) => unescapeMountPath(line.split(' ')[4] ?? '') === path);
}

/** mountinfo writes space, tab, newline and backslash in paths as octal escapes. */
function unescapeMountPath(field: string): string {
  return field.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(parseInt(octal, 8)));
}

/** `ip [-n NETNS] link del NAME` if it exists; a link that vanishes meanwhile (its netns was being dismantled) is fine. */
export async function deleteLinkIfPresent(name: string, netns?: string): Promise<void> {
  if ((await findLink(name, netns)) === undefined) return;
  try {
    await ip(netns, ['link', 'del', name]);
  } catch (err) {
    if ((await findLink(name, netns)) !== undefined) throw err;
  }
}
