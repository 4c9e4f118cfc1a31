/** A thrown value as the grpc-js error whose `skiff-status-bin` trailer carries its Kubernetes Status (the mapping is @skiff/api's). */
import { Metadata, type ServiceError } from '@grpc/grpc-js';
import { GRPC_STATUS_TRAILER, grpcFailureOf } from '@skiff/api';

/** What a handler emits (`call.emit('error', ...)`) or passes to its callback to fail with a Status. */
export function grpcErrorOf(err: unknown): Partial<ServiceError> {
  const failure = grpcFailureOf(err);
  const metadata = new Metadata();
  metadata.set(GRPC_STATUS_TRAILER, failure.statusJson);
  return { code: failure.code, details: failure.details, metadata };
}
