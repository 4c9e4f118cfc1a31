/** Turns the OpenAPI definitions into the JSON Schemas ajv checks objects against, with Go decoding's leniency. */
import { referencedName, type OpenApiSchema } from './definitions.js';

export const INT_OR_STRING = 'io.k8s.apimachinery.pkg.util.intstr.IntOrString';
export const QUANTITY = 'io.k8s.apimachinery.pkg.api.resource.Quantity';
/** The first check resource.ParseQuantity makes; its message is the decode error for a malformed quantity. */
export const QUANTITY_PATTERN = '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$';
/** Keyword that removes null-valued fields of a struct after checking, as a round trip through Go types does. */
export const DROP_NULLS_KEYWORD = 'x-skiff-drop-nulls';

/** Ranges Go enforces when it decodes a JSON number into the integer type. */
const INT_RANGES: Record<string, { minimum: number; maximum: number }> = {
  int32: { minimum: -2147483648, maximum: 2147483647 },
  // 2^63 - 1 parses to the double 2^63, so the bound is the nearest double to accept the largest int64 as written.
  int64: { minimum: -(2 ** 63), maximum: 2 ** 63 },
};

type AjvSchema = Record<string, unknown>;

/**
 * One validation schema per definition. Every value may be null (Go decodes null into anything as "unset");
 * structs reject unknown fields; maps and free-form objects (RawExtension, FieldsV1) accept any key;
 * `required` is not checked here (that is validation's job, a 422, not a decode error).
 */
export function validationDefinitions(definitions: Readonly<Record<string, OpenApiSchema>>): Record<string, AjvSchema> {
  const out: Record<string, AjvSchema> = {};
  for (const [name, schema] of Object.entries(definitions)) out[name] = definitionSchema(name, schema);
  return out;
}

function definitionSchema(name: string, schema: OpenApiSchema): AjvSchema {
  if (name === QUANTITY) return { type: ['string', 'number', 'null'], pattern: QUANTITY_PATTERN };
  if (name === INT_OR_STRING) return { type: ['integer', 'string', 'null'], ...INT_RANGES.int32 };
  return convert(schema);
}

function convert(schema: OpenApiSchema): AjvSchema {
  const ref = referencedName(schema);
  if (ref !== undefined) return { $ref: `#/definitions/${ref}` };
  switch (schema.type) {
    case 'object':
      if (schema.properties) {
        const properties: Record<string, AjvSchema> = {};
        for (const [key, prop] of Object.entries(schema.properties)) properties[key] = convert(prop);
        return { type: ['object', 'null'], properties, additionalProperties: false, [DROP_NULLS_KEYWORD]: true };
      }
      if (schema.additionalProperties) return { type: ['object', 'null'], additionalProperties: convert(schema.additionalProperties) };
      return {}; // free-form (RawExtension, FieldsV1): Go keeps the raw JSON, whatever it is
    case 'array':
      return { type: ['array', 'null'], items: convert(schema.items ?? {}) };
    case 'integer':
      return { type: ['integer', 'null'], ...(INT_RANGES[schema.format ?? 'int64'] ?? INT_RANGES.int64) };
    case 'string':
      return { type: ['string', 'null'] };
    case 'boolean':
      return { type: ['boolean', 'null'] };
    default:
      return {};
  }
}
