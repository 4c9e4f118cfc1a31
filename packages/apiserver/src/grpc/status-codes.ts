/** A thrown value as the grpc-js error whose trailer carries the Kubernetes Status (the mapping itself is @skiff/api's). */
import { Metadata, type status as GrpcStatus } from '@grpc/grpc-js';
import { GRPC_STATUS_TRAILER, grpcCodeOf, grpcFailureOf } from '@skiff/api';

/** Binary trailer holding the meta/v1 Status as JSON (`-bin` keys may carry any bytes). */
export const STATUS_TRAILER = GRPC_STATUS_TRAILER;
export { grpcCodeOf };

/** What a gRPC handler passes to its callback (or `call.destroy`) to fail with a Status. */
export interface GrpcStatusError {
  code: GrpcStatus;
  details: string;
  metadata: Metadata;
}

/** Any thrown value as a gRPC error whose trailer holds the Kubernetes Status. */
export function toGrpcError(err: unknown): GrpcStatusError {
  const failure = grpcFailureOf(err);
  const metadata = new Metadata();
  metadata.set(STATUS_TRAILER, failure.statusJson);
  return { code: failure.code as number as GrpcStatus, details: failure.details, metadata };
}
