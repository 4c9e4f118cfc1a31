/** Who may call the kubelet's API: over TLS, only a client certificate of the cluster CA that names the apiserver's kubelet client or an admin. */
import type { ServerUnaryCall } from '@grpc/grpc-js';
import { StatusError } from '@skiff/api';

/** The group whose members may use every kubelet API (the apiserver's kubelet client certificate is in it, as kubeadm issues it). */
export const KUBELET_API_ADMIN_GROUP = 'system:masters';
/** kubeadm's common name of the apiserver's kubelet client certificate. */
export const APISERVER_KUBELET_CLIENT_CN = 'kube-apiserver-kubelet-client';

function values(v: unknown): string[] {
  return Array.isArray(v) ? (v as string[]) : typeof v === 'string' ? [v] : [];
}

/**
 * Throws Forbidden unless the caller may use the kubelet API. `secure` false (a kubelet serving without TLS, as in
 * tests) lets every caller in; with TLS the server has already verified the certificate against the client CA.
 */
export function authorizePeer(call: Pick<ServerUnaryCall<unknown, unknown>, 'getAuthContext'>, secure: boolean, verb: 'get' | 'create'): void {
  if (!secure) return;
  const subject = call.getAuthContext()?.sslPeerCertificate?.subject as unknown as Record<string, unknown> | undefined;
  const cn = values(subject?.CN)[0] ?? '';
  const groups = values(subject?.O);
  if (cn === APISERVER_KUBELET_CLIENT_CN || groups.includes(KUBELET_API_ADMIN_GROUP)) return;
  // The kubelet's own wording for a caller its authorizer turns away.
  throw new StatusError('Forbidden', `Forbidden (user=${cn || 'system:anonymous'}, verb=${verb}, resource=nodes, subresource=proxy)`);
}
