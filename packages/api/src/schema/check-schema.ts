/** Checks a decoded object against its kind's schema as kube-apiserver's decoder does: type errors, unknown fields, fieldValidation. */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { badRequest, internalError } from '../errors/status-error.js';
import { decodeErrorMessage, fieldPath } from './decode-errors.js';
import { definitionNameFor, schemaDefinitions } from './definitions.js';
import type { FieldValidation } from './field-validation.js';
import { DROP_NULLS_KEYWORD, validationDefinitions } from './validation-schema.js';

/** The object to carry on with (unknown fields pruned unless Strict) and the warnings for the response headers. */
export interface SchemaCheckResult {
  object: unknown;
  warnings: string[];
}

/** $id under which all validation definitions are registered with ajv. */
const SCHEMA_ID = 'skiff-k8s';

let ajv: Ajv | undefined;
const validators = new Map<string, ValidateFunction>();

function ajvInstance(): Ajv {
  if (ajv) return ajv;
  const instance = new Ajv({ allErrors: true, verbose: true, strict: false, allowUnionTypes: true });
  instance.addKeyword({
    keyword: DROP_NULLS_KEYWORD,
    type: 'object',
    schemaType: 'boolean',
    modifying: true,
    validate: (_enabled: boolean, data: Record<string, unknown>) => {
      for (const key of Object.keys(data)) if (data[key] === null) delete data[key];
      return true;
    },
  });
  instance.addSchema({ $id: SCHEMA_ID, definitions: validationDefinitions(schemaDefinitions()) });
  ajv = instance;
  return instance;
}

/** The compiled validator of one definition, compiled on first use. */
function validatorFor(name: string): ValidateFunction {
  let validate = validators.get(name);
  if (!validate) {
    validate = ajvInstance().compile({ $ref: `${SCHEMA_ID}#/definitions/${name}` });
    validators.set(name, validate);
  }
  return validate;
}

function pointerSegments(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** Position of a path in the document's own key order, so the first error reported is the first Go would meet. */
function documentOrder(root: unknown, segments: string[]): number[] {
  const order: number[] = [];
  let value: unknown = root;
  for (const segment of segments) {
    if (Array.isArray(value)) {
      order.push(Number(segment));
      value = value[Number(segment)];
    } else if (value !== null && typeof value === 'object') {
      order.push(Object.keys(value).indexOf(segment));
      value = (value as Record<string, unknown>)[segment];
    } else {
      order.push(-1);
    }
  }
  return order;
}

function compareOrder(a: number[], b: number[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return (a[i] as number) - (b[i] as number);
  return a.length - b.length;
}

interface Located {
  segments: string[];
  order: number[];
  error: ErrorObject;
}

/**
 * Checks `obj` (a decoded request body of kind `gvk`) against the schema.
 * - A value of the wrong type is a 400 BadRequest whatever the mode:
 *   `Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32`.
 * - Unknown fields: Strict is a 400 listing them all (`strict decoding error: unknown field "spec.foo", ...`);
 *   Warn prunes them and returns `unknown field "spec.foo"` warnings; Ignore prunes them silently.
 * Null-valued struct fields are dropped, as a round trip through the Go types drops them.
 * The input is not modified; the result's `object` is a copy.
 */
export function checkSchema(gvk: { group: string; version: string; kind: string }, obj: unknown, mode: FieldValidation): SchemaCheckResult {
  const name = definitionNameFor(gvk);
  if (name === undefined) throw internalError(new Error(`no schema for ${gvk.group}/${gvk.version} ${gvk.kind}`));
  const object = structuredClone(obj);
  const validate = validatorFor(name);
  if (validate(object)) return { object, warnings: [] };

  const prefix = `${gvk.kind} in version ${JSON.stringify(gvk.version)} cannot be handled as a ${gvk.kind}: `;
  const located = (validate.errors ?? []).map((error): Located => {
    const segments = pointerSegments(error.instancePath);
    if (error.keyword === 'additionalProperties') segments.push(String((error.params as { additionalProperty: string }).additionalProperty));
    return { segments, order: documentOrder(object, segments), error };
  });
  located.sort((a, b) => compareOrder(a.order, b.order));

  const typeError = located.find((l) => l.error.keyword !== 'additionalProperties');
  if (typeError) throw badRequest(prefix + decodeErrorMessage(schemaDefinitions(), name, typeError.segments, typeError.error.data));

  const unknown = located.map((l) => `unknown field ${JSON.stringify(fieldPath(l.segments, object))}`);
  if (mode === 'Strict') throw badRequest(`${prefix}strict decoding error: ${unknown.join(', ')}`);
  for (const l of located) prune(object, l.segments);
  return { object, warnings: mode === 'Warn' ? unknown : [] };
}

function prune(root: unknown, segments: string[]): void {
  let value: unknown = root;
  for (const segment of segments.slice(0, -1)) {
    if (value === null || typeof value !== 'object') return;
    value = Array.isArray(value) ? value[Number(segment)] : (value as Record<string, unknown>)[segment];
  }
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) delete (value as Record<string, unknown>)[segments[segments.length - 1] as string];
}
