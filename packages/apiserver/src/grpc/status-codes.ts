/** Maps Kubernetes Status reasons onto gRPC status codes, and carries the Status itself in a trailer. */
import { status as GrpcStatus, Metadata } from '@grpc/grpc-js';
import { GRPC_STATUS_TRAILER, toStatusError, type StatusError, type StatusReason } from '@skiff/api';

/** Binary trailer holding the meta/v1 Status as JSON (`-bin` keys may carry any bytes). */
export const STATUS_TRAILER = GRPC_STATUS_TRAILER;

const CODE_OF_REASON: Partial<Record<StatusReason, GrpcStatus>> = {
  NotFound: GrpcStatus.NOT_FOUND,
  AlreadyExists: GrpcStatus.ALREADY_EXISTS,
  Conflict: GrpcStatus.ABORTED,
  Invalid: GrpcStatus.INVALID_ARGUMENT,
  BadRequest: GrpcStatus.INVALID_ARGUMENT,
  UnsupportedMediaType: GrpcStatus.INVALID_ARGUMENT,
  NotAcceptable: GrpcStatus.INVALID_ARGUMENT,
  Expired: GrpcStatus.OUT_OF_RANGE,
  Gone: GrpcStatus.OUT_OF_RANGE,
  Forbidden: GrpcStatus.PERMISSION_DENIED,
  Unauthorized: GrpcStatus.UNAUTHENTICATED,
  MethodNotAllowed: GrpcStatus.UNIMPLEMENTED,
  RequestEntityTooLarge: GrpcStatus.RESOURCE_EXHAUSTED,
  TooManyRequests: GrpcStatus.RESOURCE_EXHAUSTED,
  Timeout: GrpcStatus.DEADLINE_EXCEEDED,
  ServiceUnavailable: GrpcStatus.UNAVAILABLE,
};

/** The gRPC code for a Kubernetes reason; INTERNAL for anything without a closer match. */
export function grpcCodeOf(reason: StatusReason): GrpcStatus {
  return CODE_OF_REASON[reason] ?? GrpcStatus.INTERNAL;
}

/** What a gRPC handler passes to its callback (or `call.destroy`) to fail with a Status. */
export interface GrpcStatusError {
  code: GrpcStatus;
  details: string;
  metadata: Metadata;
}

/** Any thrown value as a gRPC error whose trailer holds the Kubernetes Status. */
export function toGrpcError(err: unknown): GrpcStatusError {
  const status: StatusError = toStatusError(err);
  const metadata = new Metadata();
  metadata.set(STATUS_TRAILER, Buffer.from(JSON.stringify(status.toStatus())));
  return { code: grpcCodeOf(status.reason), details: status.message, metadata };
}
