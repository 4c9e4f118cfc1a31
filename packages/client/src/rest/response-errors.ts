/** Turns what went wrong on the wire into StatusErrors: the server's Status when it sent one, a fitting reason otherwise. */
import { StatusError, StatusReasons, type StatusReason } from '@skiff/api';
import type { Status } from 'kubernetes-types/meta/v1.js';

/** Longest piece of a non-Status body quoted in an error message. */
const BODY_EXCERPT_CHARS = 200;

/** The reason Kubernetes clients give an HTTP code that came without a Status body. */
const REASON_BY_CODE: Record<number, StatusReason> = {
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  405: 'MethodNotAllowed',
  406: 'NotAcceptable',
  409: 'Conflict',
  410: 'Gone',
  413: 'RequestEntityTooLarge',
  415: 'UnsupportedMediaType',
  422: 'Invalid',
  429: 'TooManyRequests',
  500: 'InternalError',
  503: 'ServiceUnavailable',
  504: 'Timeout',
};

function isStatus(body: unknown): body is Status {
  return typeof body === 'object' && body !== null && (body as Status).kind === 'Status';
}

function isKnownReason(reason: unknown): reason is StatusReason {
  return typeof reason === 'string' && Object.prototype.hasOwnProperty.call(StatusReasons, reason);
}

export function excerpt(text: string): string {
  const t = text.trim();
  return t.length > BODY_EXCERPT_CHARS ? `${t.slice(0, BODY_EXCERPT_CHARS)}...` : t;
}

/** A StatusError for a non-2xx answer. */
export function errorFromResponse(code: number, text: string): StatusError {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  const fallback: StatusReason = REASON_BY_CODE[code] ?? (code >= 500 ? 'InternalError' : 'BadRequest');
  if (isStatus(body)) {
    const reason = isKnownReason(body.reason) ? body.reason : fallback;
    const message = body.message || `the server responded with HTTP ${code}`;
    return new StatusError(reason, message, body.details, body.code || code);
  }
  const detail = excerpt(text);
  const message = `the server responded with HTTP ${code}${detail ? `: ${detail}` : ''}`;
  return new StatusError(fallback, message, undefined, code);
}

/** A StatusError for a 2xx answer whose body is not JSON. */
export function undecodableBody(code: number, text: string, err: unknown): StatusError {
  return new StatusError('InternalError', `the server's answer (HTTP ${code}) is not valid JSON (${(err as Error).message}): ${excerpt(text)}`);
}

/** A StatusError for a request that got no answer at all. */
export function errorFromNetwork(err: unknown, server: string): StatusError {
  if (err instanceof StatusError) return err;
  const e = err as NodeJS.ErrnoException;
  const host = hostOf(server);
  if (e.code === 'ECONNREFUSED') {
    return new StatusError('ServiceUnavailable', `The connection to the server ${host} was refused - did you specify the right host or port?`);
  }
  return new StatusError('ServiceUnavailable', `Unable to connect to the server ${host}: ${e.message ?? String(err)}`);
}

function hostOf(server: string): string {
  try {
    return new URL(server).host;
  } catch {
    return server;
  }
}
