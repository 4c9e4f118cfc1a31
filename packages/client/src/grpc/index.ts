/** The gRPC client of the apiserver's skiff.v1.Resources service. */
export { GrpcResourceClient, GRPC_CLIENT_MAX_MESSAGE_BYTES, type GrpcResourceClientOptions } from './grpc-resource-client.js';
export { statusErrorOfGrpc, statusErrorFromStatus, reasonOfGrpcCode } from './status-of-error.js';
