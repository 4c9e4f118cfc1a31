/** A failed skiff.v1.Kubelet call as the StatusError it carries (the Status trailer when present, else one from the code). */
import { GRPC_STATUS_TRAILER, statusErrorOfGrpcFailure, toStatusError, type StatusError } from '@skiff/api';
import type { Metadata } from '@grpc/grpc-js';

interface ServiceErrorLike {
  code?: number;
  details?: string;
  metadata?: Metadata;
}

/** The StatusError for an error a grpc-js call emitted; non-gRPC errors become internal errors. */
export function statusErrorOfCall(err: unknown): StatusError {
  const e = err as ServiceErrorLike | undefined;
  if (!e || typeof e.code !== 'number') return toStatusError(err);
  const trailer = e.metadata?.get(GRPC_STATUS_TRAILER)[0];
  return statusErrorOfGrpcFailure(e.code, e.details, trailer);
}
