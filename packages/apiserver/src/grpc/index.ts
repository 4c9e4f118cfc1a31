/** The gRPC transport of the API server (skiff.v1.Resources). */
export { createGrpcServer, GRPC_MAX_MESSAGE_BYTES, GRPC_SERVER_OPTIONS, type GrpcServer, type GrpcServerOptions } from './grpc-server.js';
export { grpcCertificateAuthenticator, type GrpcAuthenticator, type GrpcCall } from './authn.js';
export { grpcCodeOf, STATUS_TRAILER, toGrpcError } from './status-codes.js';
