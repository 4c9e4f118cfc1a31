/** The error every failed CRI call rejects with: the gRPC status code and the runtime's message. */
import { status as GrpcStatus, type ServiceError } from '@grpc/grpc-js';

export { GrpcStatus };

/** A CRI call failed: `code` is the gRPC status (e.g. NOT_FOUND = 5, UNAVAILABLE = 14), `details` the runtime's text. */
export class CriError extends Error {
  override readonly name = 'CriError';

  constructor(
    /** The CRI method, e.g. `RunPodSandbox`. */
    readonly method: string,
    readonly code: GrpcStatus,
    readonly details: string,
  ) {
    super(`${method}: ${GrpcStatus[code] ?? code}: ${details}`);
  }

  /** The symbolic name of the code, e.g. `NOT_FOUND`. */
  get codeName(): string {
    return GrpcStatus[this.code] ?? String(this.code);
  }

  /** Wraps a grpc-js ServiceError (or anything else thrown) as a CriError. */
  static from(method: string, err: unknown): CriError {
    if (err instanceof CriError) return err;
    const e = err as Partial<ServiceError> | undefined;
    if (e && typeof e.code === 'number') return new CriError(method, e.code, e.details ?? e.message ?? '');
    return new CriError(method, GrpcStatus.UNKNOWN, err instanceof Error ? err.message : String(err));
  }
}

/** True when `err` is a CriError with the given code. */
export function isCriError(err: unknown, code?: GrpcStatus): err is CriError {
  return err instanceof CriError && (code === undefined || err.code === code);
}

/** The object (sandbox, container) does not exist (any more). */
export function isCriNotFound(err: unknown): boolean {
  return isCriError(err, GrpcStatus.NOT_FOUND);
}

/** The runtime is not reachable (containerd down or its socket missing). */
export function isCriUnavailable(err: unknown): boolean {
  return isCriError(err, GrpcStatus.UNAVAILABLE);
}

/** The call ran out of its deadline. */
export function isCriDeadlineExceeded(err: unknown): boolean {
  return isCriError(err, GrpcStatus.DEADLINE_EXCEEDED);
}
