/** The CRI PodSandboxConfig for a pod: metadata, hostname, logs, DNS, host ports, labels, cgroup parent, namespaces and sysctls. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { CriInput, NamespaceMode, PodSandboxConfig, PortMapping, Protocol } from '../cri/index.js';
import { DEFAULT_RESOLV_CONF, podDnsConfig } from './dns.js';
import { podCgroupParent } from './qos.js';

/** Labels the kubelet puts on sandboxes and containers (upstream names). */
export const POD_NAME_LABEL = 'io.kubernetes.pod.name';
export const POD_NAMESPACE_LABEL = 'io.kubernetes.pod.namespace';
export const POD_UID_LABEL = 'io.kubernetes.pod.uid';
export const CONFIG_SOURCE_ANNOTATION = 'kubernetes.io/config.source';
/** A kernel hostname is at most 63 characters. */
const HOSTNAME_MAX = 63;

export interface SandboxConfigOptions {
  nodeName: string;
  podLogsDir: string;
  /** First segment of every pod's cgroup parent, e.g. `kubelet-<node>`. */
  cgroupRoot: string;
  clusterDNS?: string[];
  clusterDomain?: string;
  attempt: number;
  /** Default /etc/resolv.conf; read for dnsPolicy Default and for the host's search domains. */
  resolvConfPath?: string;
  /** Where the pod came from (`api`, `file`); default `api`. */
  configSource?: string;
}

/** The pod's hostname (spec.hostname or the name, cut to 63 characters without a trailing `-`/`.`) and its domain when it has a subdomain. */
export function podHostnameAndDomain(pod: Pod, clusterDomain?: string): { hostname: string; domain: string } {
  let hostname = pod.spec?.hostname || pod.metadata?.name || '';
  if (hostname.length > HOSTNAME_MAX) hostname = hostname.slice(0, HOSTNAME_MAX).replace(/[-.]+$/, '');
  const sub = pod.spec?.subdomain;
  const domain = sub && clusterDomain ? `${sub}.${pod.metadata?.namespace ?? 'default'}.svc.${clusterDomain}` : '';
  return { hostname, domain };
}

/** `<ns>_<name>_<uid>`: the pod's log directory name. */
export function podLogDirName(pod: Pod): string {
  return `${pod.metadata?.namespace ?? 'default'}_${pod.metadata?.name ?? ''}_${pod.metadata?.uid ?? ''}`;
}

/** The pod's namespace modes: network/ipc NODE with host*, pid POD only with shareProcessNamespace. */
export function podNamespaceModes(pod: Pod): { network: NamespaceMode; pid: NamespaceMode; ipc: NamespaceMode } {
  const s = pod.spec;
  return {
    network: s?.hostNetwork ? 'NODE' : 'POD',
    pid: s?.hostPID ? 'NODE' : s?.shareProcessNamespace ? 'POD' : 'CONTAINER',
    ipc: s?.hostIPC ? 'NODE' : 'POD',
  };
}

/** Host port mappings of every container port with a hostPort. */
export function podPortMappings(pod: Pod): CriInput<PortMapping>[] {
  const out: CriInput<PortMapping>[] = [];
  for (const c of pod.spec?.containers ?? []) {
    for (const p of c.ports ?? []) {
      if (!p.hostPort) continue;
      out.push({ protocol: (p.protocol ?? 'TCP') as Protocol, container_port: p.containerPort, host_port: p.hostPort, host_ip: p.hostIP ?? '' });
    }
  }
  return out;
}

function readResolvConf(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

/** The RunPodSandbox config for `pod`. */
export function podSandboxConfig(pod: Pod, opts: SandboxConfigOptions): CriInput<PodSandboxConfig> {
  const meta = pod.metadata ?? {};
  const spec = pod.spec;
  const labels: Record<string, string> = { ...(meta.labels ?? {}) };
  labels[POD_NAME_LABEL] = meta.name ?? '';
  labels[POD_NAMESPACE_LABEL] = meta.namespace ?? 'default';
  labels[POD_UID_LABEL] = meta.uid ?? '';
  const annotations: Record<string, string> = { ...(meta.annotations ?? {}) };
  annotations[CONFIG_SOURCE_ANNOTATION] ??= opts.configSource ?? 'api';
  const sc = spec?.securityContext;
  const config: CriInput<PodSandboxConfig> = {
    metadata: { name: meta.name ?? '', namespace: meta.namespace ?? 'default', uid: meta.uid ?? '', attempt: opts.attempt },
    log_directory: join(opts.podLogsDir, podLogDirName(pod)),
    dns_config: podDnsConfig(pod, {
      clusterDNS: opts.clusterDNS,
      clusterDomain: opts.clusterDomain,
      hostResolvConf: readResolvConf(opts.resolvConfPath ?? DEFAULT_RESOLV_CONF),
    }),
    port_mappings: podPortMappings(pod),
    labels,
    annotations,
    linux: {
      cgroup_parent: podCgroupParent(pod, opts.cgroupRoot),
      security_context: {
        namespace_options: podNamespaceModes(pod),
        ...(sc?.runAsUser !== undefined ? { run_as_user: { value: sc.runAsUser } } : {}),
        ...(sc?.runAsGroup !== undefined ? { run_as_group: { value: sc.runAsGroup } } : {}),
        supplemental_groups: [...(sc?.supplementalGroups ?? []), ...(sc?.fsGroup !== undefined ? [sc.fsGroup] : [])],
      },
      sysctls: Object.fromEntries((sc?.sysctls ?? []).map((s) => [s.name, s.value])),
    },
  };
  // host-network pods keep the node's hostname (upstream leaves it unset)
  if (!spec?.hostNetwork) {
    const { hostname, domain } = podHostnameAndDomain(pod, opts.clusterDomain);
    config.hostname = spec?.setHostnameAsFQDN && domain ? `${hostname}.${domain}` : hostname;
  }
  return config;
}
