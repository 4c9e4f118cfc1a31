/** Builders for Kubernetes field errors (`FieldCause`), worded and typed exactly as Kubernetes' field package words them. */
import type { FieldCause } from '../errors/status-error.js';

/** Kubernetes' `field.ErrorType` values used by Skiff's validation. */
export const FieldErrorTypes = {
  Required: 'FieldValueRequired',
  Invalid: 'FieldValueInvalid',
  NotSupported: 'FieldValueNotSupported',
  Duplicate: 'FieldValueDuplicate',
  Forbidden: 'FieldValueForbidden',
  TooLong: 'FieldValueTooLong',
  NotFound: 'FieldValueNotFound',
} as const;

/** The message Kubernetes uses when an immutable field changes. */
export const FIELD_IMMUTABLE = 'field is immutable';
/** The message Kubernetes uses for a negative count. */
export const IS_NEGATIVE = 'must be greater than or equal to 0';

/**
 * Renders a bad value the way Kubernetes' field errors do: strings quoted, numbers and booleans bare,
 * `null` for nothing, anything else as JSON (what current Kubernetes prints for structs and lists).
 */
export function formatFieldValue(value: unknown): string {
  if (value === undefined || value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return JSON.stringify(value);
}

function withDetail(head: string, detail: string | undefined): string {
  return detail ? `${head}: ${detail}` : head;
}

/** `Required value[: detail]`. */
export function requiredCause(field: string, detail?: string): FieldCause {
  return { type: FieldErrorTypes.Required, field, message: withDetail('Required value', detail) };
}

/** `Invalid value: <value>[: detail]`. */
export function invalidCause(field: string, value: unknown, detail?: string): FieldCause {
  return { type: FieldErrorTypes.Invalid, field, message: withDetail(`Invalid value: ${formatFieldValue(value)}`, detail) };
}

/** `Unsupported value: <value>: supported values: "a", "b"`. */
export function notSupportedCause(field: string, value: unknown, supported: readonly string[]): FieldCause {
  const detail = supported.length > 0 ? `supported values: ${supported.map((s) => JSON.stringify(s)).join(', ')}` : undefined;
  return { type: FieldErrorTypes.NotSupported, field, message: withDetail(`Unsupported value: ${formatFieldValue(value)}`, detail) };
}

/** `Duplicate value: <value>`. */
export function duplicateCause(field: string, value: unknown): FieldCause {
  return { type: FieldErrorTypes.Duplicate, field, message: `Duplicate value: ${formatFieldValue(value)}` };
}

/** `Forbidden[: detail]`. */
export function forbiddenCause(field: string, detail?: string): FieldCause {
  return { type: FieldErrorTypes.Forbidden, field, message: withDetail('Forbidden', detail) };
}

/** `Too long: must have at most <n> bytes` (the value itself is never shown). */
export function tooLongCause(field: string, maxBytes: number): FieldCause {
  return { type: FieldErrorTypes.TooLong, field, message: `Too long: must have at most ${maxBytes} bytes` };
}

/** `Not found: <value>` (e.g. a volumeMount naming no volume). */
export function notFoundCause(field: string, value: unknown): FieldCause {
  return { type: FieldErrorTypes.NotFound, field, message: `Not found: ${formatFieldValue(value)}` };
}

/** One `Invalid` cause per message of a format check (`isDNS1123Label(...)` and friends). */
export function invalidEach(field: string, value: unknown, messages: readonly string[]): FieldCause[] {
  return messages.map((m) => invalidCause(field, value, m));
}

/** `spec` + `containers` -> `spec.containers`. */
export function child(path: string, name: string): string {
  return path ? `${path}.${name}` : name;
}

/** `spec.containers` + 0 -> `spec.containers[0]`; also used for map keys (`data[key]`). */
export function index(path: string, i: number | string): string {
  return `${path}[${i}]`;
}

/** A negative number is invalid: `Invalid value: -1: must be greater than or equal to 0`. */
export function nonNegative(field: string, value: unknown): FieldCause[] {
  return typeof value === 'number' && value < 0 ? [invalidCause(field, value, IS_NEGATIVE)] : [];
}
