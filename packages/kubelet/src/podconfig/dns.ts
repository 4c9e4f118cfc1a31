/** A pod's DNS config for CRI: ClusterFirst (cluster DNS + search path), Default (the host's resolv.conf), None (the pod's dnsConfig), merged with pod.spec.dnsConfig. */
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { DNSConfig } from '../cri/index.js';

/** Kubernetes' default resolver options for cluster DNS. */
export const CLUSTER_DNS_OPTIONS = ['ndots:5'];
/** glibc resolvers honour at most this many search domains (upstream limit since 1.28). */
export const MAX_DNS_SEARCH_PATHS = 32;
export const DEFAULT_RESOLV_CONF = '/etc/resolv.conf';

/** Parses resolv.conf text: nameserver, search/domain and options lines. */
export function parseResolvConf(text: string): DNSConfig {
  const out: DNSConfig = { servers: [], searches: [], options: [] };
  for (const raw of text.split('\n')) {
    const line = raw.replace(/[#;].*$/, '').trim();
    if (line === '') continue;
    const [key, ...fields] = line.split(/\s+/);
    if (key === 'nameserver' && fields[0]) out.servers.push(fields[0]);
    else if (key === 'search') out.searches = fields.filter((f) => f !== '.');
    else if (key === 'domain' && fields[0]) out.searches = [fields[0]];
    else if (key === 'options') out.options.push(...fields);
  }
  return out;
}

function unique(list: string[]): string[] {
  return [...new Set(list)];
}

/** Options merge by name (`ndots:2` replaces `ndots:5`), in first-seen order. */
function mergeOptions(base: string[], extra: string[]): string[] {
  const m = new Map<string, string>();
  for (const o of [...base, ...extra]) m.set(o.split(':')[0]!, o);
  return [...m.values()];
}

export interface PodDnsOptions {
  clusterDNS?: string[];
  clusterDomain?: string;
  /** The host's resolv.conf text (already read); Default pods copy it, ClusterFirst pods append its search domains. */
  hostResolvConf?: string;
}

/** The effective policy: ClusterFirst falls back to Default for hostNetwork pods (unless ClusterFirstWithHostNet) and when no cluster DNS is set. */
export function effectiveDnsPolicy(pod: Pod, clusterDNS: string[] | undefined): string {
  const policy = pod.spec?.dnsPolicy ?? 'ClusterFirst';
  if (policy === 'ClusterFirstWithHostNet') return clusterDNS && clusterDNS.length > 0 ? 'ClusterFirst' : 'Default';
  if (policy === 'ClusterFirst') {
    if (pod.spec?.hostNetwork) return 'Default';
    if (!clusterDNS || clusterDNS.length === 0) return 'Default';
  }
  return policy;
}

/** The CRI DNS config for the pod. */
export function podDnsConfig(pod: Pod, opts: PodDnsOptions): DNSConfig {
  const host = parseResolvConf(opts.hostResolvConf ?? '');
  const policy = effectiveDnsPolicy(pod, opts.clusterDNS);
  let cfg: DNSConfig;
  if (policy === 'ClusterFirst') {
    const ns = pod.metadata?.namespace ?? 'default';
    const domain = opts.clusterDomain ?? '';
    const searches = domain ? [`${ns}.svc.${domain}`, `svc.${domain}`, domain] : [];
    cfg = { servers: [...(opts.clusterDNS ?? [])], searches: unique([...searches, ...host.searches]), options: [...CLUSTER_DNS_OPTIONS] };
  } else if (policy === 'None') {
    cfg = { servers: [], searches: [], options: [] };
  } else {
    cfg = host;
  }
  const extra = pod.spec?.dnsConfig;
  if (extra) {
    cfg = {
      servers: unique([...cfg.servers, ...(extra.nameservers ?? [])]),
      searches: unique([...cfg.searches, ...(extra.searches ?? [])]),
      options: mergeOptions(cfg.options, (extra.options ?? []).map((o) => (o.value !== undefined ? `${o.name}:${o.value}` : (o.name ?? '')))),
    };
  }
  cfg.searches = cfg.searches.slice(0, MAX_DNS_SEARCH_PATHS);
  return cfg;
}
