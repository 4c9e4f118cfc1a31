/** The skiff-kubelet component: flags, the apiserver client (gRPC or REST), the CRI client, the Kubelet. */
import { componentClient, type ComponentSpec } from '@skiff/runtime';
import { CriClient } from '../cri/index.js';
import { containerdPaths } from '../containerd/index.js';
import { DEFAULT_CLUSTER_DOMAIN, Kubelet } from './kubelet.js';

/** The kubelet's healthz port (10248), for /healthz, /readyz and /metrics. */
export const DEFAULT_KUBELET_HEALTH_PORT = 10248;
const USER_AGENT = 'skiff-kubelet';

export interface KubeletSettings {
  /** `host:port` of the apiserver's gRPC transport; empty: REST at the kubeconfig's server. */
  grpcAddress: string;
  nodeName: string;
  nodeIP: string;
  /** The node's containerd dir (its socket is `<dir>/containerd.sock`). */
  containerdDir: string;
  rootDir: string;
  /** Empty: `kubelet-<node>`. */
  cgroupRoot: string;
  clusterDNS: string[];
  clusterDomain: string;
  /** `--pod-cidr`: the node's pod CIDR, registered with the Node (node IPAM then keeps it); empty: IPAM assigns one. */
  podCIDR: string;
}

function required(values: Record<string, string>, name: string): string {
  const v = values[name] ?? '';
  if (!v) throw new Error(`--${name} is required`);
  return v;
}

/** Turns the flag strings into settings; --node-name, --node-ip, --containerd-dir and --root-dir are required. */
export function kubeletSettings(values: Record<string, string>): KubeletSettings {
  return {
    grpcAddress: values['grpc-address'] ?? '',
    nodeName: required(values, 'node-name'),
    nodeIP: required(values, 'node-ip'),
    containerdDir: required(values, 'containerd-dir'),
    rootDir: required(values, 'root-dir'),
    cgroupRoot: values['cgroup-root'] ?? '',
    clusterDNS: (values['cluster-dns'] ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== ''),
    clusterDomain: values['cluster-domain'] || DEFAULT_CLUSTER_DOMAIN,
    podCIDR: values['pod-cidr'] ?? '',
  };
}

/**
 * The component spec `runComponent` runs (flags: --kubeconfig, --grpc-address, --node-name, --node-ip,
 * --containerd-dir, --root-dir, --cgroup-root, --cluster-dns, --cluster-domain, --pod-cidr). Stopping it stops the kubelet
 * only: the pods' containers keep running, as with a real kubelet.
 */
export const kubeletComponent: ComponentSpec<KubeletSettings> = {
  name: 'skiff-kubelet',
  defaultHealthPort: DEFAULT_KUBELET_HEALTH_PORT,
  flags: {
    'grpc-address': '',
    'node-name': '',
    'node-ip': '',
    'containerd-dir': '',
    'root-dir': '',
    'cgroup-root': '',
    'cluster-dns': '',
    'cluster-domain': DEFAULT_CLUSTER_DOMAIN,
    'pod-cidr': '',
  },
  settings: kubeletSettings,
  async start(ctx) {
    const s = ctx.settings;
    const client = await componentClient(s.kubeconfig, s.grpcAddress, USER_AGENT);
    const cri = new CriClient(containerdPaths(s.containerdDir).socket);
    const kubelet = new Kubelet({
      client,
      cri,
      nodeName: s.nodeName,
      nodeIP: s.nodeIP,
      containerdDir: s.containerdDir,
      rootDir: s.rootDir,
      ...(s.cgroupRoot ? { cgroupRoot: s.cgroupRoot } : {}),
      clusterDNS: s.clusterDNS,
      clusterDomain: s.clusterDomain,
      ...(s.podCIDR ? { podCIDR: s.podCIDR } : {}),
      logger: ctx.logger,
    });
    try {
      await kubelet.start();
    } catch (err) {
      cri.close();
      await client.close();
      throw err;
    }
    ctx.setReady(true);
    return async () => {
      await kubelet.stop();
      cri.close();
      await client.close();
    };
  },
};
