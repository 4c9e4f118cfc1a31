/** Creating X.509 certificates with @peculiar/x509: the cluster CA and leaf certificates signed by it. */
import { isIP } from 'node:net';
import { randomBytes, webcrypto } from 'node:crypto';
import {
  AuthorityKeyIdentifierExtension,
  BasicConstraintsExtension,
  ExtendedKeyUsage,
  ExtendedKeyUsageExtension,
  Extension,
  KeyUsageFlags,
  KeyUsagesExtension,
  SubjectAlternativeNameExtension,
  SubjectKeyIdentifierExtension,
  X509Certificate,
  X509CertificateGenerator,
  cryptoProvider,
  type JsonGeneralName,
  type JsonName,
} from '@peculiar/x509';
import { SIGNING_ALGORITHM, importSigningKey, type CryptoKey, type KeyPair } from './keys.js';

// @peculiar/x509 signs and hashes through WebCrypto; Node's implementation is the one we use.
cryptoProvider.set(webcrypto);

const DAY_MS = 24 * 60 * 60 * 1000;
/** The CA lives long, as kubeadm's does: replacing it invalidates every kubeconfig handed out. */
export const CA_VALIDITY_MS = 10 * 365 * DAY_MS;
/** Leaf certificates live a year, as kubeadm's do; ensurePki renews them when they near expiry. */
export const LEAF_VALIDITY_MS = 365 * DAY_MS;
/** Certificates start a little in the past so that a peer whose clock lags slightly still accepts them. */
export const CLOCK_SKEW_ALLOWANCE_MS = 5 * 60 * 1000;

/** Common name of the cluster CA. */
export const CA_COMMON_NAME = 'skiff-ca';

/** A positive 128-bit serial number in hex: RFC 5280 wants positive and at most 20 octets. */
function serialNumber(): string {
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0]! & 0x7f) | 0x01;
  return bytes.toString('hex');
}

function validity(now: Date, lifetimeMs: number): { notBefore: Date; notAfter: Date } {
  return { notBefore: new Date(now.getTime() - CLOCK_SKEW_ALLOWANCE_MS), notAfter: new Date(now.getTime() + lifetimeMs) };
}

/** Splits hosts into SAN entries: IP addresses as iPAddress names, everything else as dNSName. */
export function subjectAltNames(hosts: readonly string[]): JsonGeneralName[] {
  const unique = [...new Set(hosts)];
  return unique.map((host) => (isIP(host) ? { type: 'ip', value: host } : { type: 'dns', value: host }));
}

/** The subject name: one RDN per organization, then the common name (the order Go's pkix writes). */
export function subjectName(commonName: string, organizations: readonly string[] = []): JsonName {
  return [...organizations.map((o) => ({ O: [o] })), { CN: [commonName] }];
}

/** A self-signed CA certificate for `keys`, as PEM. */
export async function createCaCertificate(keys: KeyPair, now = new Date()): Promise<string> {
  const cert = await X509CertificateGenerator.createSelfSigned({
    serialNumber: serialNumber(),
    name: subjectName(CA_COMMON_NAME),
    ...validity(now, CA_VALIDITY_MS),
    keys: { privateKey: keys.privateKey, publicKey: keys.publicKey },
    signingAlgorithm: SIGNING_ALGORITHM,
    extensions: [
      new BasicConstraintsExtension(true, undefined, true),
      new KeyUsagesExtension(KeyUsageFlags.keyCertSign | KeyUsageFlags.cRLSign | KeyUsageFlags.digitalSignature, true),
      await SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return cert.toString('pem');
}

export interface LeafRequest {
  commonName: string;
  organizations?: readonly string[];
  /** Host names and IP addresses the certificate is valid for (serving certificates). */
  hosts?: readonly string[];
  usage: 'server' | 'client';
}

/** A leaf certificate for `publicKey`, signed by the CA, as PEM. */
export async function signLeafCertificate(
  ca: { certPem: string; keyPem: string },
  publicKey: CryptoKey,
  request: LeafRequest,
  now = new Date(),
): Promise<string> {
  const caCert = new X509Certificate(ca.certPem);
  const signer = await importSigningKey(ca.keyPem);
  const extensions: Extension[] = [
    new BasicConstraintsExtension(false, undefined, true),
    new KeyUsagesExtension(KeyUsageFlags.digitalSignature | KeyUsageFlags.keyEncipherment, true),
    new ExtendedKeyUsageExtension([request.usage === 'server' ? ExtendedKeyUsage.serverAuth : ExtendedKeyUsage.clientAuth]),
    await AuthorityKeyIdentifierExtension.create(caCert),
    await SubjectKeyIdentifierExtension.create(publicKey),
  ];
  if (request.hosts && request.hosts.length > 0) extensions.push(new SubjectAlternativeNameExtension(subjectAltNames(request.hosts)));
  const cert = await X509CertificateGenerator.create({
    serialNumber: serialNumber(),
    subject: subjectName(request.commonName, request.organizations),
    issuer: caCert.subjectName,
    ...validity(now, LEAF_VALIDITY_MS),
    publicKey,
    signingKey: signer.key,
    signingAlgorithm: signer.signingAlgorithm,
    extensions,
  });
  return cert.toString('pem');
}

/** The SAN entries of a certificate: host names and IP addresses. */
export function certificateHosts(certPem: string): string[] {
  const ext = new X509Certificate(certPem).getExtension(SubjectAlternativeNameExtension);
  if (!ext) return [];
  return ext.names.items.filter((n) => n.type === 'dns' || n.type === 'ip').map((n) => n.value);
}
