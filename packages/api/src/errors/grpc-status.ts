/** How a Kubernetes Status crosses gRPC: the closest gRPC code each way, and the Status itself as JSON in a trailer. */
import type { Status } from 'kubernetes-types/meta/v1.js';
import { StatusError, StatusReasons, toStatusError, type StatusReason } from './status-error.js';

/** The gRPC status codes (grpc/doc/statuscodes.md), so this package needs no gRPC library. */
export const GrpcCode = {
  OK: 0,
  CANCELLED: 1,
  UNKNOWN: 2,
  INVALID_ARGUMENT: 3,
  DEADLINE_EXCEEDED: 4,
  NOT_FOUND: 5,
  ALREADY_EXISTS: 6,
  PERMISSION_DENIED: 7,
  RESOURCE_EXHAUSTED: 8,
  FAILED_PRECONDITION: 9,
  ABORTED: 10,
  OUT_OF_RANGE: 11,
  UNIMPLEMENTED: 12,
  INTERNAL: 13,
  UNAVAILABLE: 14,
  DATA_LOSS: 15,
  UNAUTHENTICATED: 16,
} as const;
export type GrpcCode = (typeof GrpcCode)[keyof typeof GrpcCode];

const CODE_OF_REASON: Partial<Record<StatusReason, GrpcCode>> = {
  NotFound: GrpcCode.NOT_FOUND,
  AlreadyExists: GrpcCode.ALREADY_EXISTS,
  Conflict: GrpcCode.ABORTED,
  Invalid: GrpcCode.INVALID_ARGUMENT,
  BadRequest: GrpcCode.INVALID_ARGUMENT,
  UnsupportedMediaType: GrpcCode.INVALID_ARGUMENT,
  NotAcceptable: GrpcCode.INVALID_ARGUMENT,
  Expired: GrpcCode.OUT_OF_RANGE,
  Gone: GrpcCode.OUT_OF_RANGE,
  Forbidden: GrpcCode.PERMISSION_DENIED,
  Unauthorized: GrpcCode.UNAUTHENTICATED,
  MethodNotAllowed: GrpcCode.UNIMPLEMENTED,
  RequestEntityTooLarge: GrpcCode.RESOURCE_EXHAUSTED,
  TooManyRequests: GrpcCode.RESOURCE_EXHAUSTED,
  Timeout: GrpcCode.DEADLINE_EXCEEDED,
  ServiceUnavailable: GrpcCode.UNAVAILABLE,
};

/** For failures that never reached the other side's handler (no Status trailer): the reason closest to the gRPC code. */
const REASON_OF_CODE: Partial<Record<GrpcCode, StatusReason>> = {
  [GrpcCode.NOT_FOUND]: 'NotFound',
  [GrpcCode.ALREADY_EXISTS]: 'AlreadyExists',
  [GrpcCode.ABORTED]: 'Conflict',
  [GrpcCode.INVALID_ARGUMENT]: 'BadRequest',
  [GrpcCode.OUT_OF_RANGE]: 'Expired',
  [GrpcCode.PERMISSION_DENIED]: 'Forbidden',
  [GrpcCode.UNAUTHENTICATED]: 'Unauthorized',
  [GrpcCode.UNIMPLEMENTED]: 'MethodNotAllowed',
  [GrpcCode.RESOURCE_EXHAUSTED]: 'RequestEntityTooLarge',
  [GrpcCode.DEADLINE_EXCEEDED]: 'Timeout',
  [GrpcCode.UNAVAILABLE]: 'ServiceUnavailable',
};

/** The gRPC code for a Kubernetes reason; INTERNAL for anything without a closer match. */
export function grpcCodeOf(reason: StatusReason): GrpcCode {
  return CODE_OF_REASON[reason] ?? GrpcCode.INTERNAL;
}

/** The Kubernetes reason for a gRPC code; InternalError for anything without a closer match. */
export function reasonOfGrpcCode(code: number): StatusReason {
  return REASON_OF_CODE[code as GrpcCode] ?? 'InternalError';
}

/** A failing handler's answer, library-neutral: the code, the message, and the Status JSON for the trailer. */
export interface GrpcFailure {
  code: GrpcCode;
  details: string;
  statusJson: Buffer;
}

/** Any thrown value as the gRPC failure that carries its Kubernetes Status. */
export function grpcFailureOf(err: unknown): GrpcFailure {
  const status = toStatusError(err);
  return { code: grpcCodeOf(status.reason), details: status.message, statusJson: Buffer.from(JSON.stringify(status.toStatus())) };
}

function isReason(value: unknown): value is StatusReason {
  return typeof value === 'string' && Object.hasOwn(StatusReasons, value);
}

/** A Status as the StatusError it describes (reason, message, details and code kept). */
export function statusErrorFromStatus(status: Status): StatusError {
  const reason = isReason(status.reason) ? status.reason : 'InternalError';
  return new StatusError(reason, status.message ?? reason, status.details, status.code ?? StatusReasons[reason]);
}

/** The StatusError a failed call stands for: the trailer's Status when there is a readable one, else one derived from the code. */
export function statusErrorOfGrpcFailure(code: number | undefined, details: string | undefined, trailer: Buffer | string | undefined): StatusError {
  if (trailer !== undefined) {
    try {
      return statusErrorFromStatus(JSON.parse(Buffer.isBuffer(trailer) ? trailer.toString('utf8') : trailer) as Status);
    } catch {
      // A broken trailer: fall back to the code.
    }
  }
  const c = code ?? GrpcCode.UNKNOWN;
  return new StatusError(reasonOfGrpcCode(c), details || `gRPC call failed with code ${c}`);
}
