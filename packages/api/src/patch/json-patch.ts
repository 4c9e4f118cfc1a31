/** RFC 6902 JSON patch (`application/json-patch+json`) with the errors the Kubernetes API server returns. */
import jsonpatch from 'fast-json-patch';
import type { Operation } from 'fast-json-patch';
import { badRequest, StatusError } from '../errors/status-error.js';
import { deepClone, isPlainObject } from './deep.js';

/** Kubernetes refuses longer JSON patches (the apiserver's maxJSONPatchOperations) to bound the work per request. */
export const MAX_JSON_PATCH_OPERATIONS = 10000;

/** The message Kubernetes puts on every failed JSON patch application (a generic 422). */
export const PATCH_REJECTED_MESSAGE = 'the server rejected our request due to an error in our request';

/** The operations RFC 6902 defines (fast-json-patch also knows an internal `_get`, which is refused). */
const RFC6902_OPS = new Set(['add', 'remove', 'replace', 'move', 'copy', 'test']);

/** What went wrong, by fast-json-patch error name, worded after the Go json-patch library Kubernetes uses. */
const FAILURE_WORDING: Record<string, string> = {
  OPERATION_OP_INVALID: 'unexpected operation kind',
  OPERATION_PATH_INVALID: 'operation is missing a string "path"',
  OPERATION_FROM_REQUIRED: 'operation is missing "from"',
  OPERATION_VALUE_REQUIRED: 'operation is missing "value"',
  OPERATION_VALUE_CANNOT_CONTAIN_UNDEFINED: 'operation value is not valid JSON',
  OPERATION_PATH_CANNOT_ADD: 'add operation does not apply: doc is missing path',
  OPERATION_PATH_UNRESOLVABLE: 'doc is missing path',
  OPERATION_FROM_UNRESOLVABLE: 'doc is missing from path',
  OPERATION_PATH_ILLEGAL_ARRAY_INDEX: 'invalid array index',
  OPERATION_VALUE_OUT_OF_BOUNDS: 'array index out of bounds',
  TEST_OPERATION_FAILED: 'test failed',
};

/** What a Go client decoding the body into `[]jsonPatchOp` reports for a value of the wrong JSON type. */
function jsonTypeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value === 'object' ? 'object' : typeof value;
}

/**
 * Applies an RFC 6902 patch to `doc` and returns the result; neither input is modified.
 * A body that is not a list of operation objects is a 400 BadRequest; an operation that cannot be
 * applied (failed `test`, missing path, unknown `op`) is a 422 Invalid with Kubernetes' generic
 * message and the specific reason in `details.causes`.
 */
export function applyJsonPatch(doc: unknown, patch: unknown): unknown {
  if (!Array.isArray(patch)) {
    throw badRequest(`error decoding patch: json: cannot unmarshal ${jsonTypeName(patch)} into Go value of type []handlers.jsonPatchOp`);
  }
  const bad = patch.find((op) => !isPlainObject(op));
  if (bad !== undefined) {
    throw badRequest(`error decoding patch: json: cannot unmarshal ${jsonTypeName(bad)} into Go value of type handlers.jsonPatchOp`);
  }
  if (patch.length > MAX_JSON_PATCH_OPERATIONS) {
    throw new StatusError(
      'RequestEntityTooLarge',
      `Request entity too large: The allowed maximum operations in a JSON patch is ${MAX_JSON_PATCH_OPERATIONS}, got ${patch.length}`,
    );
  }
  const unknownOp = patch.findIndex((op) => !RFC6902_OPS.has((op as Record<string, unknown>).op as string));
  if (unknownOp >= 0) {
    const op = patch[unknownOp] as Record<string, unknown>;
    throw rejected(`Unexpected kind: ${String(op.op)} (operation ${unknownOp})`);
  }
  const ops = deepClone(patch) as unknown as Operation[];
  try {
    return jsonpatch.applyPatch(deepClone(doc), ops, true, true).newDocument;
  } catch (err) {
    throw patchFailed(err, patch as Record<string, unknown>[]);
  }
}

function patchFailed(err: unknown, ops: Record<string, unknown>[]): StatusError {
  let message = err instanceof Error ? err.message.split('\n')[0] ?? '' : String(err);
  if (err instanceof jsonpatch.JsonPatchError) {
    const op = typeof err.index === 'number' ? ops[err.index] : undefined;
    const what = FAILURE_WORDING[err.name] ?? message;
    const where = op ? ` (operation ${err.index}: ${String(op.op)} ${JSON.stringify(op.path ?? '')})` : '';
    message = `${what}${where}`;
  }
  return rejected(message);
}

function rejected(message: string): StatusError {
  return new StatusError('Invalid', PATCH_REJECTED_MESSAGE, { causes: [{ reason: 'FieldValueInvalid', field: 'patch', message }] });
}
