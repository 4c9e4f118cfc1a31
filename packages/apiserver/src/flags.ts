/** Command-line flags of skiff-apiserver, named after kube-apiserver's. */
import { parseArgs } from 'node:util';
import { parseDurationFlag } from '@skiff/api';

export interface ApiServerFlags {
  etcdServers: string[];
  bindAddress: string;
  securePort: number;
  certDir: string;
  /** Extra names and addresses for the serving certificate (`--tls-san`). */
  tlsSans: string[];
  serviceClusterIpRange: string;
  serviceNodePortRange: string;
  compactionIntervalMs: number;
  advertiseAddress: string | undefined;
  /** Port of the skiff.v1 gRPC transport for the cluster's components; undefined serves no gRPC. */
  grpcPort: number | undefined;
  /** PEM files for TLS to the kubelets (`--kubelet-certificate-authority`, `--kubelet-client-certificate`, `--kubelet-client-key`). */
  kubeletClient: { ca?: string; cert?: string; key?: string };
}


export function parseApiServerFlags(argv: string[]): ApiServerFlags {
  const { values } = parseArgs({
    args: argv,
    options: {
      'etcd-servers': { type: 'string', default: 'http://127.0.0.1:2379' },
      'bind-address': { type: 'string', default: '127.0.0.1' },
      'secure-port': { type: 'string', default: '6443' },
      'cert-dir': { type: 'string', default: '/var/lib/skiff/pki' },
      'tls-san': { type: 'string', multiple: true, default: [] },
      'service-cluster-ip-range': { type: 'string', default: '10.96.0.0/12' },
      'service-node-port-range': { type: 'string', default: '30000-32767' },
      'etcd-compaction-interval': { type: 'string', default: '5m' },
      'advertise-address': { type: 'string' },
      'grpc-port': { type: 'string' },
      'kubelet-certificate-authority': { type: 'string' },
      'kubelet-client-certificate': { type: 'string' },
      'kubelet-client-key': { type: 'string' },
    },
    strict: true,
  });
  const port = Number(values['secure-port']);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`invalid --secure-port ${values['secure-port']}`);
  const bind = values['bind-address']!;
  const grpcPort = values['grpc-port'] === undefined ? undefined : Number(values['grpc-port']);
  if (grpcPort !== undefined && (!Number.isInteger(grpcPort) || grpcPort < 0 || grpcPort > 65535)) throw new Error(`invalid --grpc-port ${values['grpc-port']}`);
  return {
    etcdServers: values['etcd-servers']!.split(',').map((s) => s.trim()).filter(Boolean),
    bindAddress: bind,
    securePort: port,
    certDir: values['cert-dir']!,
    tlsSans: values['tls-san'] as string[],
    serviceClusterIpRange: values['service-cluster-ip-range']!,
    serviceNodePortRange: values['service-node-port-range']!,
    compactionIntervalMs: parseDurationFlag('etcd-compaction-interval', values['etcd-compaction-interval']!),
    advertiseAddress: values['advertise-address'],
    grpcPort,
    kubeletClient: kubeletClientFlags(values['kubelet-certificate-authority'], values['kubelet-client-certificate'], values['kubelet-client-key']),
  };
}

function kubeletClientFlags(ca: string | undefined, cert: string | undefined, key: string | undefined): ApiServerFlags['kubeletClient'] {
  if ((cert === undefined) !== (key === undefined)) throw new Error('--kubelet-client-certificate and --kubelet-client-key must be given together');
  return { ...(ca ? { ca } : {}), ...(cert ? { cert } : {}), ...(key ? { key } : {}) };
}
