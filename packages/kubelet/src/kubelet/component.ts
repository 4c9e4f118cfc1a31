/** The skiff-kubelet component: flags, the apiserver client (gRPC or REST), the CRI client, the Kubelet. */
import { readFile } from 'node:fs/promises';
import { componentClient, type ComponentSpec } from '@skiff/runtime';
import { CriClient } from '../cri/index.js';
import { containerdPaths } from '../containerd/index.js';
import { DEFAULT_KUBELET_PORT } from '../node/index.js';
import { createKubeletServer, type KubeletServerTls } from '../server/index.js';
import { DEFAULT_CLUSTER_DOMAIN, Kubelet } from './kubelet.js';

/** The kubelet's healthz port (10248), for /healthz, /readyz and /metrics. */
export const DEFAULT_KUBELET_HEALTH_PORT = 10248;
const USER_AGENT = 'skiff-kubelet';
/** The kubelet API listens on every address of the node unless --address says otherwise. */
const DEFAULT_KUBELET_ADDRESS = '0.0.0.0';

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
  /** `--address`: where the kubelet API listens (default 0.0.0.0, as the kubelet's). */
  address: string;
  /** `--port`: the kubelet API's port (logs, exec); 0 turns it off. */
  port: number;
  /** `--tls-cert-file`, `--tls-private-key-file`, `--client-ca-file`: the kubelet API over TLS with client certificates; all empty: plain text. */
  tlsCertFile: string;
  tlsPrivateKeyFile: string;
  clientCaFile: string;
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
    address: values['address'] || DEFAULT_KUBELET_ADDRESS,
    port: kubeletPort(values['port']),
    tlsCertFile: values['tls-cert-file'] ?? '',
    tlsPrivateKeyFile: values['tls-private-key-file'] ?? '',
    clientCaFile: values['client-ca-file'] ?? '',
  };
}

function kubeletPort(value: string | undefined): number {
  if (value === undefined || value === '') return DEFAULT_KUBELET_PORT;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be a port number, not ${JSON.stringify(value)}`);
  return port;
}

/** The kubelet API's TLS material from the three files; undefined when none is given, an error when only some are. */
async function serverTls(s: KubeletSettings): Promise<KubeletServerTls | undefined> {
  const files = [s.tlsCertFile, s.tlsPrivateKeyFile, s.clientCaFile];
  if (files.every((f) => f === '')) return undefined;
  if (files.some((f) => f === '')) throw new Error('--tls-cert-file, --tls-private-key-file and --client-ca-file go together');
  const [cert, key, clientCa] = await Promise.all(files.map((f) => readFile(f, 'utf8')));
  return { cert: cert!, key: key!, clientCa: clientCa! };
}

/**
 * The component spec `runComponent` runs (flags: --kubeconfig, --grpc-address, --node-name, --node-ip,
 * --containerd-dir, --root-dir, --cgroup-root, --cluster-dns, --cluster-domain, --pod-cidr, --address, --port, --tls-cert-file,
 * --tls-private-key-file, --client-ca-file). Stopping it stops the kubelet
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
    address: DEFAULT_KUBELET_ADDRESS,
    port: String(DEFAULT_KUBELET_PORT),
    'tls-cert-file': '',
    'tls-private-key-file': '',
    'client-ca-file': '',
  },
  settings: kubeletSettings,
  async start(ctx) {
    const s = ctx.settings;
    const tls = await serverTls(s);
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
      ...(s.port > 0 ? { kubeletPort: s.port } : {}),
      logger: ctx.logger,
    });
    const server = s.port > 0 ? createKubeletServer({ cri, pods: (ns, name) => kubelet.pod(ns, name), logger: ctx.logger, ...(tls ? { tls } : {}) }) : undefined;
    try {
      await server?.listen(s.address, s.port);
      await kubelet.start();
    } catch (err) {
      await server?.stop();
      cri.close();
      await client.close();
      throw err;
    }
    ctx.setReady(true);
    return async () => {
      await server?.stop();
      await kubelet.stop();
      cri.close();
      await client.close();
    };
  },
};
