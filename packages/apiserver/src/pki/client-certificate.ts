/** issueClientCertificate: a client (or serving) certificate (CN = user, O = groups) signed by the cluster CA, kept on disk and reused. */
import { join } from 'node:path';
import { reuseProblem } from './certificate-check.js';
import { signLeafCertificate } from './certificates.js';
import { generateKeyPair } from './keys.js';
import { CERTIFICATE_MODE, PRIVATE_KEY_MODE, readIfExists, writeFileAtomic } from './pem-files.js';

/** The part of the cluster PKI needed to sign certificates. */
export interface CertificateAuthority {
  caCertPem: string;
  caKeyPem: string;
}

export interface ClientCertificateRequest {
  /** The user name the apiserver sees (`CN`). */
  commonName: string;
  /** The groups the apiserver sees (`O`), e.g. `system:masters`. */
  organizations: readonly string[];
  /** Folder to keep `<name>.crt` and `<name>.key` in. */
  dir: string;
  /** File base name, e.g. `admin` or `scheduler`. */
  name: string;
  /** `server` for a serving certificate (then `hosts` are its names); default `client`. */
  usage?: 'client' | 'server';
  /** Host names and IP addresses a serving certificate is valid for. */
  hosts?: readonly string[];
}

export interface IssuedCertificate {
  certPath: string;
  certPem: string;
  keyPath: string;
  keyPem: string;
  /** False when an existing, still valid certificate on disk was reused. */
  created: boolean;
}

/** Certificate and key file paths for `name` in `dir`. */
export function certificatePaths(dir: string, name: string): { certPath: string; keyPath: string } {
  return { certPath: join(dir, `${name}.crt`), keyPath: join(dir, `${name}.key`) };
}

/**
 * Returns the client certificate `dir/name.crt` (+ `.key`), issuing a new one unless the one on disk
 * is signed by this CA, carries exactly this CN and O, and is not near expiry.
 */
export async function issueClientCertificate(ca: CertificateAuthority, request: ClientCertificateRequest): Promise<IssuedCertificate> {
  const { certPath, keyPath } = certificatePaths(request.dir, request.name);
  const [certPem, keyPem] = await Promise.all([readIfExists(certPath), readIfExists(keyPath)]);
  const wanted = { caCertPem: ca.caCertPem, commonName: request.commonName, organizations: request.organizations, ...(request.hosts ? { hosts: request.hosts } : {}) };
  if (certPem !== undefined && keyPem !== undefined && reuseProblem(certPem, keyPem, wanted) === undefined) {
    return { certPath, certPem, keyPath, keyPem, created: false };
  }
  const keys = await generateKeyPair();
  const newCertPem = await signLeafCertificate({ certPem: ca.caCertPem, keyPem: ca.caKeyPem }, keys.publicKey, {
    commonName: request.commonName,
    organizations: request.organizations,
    usage: request.usage ?? 'client',
    ...(request.hosts ? { hosts: request.hosts } : {}),
  });
  // Key first: a reader that finds the new certificate also finds its key.
  await writeFileAtomic(keyPath, keys.privateKeyPem, PRIVATE_KEY_MODE);
  await writeFileAtomic(certPath, newCertPem, CERTIFICATE_MODE);
  return { certPath, certPem: newCertPem, keyPath, keyPem: keys.privateKeyPem, created: true };
}
