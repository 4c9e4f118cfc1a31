/** Typed API errors that map one-to-one onto Kubernetes `Status` reasons and HTTP codes. */
import type { Status, StatusCause } from 'kubernetes-types/meta/v1.js';

/** The Kubernetes `StatusReason` values Skiff produces, each with its HTTP code. */
export const StatusReasons = {
  BadRequest: 400,
  Unauthorized: 401,
  Forbidden: 403,
  NotFound: 404,
  MethodNotAllowed: 405,
  NotAcceptable: 406,
  AlreadyExists: 409,
  Conflict: 409,
  Gone: 410,
  Expired: 410,
  RequestEntityTooLarge: 413,
  UnsupportedMediaType: 415,
  Invalid: 422,
  TooManyRequests: 429,
  InternalError: 500,
  ServiceUnavailable: 503,
  Timeout: 504,
} as const;

export type StatusReason = keyof typeof StatusReasons;

/** Identifies the object an error is about, as in `Status.details`. */
export interface ErrorSubject {
  /** Resource name as the URL spells it, e.g. `pods` or `deployments`. */
  resource: string;
  /** API group; empty for the core group. */
  group?: string;
  name?: string;
}

/** An error that renders as a Kubernetes `Status`. Thrown anywhere below the transports. */
export class StatusError extends Error {
  readonly reason: StatusReason;
  readonly code: number;
  readonly details: Status['details'] | undefined;

  constructor(reason: StatusReason, message: string, details?: Status['details'], code?: number) {
    super(message);
    this.name = 'StatusError';
    this.reason = reason;
    this.code = code ?? StatusReasons[reason];
    this.details = details;
  }

  /** The `Status` object written to the wire. */
  toStatus(): Status {
    const status: Status = {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: this.message,
      reason: this.reason,
      code: this.code,
    };
    if (this.details && Object.keys(this.details).length > 0) status.details = this.details;
    return status;
  }
}

export function isStatusError(err: unknown): err is StatusError {
  return err instanceof StatusError;
}

/** `pods` or `deployments.apps`: how Kubernetes names a resource in messages. */
export function qualifiedResource(subject: Pick<ErrorSubject, 'resource' | 'group'>): string {
  return subject.group ? `${subject.resource}.${subject.group}` : subject.resource;
}

function detailsOf(subject: ErrorSubject): NonNullable<Status['details']> {
  const details: NonNullable<Status['details']> = { kind: subject.resource };
  if (subject.name !== undefined) details.name = subject.name;
  if (subject.group) details.group = subject.group;
  return details;
}

export function notFound(subject: ErrorSubject): StatusError {
  return new StatusError('NotFound', `${qualifiedResource(subject)} "${subject.name ?? ''}" not found`, detailsOf(subject));
}

export function alreadyExists(subject: ErrorSubject): StatusError {
  return new StatusError('AlreadyExists', `${qualifiedResource(subject)} "${subject.name ?? ''}" already exists`, detailsOf(subject));
}

/** A write lost a race: `Operation cannot be fulfilled on pods "x": <why>`. */
export function conflict(subject: ErrorSubject, why: string): StatusError {
  return new StatusError(
    'Conflict',
    `Operation cannot be fulfilled on ${qualifiedResource(subject)} "${subject.name ?? ''}": ${why}`,
    detailsOf(subject),
  );
}

/** The standard message for a stale resourceVersion. */
export const OBJECT_MODIFIED =
  'the object has been modified; please apply your changes to the latest version and try again';

/** One problem with one field, as in `Status.details.causes`. */
export interface FieldCause {
  /** `FieldValueRequired`, `FieldValueInvalid`, `FieldValueNotSupported`, `FieldValueDuplicate`, `FieldValueForbidden`, `FieldValueTooLong`, `FieldValueTypeInvalid`. */
  type: string;
  /** Dotted path, e.g. `spec.containers[0].name`. */
  field: string;
  /** Message as Kubernetes words it, e.g. `Required value`, `Invalid value: "x": must be ...`. */
  message: string;
}

/**
 * A 422: `Deployment.apps "web" is invalid: spec.selector: Required value`.
 * `kind` is the object's kind (not resource), as in Kubernetes' field errors.
 */
export function invalid(kind: string, group: string | undefined, name: string, causes: FieldCause[]): StatusError {
  const qualifiedKind = group ? `${kind}.${group}` : kind;
  const parts = causes.map((c) => `${c.field}: ${c.message}`);
  const summary = parts.length === 1 ? parts[0] : `[${parts.join(', ')}]`;
  const details: NonNullable<Status['details']> = {
    name,
    kind,
    causes: causes.map((c): StatusCause => ({ reason: c.type, message: c.message, field: c.field })),
  };
  if (group) details.group = group;
  return new StatusError('Invalid', `${qualifiedKind} "${name}" is invalid: ${summary}`, details);
}

export function badRequest(message: string, causes?: StatusCause[]): StatusError {
  return new StatusError('BadRequest', message, causes ? { causes } : undefined);
}

/** 410 for a watch or list from a compacted revision. */
export function expired(message: string): StatusError {
  return new StatusError('Expired', message);
}

export function gone(message: string): StatusError {
  return new StatusError('Gone', message);
}

export function unsupportedMediaType(contentType: string): StatusError {
  return new StatusError('UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json, application/apply-patch+yaml; got ${JSON.stringify(contentType)}`);
}

export function requestEntityTooLarge(limitBytes: number): StatusError {
  return new StatusError('RequestEntityTooLarge', `the request body is too large: limit is ${limitBytes} bytes`);
}

export function methodNotSupported(subject: ErrorSubject, verb: string): StatusError {
  return new StatusError('MethodNotAllowed', `${verb} is not supported on resources of kind ${JSON.stringify(qualifiedResource(subject))}`, detailsOf(subject));
}

export function unauthorized(message = 'Unauthorized'): StatusError {
  return new StatusError('Unauthorized', message);
}

export function forbidden(subject: ErrorSubject, user: string, verb: string, why: string): StatusError {
  return new StatusError(
    'Forbidden',
    `${qualifiedResource(subject)} "${subject.name ?? ''}" is forbidden: User "${user}" cannot ${verb} resource "${subject.resource}"${subject.group ? ` in API group "${subject.group}"` : ''}: ${why}`,
    detailsOf(subject),
  );
}

export function internalError(err: unknown): StatusError {
  const message = err instanceof Error ? err.message : String(err);
  return new StatusError('InternalError', `Internal error occurred: ${message}`);
}

export function serviceUnavailable(message: string): StatusError {
  return new StatusError('ServiceUnavailable', message);
}

export function timeout(message: string): StatusError {
  return new StatusError('Timeout', message);
}

/** Any thrown value as a StatusError; non-Status errors become 500 InternalError. */
export function toStatusError(err: unknown): StatusError {
  return isStatusError(err) ? err : internalError(err);
}
