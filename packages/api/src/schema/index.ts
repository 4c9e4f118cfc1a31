/** schema: Kubernetes JSON schemas, decode-time checks with fieldValidation, and the OpenAPI documents kubectl reads. */
export {
  COMPONENT_REF_PREFIX,
  definitionFor,
  definitionNameFor,
  schemaDefinitions,
  schemaSourceVersion,
  type OpenApiSchema,
} from './definitions.js';
export { DEFAULT_FIELD_VALIDATION, parseFieldValidation, type FieldValidation, type WriteOptionsKind } from './field-validation.js';
export { checkSchema, type SchemaCheckResult } from './check-schema.js';
export { openapiV3Document, openapiV3Hash, openapiV3Index, parseOpenapiV3Key } from './openapi-v3.js';
export { OPENAPI_V2_CONTENT_TYPE, openapiV2Protobuf } from './openapi-v2-protobuf.js';
