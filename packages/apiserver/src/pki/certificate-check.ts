/** Decides whether a certificate found on disk can be reused: key matches, chains to the CA, not near expiry, right names. */
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { isIP } from 'node:net';
import { CLOCK_SKEW_ALLOWANCE_MS } from './certificates.js';

/** Leaf certificates are renewed when less than this is left, so a running cluster never meets an expired one. */
export const RENEW_BEFORE_MS = 30 * 24 * 60 * 60 * 1000;

export interface ReuseCheck {
  /** The CA certificate the leaf must be signed by (omit for the CA itself). */
  caCertPem?: string;
  /** Host names and IPs the certificate must cover as SANs. */
  hosts?: readonly string[];
  /** Exact subject the certificate must carry. */
  commonName?: string;
  organizations?: readonly string[];
  now?: Date;
  renewBeforeMs?: number;
}

/** Parses the subject of a certificate into its CN and O values (Node gives one `K=V` per line). */
export function subjectOf(cert: X509Certificate): { commonName: string | undefined; organizations: string[] } {
  const organizations: string[] = [];
  let commonName: string | undefined;
  for (const line of cert.subject.split('\n')) {
    const eq = line.indexOf('=');
    if (eq < 0) continue;
    const key = line.slice(0, eq);
    const value = line.slice(eq + 1);
    if (key === 'CN') commonName = value;
    if (key === 'O') organizations.push(value);
  }
  return { commonName, organizations };
}

/** Why the certificate cannot be reused, or undefined when it can. */
export function reuseProblem(certPem: string, keyPem: string, check: ReuseCheck = {}): string | undefined {
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(certPem);
    if (!cert.checkPrivateKey(createPrivateKey(keyPem))) return 'private key does not match the certificate';
  } catch (err) {
    return `unreadable: ${(err as Error).message}`;
  }
  const now = (check.now ?? new Date()).getTime();
  if (new Date(cert.validTo).getTime() - (check.renewBeforeMs ?? RENEW_BEFORE_MS) <= now) return 'expires soon';
  if (new Date(cert.validFrom).getTime() > now + CLOCK_SKEW_ALLOWANCE_MS) return 'not valid yet';
  if (check.caCertPem !== undefined) {
    const ca = new X509Certificate(check.caCertPem);
    if (!cert.checkIssued(ca) || !cert.verify(ca.publicKey)) return 'not signed by the cluster CA';
  }
  for (const host of check.hosts ?? []) {
    const covered = isIP(host) ? cert.checkIP(host) !== undefined : cert.checkHost(host, { subject: 'never', wildcards: false }) !== undefined;
    if (!covered) return `does not cover ${host}`;
  }
  if (check.commonName !== undefined || check.organizations !== undefined) {
    const subject = subjectOf(cert);
    if (check.commonName !== undefined && subject.commonName !== check.commonName) return 'different common name';
    const wanted = [...(check.organizations ?? [])].sort();
    const have = [...subject.organizations].sort();
    if (wanted.length !== have.length || wanted.some((o, i) => o !== have[i])) return 'different organizations';
  }
  return undefined;
}
