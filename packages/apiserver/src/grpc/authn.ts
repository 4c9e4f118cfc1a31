/** Authentication of gRPC callers: the verified TLS client certificate (CN = user, O = groups). */
import type { ServerUnaryCall } from '@grpc/grpc-js';
import type { UserInfo } from '../registry/context.js';
import { userOfCertificate } from '../authn/user-of-certificate.js';

/** What every kind of server call offers: metadata, peer and TLS auth context. */
export type GrpcCall = Pick<ServerUnaryCall<unknown, unknown>, 'metadata' | 'getPeer' | 'getAuthContext'>;

/** Names the caller of one gRPC call, or undefined when it is not authenticated. */
export type GrpcAuthenticator = (call: GrpcCall) => UserInfo | undefined;

/** The user named by the call's verified client certificate (the server only accepts certificates its CA signed). */
export const grpcCertificateAuthenticator: GrpcAuthenticator = (call) => userOfCertificate(call.getAuthContext()?.sslPeerCertificate);
