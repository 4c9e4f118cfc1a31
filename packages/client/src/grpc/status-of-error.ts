/** Turns a failed gRPC call back into the StatusError the server raised (its Status travels in a trailer; the mapping is @skiff/api's). */
import type { ServiceError } from '@grpc/grpc-js';
import { GRPC_STATUS_TRAILER, reasonOfGrpcCode, statusErrorFromStatus, statusErrorOfGrpcFailure, type StatusError } from '@skiff/api';

/** Binary trailer the apiserver puts the meta/v1 Status in (JSON). */
export const STATUS_TRAILER = GRPC_STATUS_TRAILER;
export { reasonOfGrpcCode, statusErrorFromStatus };

/** The server's StatusError when the trailer carries one; otherwise one derived from the gRPC code. */
export function statusErrorOfGrpc(err: Partial<ServiceError>): StatusError {
  const raw = err.metadata?.get(STATUS_TRAILER)[0];
  return statusErrorOfGrpcFailure(err.code, err.details || err.message, raw);
}
