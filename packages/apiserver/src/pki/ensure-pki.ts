/** ensurePki: the cluster CA, the apiserver serving certificate and the admin client certificate, made once and reused. */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { reuseProblem } from './certificate-check.js';
import { certificateHosts, createCaCertificate, signLeafCertificate } from './certificates.js';
import { issueClientCertificate } from './client-certificate.js';
import { generateKeyPair } from './keys.js';
import { CERTIFICATE_MODE, PKI_DIR_MODE, PRIVATE_KEY_MODE, readIfExists, writeFileAtomic } from './pem-files.js';

/** The admin user: `system:masters` is the group Kubernetes grants everything to. */
export const ADMIN_COMMON_NAME = 'kubernetes-admin';
export const ADMIN_ORGANIZATIONS: readonly string[] = ['system:masters'];
/** Subject of the apiserver's serving certificate, as kubeadm names it. */
export const SERVING_COMMON_NAME = 'kube-apiserver';

/** File names inside the PKI folder (kubeadm's names where kubeadm has one). */
export const PKI_FILES = {
  caCert: 'ca.crt',
  caKey: 'ca.key',
  servingCert: 'apiserver.crt',
  servingKey: 'apiserver.key',
  admin: 'admin',
} as const;

export interface Pki {
  dir: string;
  caCertPath: string;
  caCertPem: string;
  caKeyPath: string;
  caKeyPem: string;
  servingCertPath: string;
  servingCertPem: string;
  servingKeyPath: string;
  servingKeyPem: string;
  adminCertPath: string;
  adminCertPem: string;
  adminKeyPath: string;
  adminKeyPem: string;
}

export interface EnsurePkiOptions {
  /** Names and IPs the apiserver is reached by; each becomes a SAN of the serving certificate. */
  hosts: readonly string[];
}

async function ensureCa(dir: string): Promise<{ certPem: string; keyPem: string }> {
  const certPath = join(dir, PKI_FILES.caCert);
  const keyPath = join(dir, PKI_FILES.caKey);
  const [certPem, keyPem] = await Promise.all([readIfExists(certPath), readIfExists(keyPath)]);
  // The CA is kept until it has actually expired: replacing it invalidates every certificate and kubeconfig.
  if (certPem !== undefined && keyPem !== undefined && reuseProblem(certPem, keyPem, { renewBeforeMs: 0 }) === undefined) {
    return { certPem, keyPem };
  }
  const keys = await generateKeyPair();
  const newCertPem = await createCaCertificate(keys);
  await writeFileAtomic(keyPath, keys.privateKeyPem, PRIVATE_KEY_MODE);
  await writeFileAtomic(certPath, newCertPem, CERTIFICATE_MODE);
  return { certPem: newCertPem, keyPem: keys.privateKeyPem };
}

async function ensureServing(dir: string, ca: { certPem: string; keyPem: string }, hosts: readonly string[]): Promise<{ certPem: string; keyPem: string }> {
  const certPath = join(dir, PKI_FILES.servingCert);
  const keyPath = join(dir, PKI_FILES.servingKey);
  const [certPem, keyPem] = await Promise.all([readIfExists(certPath), readIfExists(keyPath)]);
  if (certPem !== undefined && keyPem !== undefined && reuseProblem(certPem, keyPem, { caCertPem: ca.certPem, hosts }) === undefined) {
    return { certPem, keyPem };
  }
  // Keep the names an earlier certificate of this CA covered, so two callers with different host lists don't take turns replacing it.
  let previousHosts: string[] = [];
  if (certPem !== undefined && keyPem !== undefined && reuseProblem(certPem, keyPem, { caCertPem: ca.certPem, renewBeforeMs: 0 }) === undefined) {
    previousHosts = certificateHosts(certPem);
  }
  const keys = await generateKeyPair();
  const newCertPem = await signLeafCertificate(ca, keys.publicKey, {
    commonName: SERVING_COMMON_NAME,
    hosts: [...new Set([...hosts, ...previousHosts])],
    usage: 'server',
  });
  await writeFileAtomic(keyPath, keys.privateKeyPem, PRIVATE_KEY_MODE);
  await writeFileAtomic(certPath, newCertPem, CERTIFICATE_MODE);
  return { certPem: newCertPem, keyPem: keys.privateKeyPem };
}

/**
 * Makes sure `dir` holds the cluster PKI and returns it: `ca.crt`/`ca.key`, the apiserver's
 * `apiserver.crt`/`.key` (SANs: every entry of `opts.hosts`) and the admin's `admin.crt`/`.key`
 * (CN kubernetes-admin, O system:masters). Files found on disk are reused while valid.
 */
export async function ensurePki(dir: string, opts: EnsurePkiOptions): Promise<Pki> {
  await mkdir(dir, { recursive: true, mode: PKI_DIR_MODE });
  const ca = await ensureCa(dir);
  const serving = await ensureServing(dir, ca, opts.hosts);
  const admin = await issueClientCertificate(
    { caCertPem: ca.certPem, caKeyPem: ca.keyPem },
    { commonName: ADMIN_COMMON_NAME, organizations: ADMIN_ORGANIZATIONS, dir, name: PKI_FILES.admin },
  );
  return {
    dir,
    caCertPath: join(dir, PKI_FILES.caCert),
    caCertPem: ca.certPem,
    caKeyPath: join(dir, PKI_FILES.caKey),
    caKeyPem: ca.keyPem,
    servingCertPath: join(dir, PKI_FILES.servingCert),
    servingCertPem: serving.certPem,
    servingKeyPath: join(dir, PKI_FILES.servingKey),
    servingKeyPem: serving.keyPem,
    adminCertPath: admin.certPath,
    adminCertPem: admin.certPem,
    adminKeyPath: admin.keyPath,
    adminKeyPem: admin.keyPem,
  };
}
