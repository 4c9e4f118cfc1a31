/** Key pairs for the cluster PKI: ECDSA P-256 generated with Node's WebCrypto, stored as PKCS#8 PEM. */
import { createPrivateKey, webcrypto } from 'node:crypto';

type CryptoKey = webcrypto.CryptoKey;
import { PemConverter } from '@peculiar/x509';

/** ECDSA P-256: small and fast, accepted by Go's crypto/tls (kubectl, client-go) and by Node's TLS. */
export const KEY_ALGORITHM: webcrypto.EcKeyGenParams = { name: 'ECDSA', namedCurve: 'P-256' };
/** The signature every certificate of ours carries. */
export const SIGNING_ALGORITHM: webcrypto.EcdsaParams = { name: 'ECDSA', hash: 'SHA-256' };

export type { CryptoKey };

export interface KeyPair {
  privateKey: CryptoKey;
  publicKey: CryptoKey;
  /** The private key as PKCS#8 PEM ("PRIVATE KEY"). */
  privateKeyPem: string;
}

export async function generateKeyPair(): Promise<KeyPair> {
  const pair = (await webcrypto.subtle.generateKey(KEY_ALGORITHM, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  const der = await webcrypto.subtle.exportKey('pkcs8', pair.privateKey);
  return { privateKey: pair.privateKey, publicKey: pair.publicKey, privateKeyPem: PemConverter.encode(der, 'PRIVATE KEY') };
}

/** Imports a PEM private key (PKCS#8, SEC1 or PKCS#1; EC or RSA) as a WebCrypto signing key, with the algorithm to sign with. */
export async function importSigningKey(pem: string): Promise<{ key: CryptoKey; signingAlgorithm: webcrypto.Algorithm | webcrypto.EcdsaParams }> {
  const keyObject = createPrivateKey(pem);
  const der = keyObject.export({ format: 'der', type: 'pkcs8' });
  const details = keyObject.asymmetricKeyDetails ?? {};
  if (keyObject.asymmetricKeyType === 'ec') {
    const curves: Record<string, string> = { prime256v1: 'P-256', secp384r1: 'P-384', secp521r1: 'P-521' };
    const namedCurve = curves[details.namedCurve ?? ''];
    if (!namedCurve) throw new Error(`unsupported EC curve ${details.namedCurve ?? '(unknown)'}`);
    const key = await webcrypto.subtle.importKey('pkcs8', der, { name: 'ECDSA', namedCurve }, false, ['sign']);
    return { key, signingAlgorithm: SIGNING_ALGORITHM };
  }
  if (keyObject.asymmetricKeyType === 'rsa') {
    const algorithm = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
    const key = await webcrypto.subtle.importKey('pkcs8', der, algorithm, false, ['sign']);
    return { key, signingAlgorithm: algorithm };
  }
  throw new Error(`unsupported private key type ${keyObject.asymmetricKeyType ?? '(unknown)'}`);
}
