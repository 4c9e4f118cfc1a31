/** The client a component talks to the apiserver with: gRPC when given an address (the cluster's own transport), else REST. */
import { GrpcResourceClient, loadKubeconfig, RestResourceClient, type ResourceClient } from '@skiff/client';

/**
 * Reads the kubeconfig (its CA and client certificate identify the component) and builds a gRPC client to
 * `grpcAddress`, or, when that is empty, a REST client to the kubeconfig's server.
 */
export async function componentClient(kubeconfigPath: string | undefined, grpcAddress: string, userAgent: string): Promise<ResourceClient> {
  const cfg = await loadKubeconfig(kubeconfigPath ? { path: kubeconfigPath } : {});
  if (!grpcAddress) return RestResourceClient.fromKubeconfig(cfg, { userAgent });
  const tls = cfg.ca && cfg.cert && cfg.key ? { tls: { ca: cfg.ca, cert: cfg.cert, key: cfg.key } } : {};
  return new GrpcResourceClient({ address: grpcAddress, userAgent, ...tls });
}
