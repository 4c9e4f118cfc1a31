/** @skiff/apiserver — the Kubernetes REST API over etcd, as a library; `main.ts` is the binary. */
export { createApiServer, DEFAULT_COMPACTION_INTERVAL_MS, type ApiServer, type ApiServerOptions, type KubeletClientFiles } from './server.js';
export { parseApiServerFlags, type ApiServerFlags } from './flags.js';
export { ensurePki, issueClientCertificate } from './pki/index.js';
export { apiServerCertificateHosts, type CertificateHostsOptions } from './certificate-hosts.js';
export type { Pki } from './pki/index.js';
export { versionInfo, KUBERNETES_MAJOR, KUBERNETES_MINOR } from './rest/version.js';
export { newContext, type RequestContext, type UserInfo } from './registry/context.js';
export type { KObject } from './registry/types.js';
export { createGrpcServer, grpcCertificateAuthenticator, grpcCodeOf, STATUS_TRAILER, GRPC_MAX_MESSAGE_BYTES, type GrpcServer, type GrpcServerOptions, type GrpcAuthenticator, type GrpcCall } from './grpc/index.js';
export { KubeletConnector, ExecSession, kubeletAddressOf, kubeletServiceDefinition, resolvePodTarget, type KubeletClientTls, type KubeletConnectorOptions, type LogStream, type ContainerLogsRequest, type ExecInput, type ExecOutput, type ExecStart, type PodContainerMessage } from './kubelet/index.js';
