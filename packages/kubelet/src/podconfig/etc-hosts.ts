/** The /etc/hosts file the kubelet manages for each pod (`<podDir>/etc-hosts`): localhost entries, the pod's IPs and hostname, hostAliases. */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { HostAlias } from 'kubernetes-types/core/v1.js';

export const ETC_HOSTS_FILE = 'etc-hosts';
const HOSTS_MODE = 0o644;

const MANAGED_HEADER = '# Kubernetes-managed hosts file.\n';
const HOST_NETWORK_HEADER = '# Kubernetes-managed hosts file (host network).\n';
const LOCAL_ENTRIES = [
  '127.0.0.1\tlocalhost',
  '::1\tlocalhost ip6-localhost ip6-loopback',
  'fe00::0\tip6-localnet',
  'fe00::0\tip6-mcastprefix',
  'fe00::1\tip6-allnodes',
  'fe00::2\tip6-allrouters',
];

export interface EtcHostsOptions {
  /** `<subdomain>.<ns>.svc.<cluster domain>` for pods with a subdomain: the entry becomes `ip fqdn hostname`. */
  domain?: string;
  /** Host-network pods get the node's hosts file (read from hostHostsPath, default /etc/hosts) plus hostAliases. */
  hostNetwork?: boolean;
  hostHostsPath?: string;
}

/** The file's text. */
export function etcHostsContent(podIPs: string[], hostname: string, hostAliases: HostAlias[] = [], opts: EtcHostsOptions = {}, hostHosts = ''): string {
  let text: string;
  if (opts.hostNetwork) {
    text = HOST_NETWORK_HEADER + hostHosts + (hostHosts === '' || hostHosts.endsWith('\n') ? '' : '\n');
  } else {
    text = MANAGED_HEADER + LOCAL_ENTRIES.map((l) => `${l}\n`).join('');
    for (const ip of podIPs) text += opts.domain ? `${ip}\t${hostname}.${opts.domain}\t${hostname}\n` : `${ip}\t${hostname}\n`;
  }
  if (hostAliases.length > 0) {
    text += '\n# Entries added by HostAliases.\n';
    for (const a of hostAliases) text += `${a.ip}\t${(a.hostnames ?? []).join('\t')}\n`;
  }
  return text;
}

/** Writes `<podDir>/etc-hosts`; returns its path. */
export async function writeEtcHosts(
  podDir: string,
  podIP: string | string[],
  hostname: string,
  hostAliases: HostAlias[] = [],
  opts: EtcHostsOptions = {},
): Promise<string> {
  const ips = (Array.isArray(podIP) ? podIP : [podIP]).filter((ip) => ip !== '');
  const hostHosts = opts.hostNetwork ? await readFile(opts.hostHostsPath ?? '/etc/hosts', 'utf8').catch(() => '') : '';
  await mkdir(podDir, { recursive: true });
  const path = join(podDir, ETC_HOSTS_FILE);
  await writeFile(path, etcHostsContent(ips, hostname, hostAliases, opts, hostHosts), { mode: HOSTS_MODE });
  return path;
}
