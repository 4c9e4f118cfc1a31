/** OpenAPI v3 documents per group version (`/openapi/v3/apis/apps/v1`) and their index (`/openapi/v3`), as kube-apiserver serves them. */
import { createHash } from 'node:crypto';
import { groupVersions } from '../resources/catalog.js';
import { COMPONENT_REF_PREFIX, schemaDefinitions, schemaSourceVersion, type OpenApiSchema } from './definitions.js';
import { withPatchExtensions } from './openapi-patch-extensions.js';
import { groupVersionPaths } from './openapi-paths.js';

/** Title kube-apiserver gives its documents. */
const DOCUMENT_TITLE = 'Kubernetes';

interface CachedDocument {
  document: object;
  hash: string;
}

const documents = new Map<string, CachedDocument | null>();
let index: object | undefined;
let decorated: Record<string, OpenApiSchema> | undefined;

/** The definitions as the documents publish them: with the patch extensions kubectl needs. */
function publishedDefinitions(): Record<string, OpenApiSchema> {
  decorated ??= withPatchExtensions(schemaDefinitions());
  return decorated;
}

/** `api/v1` or `apis/apps/v1`: the key of a group version in the index and in its URL. */
function documentKey(group: string, version: string): string {
  return group ? `apis/${group}/${version}` : `api/${version}`;
}

/** Every definition name reachable through `$ref`s from `value`, including the definitions' own references. */
function referencedDefinitions(value: unknown): string[] {
  const definitions = publishedDefinitions();
  const seen = new Set<string>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const item of node) visit(item);
      return;
    }
    if (node === null || typeof node !== 'object') return;
    for (const [key, child] of Object.entries(node)) {
      if (key === '$ref' && typeof child === 'string' && child.startsWith(COMPONENT_REF_PREFIX)) {
        const name = child.slice(COMPONENT_REF_PREFIX.length);
        if (!seen.has(name)) {
          seen.add(name);
          if (!definitions[name]) throw new Error(`openapi: $ref to undefined schema ${name}`);
          visit(definitions[name]);
        }
      } else {
        visit(child);
      }
    }
  };
  visit(value);
  return [...seen].sort();
}

function build(group: string, version: string): CachedDocument | null {
  const paths = groupVersionPaths(group, version);
  if (Object.keys(paths).length === 0) return null;
  const definitions = publishedDefinitions();
  const schemas = Object.fromEntries(referencedDefinitions(paths).map((name) => [name, definitions[name]]));
  const document = {
    openapi: '3.0.0',
    info: { title: DOCUMENT_TITLE, version: `v${schemaSourceVersion()}` },
    paths,
    components: { schemas },
  };
  const hash = createHash('sha512').update(JSON.stringify(document)).digest('hex').toUpperCase();
  return { document, hash };
}

function cached(group: string, version: string): CachedDocument | null {
  const key = documentKey(group, version);
  let entry = documents.get(key);
  if (entry === undefined) {
    entry = build(group, version);
    documents.set(key, entry);
  }
  return entry;
}

/**
 * The OpenAPI 3.0 document of one group version ('' for core): paths of every resource with
 * x-kubernetes-action, x-kubernetes-group-version-kind and kube-apiserver's query parameters, and the
 * component schemas they use. Undefined for a group version Skiff does not serve. Built once; do not modify.
 */
export function openapiV3Document(group: string, version: string): object | undefined {
  return cached(group, version)?.document;
}

/** A stable content hash (SHA-512, upper-case hex) of a group version's document, as used in the index URLs. */
export function openapiV3Hash(group: string, version: string): string | undefined {
  return cached(group, version)?.hash;
}

/** `/openapi/v3`: `{paths: {"api/v1": {serverRelativeURL: "/openapi/v3/api/v1?hash=..."}, "apis/apps/v1": ...}}`. */
export function openapiV3Index(): object {
  if (index) return index;
  const paths: Record<string, { serverRelativeURL: string }> = {};
  for (const { group, versions } of groupVersions()) {
    for (const version of versions) {
      const hash = openapiV3Hash(group, version);
      if (hash === undefined) continue;
      const key = documentKey(group, version);
      paths[key] = { serverRelativeURL: `/openapi/v3/${key}?hash=${hash}` };
    }
  }
  index = { paths };
  return index;
}

/** Parses an index key (`api/v1`, `apis/apps/v1`) back into group and version; undefined if it is not one. */
export function parseOpenapiV3Key(key: string): { group: string; version: string } | undefined {
  const parts = key.split('/');
  if (parts.length === 2 && parts[0] === 'api' && parts[1]) return { group: '', version: parts[1] };
  if (parts.length === 3 && parts[0] === 'apis' && parts[1] && parts[2]) return { group: parts[1], version: parts[2] };
  return undefined;
}

