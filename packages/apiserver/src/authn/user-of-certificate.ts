/** The user a verified client certificate names: CN is the user, each O a group (as kube-apiserver's x509 authenticator). */
import type { PeerCertificate } from 'node:tls';
import type { UserInfo } from '../registry/context.js';

/** Every authenticated caller is also in this group. */
export const AUTHENTICATED_GROUP = 'system:authenticated';

export function userOfCertificate(cert: Pick<PeerCertificate, 'subject'> | undefined | null): UserInfo | undefined {
  const subject = cert?.subject as unknown as Record<string, string | string[]> | undefined;
  const cn = subject?.CN;
  if (!cn) return undefined;
  const orgs = subject.O;
  const groups = (Array.isArray(orgs) ? orgs : orgs ? [orgs] : []).concat(AUTHENTICATED_GROUP);
  return { name: Array.isArray(cn) ? cn[0]! : cn, groups };
}
