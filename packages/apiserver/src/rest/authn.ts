/** Authentication: TLS client certificates (CN = user, O = groups); anonymous only for public paths. */
import type { TLSSocket } from 'node:tls';
import type { IncomingMessage } from 'node:http';
import type { UserInfo } from '../registry/context.js';
import { userOfCertificate } from '../authn/user-of-certificate.js';

export type Authenticator = (req: IncomingMessage) => UserInfo | undefined;

export const ANONYMOUS: UserInfo = { name: 'system:anonymous', groups: ['system:unauthenticated'] };

/** Paths any caller may read, as kube-apiserver's system:public-info-viewer role allows. */
const PUBLIC_PATHS = new Set(['/healthz', '/livez', '/readyz', '/version']);

export function isPublicPath(path: string): boolean {
  return PUBLIC_PATHS.has(path) || path.startsWith('/healthz/') || path.startsWith('/livez/') || path.startsWith('/readyz/');
}

/** A connection's certificate does not change: its user is worked out once per connection. */
const usersBySocket = new WeakMap<TLSSocket, UserInfo | null>();

/** The user named by a verified client certificate, or undefined. */
export const clientCertificateAuthenticator: Authenticator = (req) => {
  const socket = req.socket as TLSSocket;
  const known = usersBySocket.get(socket);
  if (known !== undefined) return known ?? undefined;
  const user = userOfSocket(socket);
  usersBySocket.set(socket, user ?? null);
  return user;
};

function userOfSocket(socket: TLSSocket): UserInfo | undefined {
  if (typeof socket.getPeerCertificate !== 'function' || !socket.authorized) return undefined;
  return userOfCertificate(socket.getPeerCertificate());
}
