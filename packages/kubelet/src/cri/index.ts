/** The kubelet's CRI v1 client: CriClient, its error type and the message types it speaks. */
export { CriClient, CRI_API_VERSION, CRI_PULL_DEADLINE_MS, CRI_QUERY_DEADLINE_MS, CRI_RUNTIME_DEADLINE_MS, type CriCallOptions } from './cri-client.js';
export { CriError, GrpcStatus, isCriDeadlineExceeded, isCriError, isCriNotFound, isCriUnavailable } from './cri-error.js';
export { CRI_LOADER_OPTIONS, CRI_PROTO_PATH } from './proto.js';
export type * from './types-common.js';
export type * from './types-sandbox.js';
export type * from './types-container.js';
export type * from './types-image.js';
