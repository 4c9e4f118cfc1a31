/** `/openapi/v2`: the smallest gnostic OpenAPI v2 protobuf that lets kubectl 1.27/1.28 use server-side field validation. */
import { RESOURCES } from '../resources/catalog.js';
import { schemaSourceVersion } from './definitions.js';
import { concatBytes, lengthDelimited, message } from './protobuf-writer.js';
import { groupVersionPrefix } from './openapi-paths.js';

/**
 * Content type to serve the document with. kubectl asks for `application/com.github.proto-openapi.spec.v2@v1.0+protobuf`,
 * but 1.27 and 1.28 fail to parse that media type in a response ("mime: unexpected content after media subtype").
 */
export const OPENAPI_V2_CONTENT_TYPE = 'application/octet-stream';

// Field numbers from gnostic's OpenAPIv2.proto.
const DOCUMENT = { swagger: 1, info: 2, paths: 8 } as const;
const INFO = { title: 1, version: 2 } as const;
const PATHS = { path: 2 } as const;
const NAMED_PATH_ITEM = { name: 1, value: 2 } as const;
const PATH_ITEM = { patch: 8 } as const;
const OPERATION = { parameters: 8, vendorExtension: 13 } as const;
const PARAMETERS_ITEM = { parameter: 1 } as const;
const PARAMETER = { nonBodyParameter: 2 } as const;
const NON_BODY_PARAMETER = { queryParameterSubSchema: 3 } as const;
const QUERY_PARAMETER = { in: 2, name: 4, type: 6 } as const;
const NAMED_ANY = { name: 1, value: 2 } as const;
const ANY = { yaml: 2 } as const;

let encoded: Uint8Array | undefined;

/** `patch` with the `fieldValidation` query parameter and the kind's x-kubernetes-group-version-kind (as YAML). */
function patchOperation(group: string, version: string, kind: string): Uint8Array {
  const fieldValidation = message(OPERATION.parameters, [
    message(PARAMETERS_ITEM.parameter, [
      message(PARAMETER.nonBodyParameter, [
        message(NON_BODY_PARAMETER.queryParameterSubSchema, [
          lengthDelimited(QUERY_PARAMETER.in, 'query'),
          lengthDelimited(QUERY_PARAMETER.name, 'fieldValidation'),
          lengthDelimited(QUERY_PARAMETER.type, 'string'),
        ]),
      ]),
    ]),
  ]);
  const gvkYaml = `group: ${group === '' ? '""' : group}\nkind: ${kind}\nversion: ${version}\n`;
  const gvk = message(OPERATION.vendorExtension, [
    lengthDelimited(NAMED_ANY.name, 'x-kubernetes-group-version-kind'),
    message(NAMED_ANY.value, [lengthDelimited(ANY.yaml, gvkYaml)]),
  ]);
  return message(PATH_ITEM.patch, [fieldValidation, gvk]);
}

/**
 * A gnostic `openapi_v2.Document` with one path per resource item (`/apis/apps/v1/namespaces/{namespace}/deployments/{name}`),
 * each with only a `patch` operation that carries the GVK and the fieldValidation parameter. Schemas are left out:
 * kubectl 1.29+ reads OpenAPI v3, and 1.27/1.28 only need to see that the server validates fields itself.
 */
export function openapiV2Protobuf(): Uint8Array {
  if (encoded) return encoded;
  const paths = RESOURCES.map((r) => {
    const prefix = groupVersionPrefix(r.group, r.version);
    const path = r.namespaced ? `${prefix}/namespaces/{namespace}/${r.resource}/{name}` : `${prefix}/${r.resource}/{name}`;
    return message(PATHS.path, [lengthDelimited(NAMED_PATH_ITEM.name, path), message(NAMED_PATH_ITEM.value, [patchOperation(r.group, r.version, r.kind)])]);
  });
  encoded = concatBytes([
    lengthDelimited(DOCUMENT.swagger, '2.0'),
    message(DOCUMENT.info, [lengthDelimited(INFO.title, 'Kubernetes'), lengthDelimited(INFO.version, `v${schemaSourceVersion()}`)]),
    message(DOCUMENT.paths, paths),
  ]);
  return encoded;
}

