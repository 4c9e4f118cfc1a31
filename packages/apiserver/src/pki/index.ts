/** The cluster PKI: CA, apiserver serving certificate and client certificates, kept as PEM files. */
export { ensurePki, ADMIN_COMMON_NAME, ADMIN_ORGANIZATIONS, PKI_FILES, type Pki, type EnsurePkiOptions } from './ensure-pki.js';
export {
  issueClientCertificate,
  certificatePaths,
  type CertificateAuthority,
  type ClientCertificateRequest,
  type IssuedCertificate,
} from './client-certificate.js';
export { certificateHosts } from './certificates.js';
