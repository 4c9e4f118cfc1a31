/** Words schema violations the way Go's JSON decoder in kube-apiserver does (`json: cannot unmarshal ...`). */
import { referencedName, type OpenApiSchema } from './definitions.js';
import { INT_OR_STRING, QUANTITY, QUANTITY_PATTERN } from './validation-schema.js';

const TIME_TYPES = new Set(['io.k8s.apimachinery.pkg.apis.meta.v1.Time', 'io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime']);

/** Where a JSON value sits in Go terms: the innermost struct, the struct-field path (no indices or map keys), the target schema. */
interface GoLocation {
  struct: string;
  fields: string[];
  schema: OpenApiSchema;
}

/** The last segment of a definition name: `io.k8s.api.apps.v1.DeploymentSpec` -> `DeploymentSpec`. */
function shortName(name: string): string {
  return name.slice(name.lastIndexOf('.') + 1);
}

/** Go's spelling of a definition's type: `v1.DeploymentSpec`, `intstr.IntOrString`, `resource.Quantity`. */
function goTypeOfDefinition(name: string): string {
  const parts = name.split('.');
  return `${parts[parts.length - 2]}.${parts[parts.length - 1]}`;
}

function goType(schema: OpenApiSchema): string {
  const ref = referencedName(schema);
  if (ref !== undefined) return goTypeOfDefinition(ref);
  switch (schema.type) {
    case 'array':
      return `[]${goType(schema.items ?? {})}`;
    case 'object':
      return schema.additionalProperties ? `map[string]${goType(schema.additionalProperties)}` : 'map[string]interface {}';
    case 'integer':
      return schema.format ?? 'int64';
    case 'boolean':
      return 'bool';
    case 'string':
      return 'string';
    default:
      return 'interface {}';
  }
}

/** Follows a JSON pointer's segments through the schemas, tracking the Go struct and field path. */
function locate(definitions: Readonly<Record<string, OpenApiSchema>>, rootName: string, segments: string[]): GoLocation {
  let schema: OpenApiSchema = { $ref: `#/components/schemas/${rootName}` };
  let struct = shortName(rootName);
  const fields: string[] = [];
  for (const segment of segments) {
    const ref = referencedName(schema);
    const resolved = ref !== undefined ? definitions[ref] ?? {} : schema;
    if (resolved.properties) {
      struct = shortName(ref ?? struct);
      fields.push(segment);
      schema = resolved.properties[segment] ?? {};
    } else if (resolved.type === 'array') {
      schema = resolved.items ?? {};
    } else if (resolved.additionalProperties) {
      schema = resolved.additionalProperties;
    } else {
      break;
    }
  }
  return { struct, fields, schema };
}

/** Go's name for the JSON value it could not decode: `string`, `bool`, `number 1.5`, `object`, `array`. */
function jsonValueKind(value: unknown, intoInteger: boolean): string {
  if (typeof value === 'string') return 'string';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number') return intoInteger ? `number ${String(value)}` : 'number';
  return Array.isArray(value) ? 'array' : 'object';
}

/**
 * The decode error for `value` at `segments` (a JSON pointer's unescaped segments) inside an object of
 * definition `rootName`, e.g. `json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32`.
 */
export function decodeErrorMessage(
  definitions: Readonly<Record<string, OpenApiSchema>>,
  rootName: string,
  segments: string[],
  value: unknown,
): string {
  const location = locate(definitions, rootName, segments);
  const ref = referencedName(location.schema);
  if (ref === QUANTITY) return `quantities must match the regular expression '${QUANTITY_PATTERN}'`;
  if (ref === INT_OR_STRING) return `json: cannot unmarshal ${jsonValueKind(value, true)} into Go value of type int32`;
  if (ref !== undefined && TIME_TYPES.has(ref)) return `json: cannot unmarshal ${jsonValueKind(value, false)} into Go value of type string`;
  const target = location.fields.length === 0 ? goTypeOfDefinition(rootName) : goType(location.schema);
  const kind = jsonValueKind(value, location.schema.type === 'integer');
  return location.fields.length === 0
    ? `json: cannot unmarshal ${kind} into Go value of type ${target}`
    : `json: cannot unmarshal ${kind} into Go struct field ${location.struct}.${location.fields.join('.')} of type ${target}`;
}

/** Kubernetes' spelling of a field path for unknown-field messages: `spec.template.spec.containers[0].foo`. */
export function fieldPath(segments: string[], container: unknown): string {
  let path = '';
  let value: unknown = container;
  for (const segment of segments) {
    if (Array.isArray(value)) {
      path += `[${segment}]`;
      value = value[Number(segment)];
    } else {
      path += path === '' ? segment : `.${segment}`;
      value = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[segment] : undefined;
    }
  }
  return path;
}
