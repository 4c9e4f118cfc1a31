/** Turns a failed gRPC call back into the StatusError the server raised (its Status travels in a trailer). */
import { status as GrpcStatus, type ServiceError } from '@grpc/grpc-js';
import { GRPC_STATUS_TRAILER, StatusError, StatusReasons, type StatusReason } from '@skiff/api';
import type { Status } from 'kubernetes-types/meta/v1.js';

/** Binary trailer the apiserver puts the meta/v1 Status in (JSON). */
export const STATUS_TRAILER = GRPC_STATUS_TRAILER;

/** For failures that never reached the API (no Status trailer): the Kubernetes reason closest to the gRPC code. */
const REASON_OF_CODE: Partial<Record<GrpcStatus, StatusReason>> = {
  [GrpcStatus.NOT_FOUND]: 'NotFound',
  [GrpcStatus.ALREADY_EXISTS]: 'AlreadyExists',
  [GrpcStatus.ABORTED]: 'Conflict',
  [GrpcStatus.INVALID_ARGUMENT]: 'BadRequest',
  [GrpcStatus.OUT_OF_RANGE]: 'Expired',
  [GrpcStatus.PERMISSION_DENIED]: 'Forbidden',
  [GrpcStatus.UNAUTHENTICATED]: 'Unauthorized',
  [GrpcStatus.UNIMPLEMENTED]: 'MethodNotAllowed',
  [GrpcStatus.RESOURCE_EXHAUSTED]: 'RequestEntityTooLarge',
  [GrpcStatus.DEADLINE_EXCEEDED]: 'Timeout',
  [GrpcStatus.UNAVAILABLE]: 'ServiceUnavailable',
};

export function reasonOfGrpcCode(code: GrpcStatus): StatusReason {
  return REASON_OF_CODE[code] ?? 'InternalError';
}

function isReason(value: unknown): value is StatusReason {
  return typeof value === 'string' && Object.hasOwn(StatusReasons, value);
}

/** A Status as the StatusError it describes (reason, message, details and code kept). */
export function statusErrorFromStatus(status: Status): StatusError {
  const reason = isReason(status.reason) ? status.reason : 'InternalError';
  return new StatusError(reason, status.message ?? reason, status.details, status.code ?? StatusReasons[reason]);
}

/** The server's StatusError when the trailer carries one; otherwise one derived from the gRPC code. */
export function statusErrorOfGrpc(err: Partial<ServiceError>): StatusError {
  const raw = err.metadata?.get(STATUS_TRAILER)[0];
  if (raw !== undefined) {
    try {
      return statusErrorFromStatus(JSON.parse(Buffer.isBuffer(raw) ? raw.toString('utf8') : raw) as Status);
    } catch {
      // A broken trailer: fall back to the code.
    }
  }
  const code = err.code ?? GrpcStatus.UNKNOWN;
  return new StatusError(reasonOfGrpcCode(code), err.details || err.message || `gRPC call failed with code ${code}`);
}
