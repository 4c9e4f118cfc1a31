/** The generated Kubernetes schema definitions (OpenAPI v3 form), loaded once from packages/api/generated/. */
import { readFileSync } from 'node:fs';

/** One OpenAPI v3 schema object as Kubernetes publishes it (`$ref`s point at `#/components/schemas/<name>`). */
export interface OpenApiSchema {
  description?: string;
  type?: string;
  format?: string;
  properties?: Record<string, OpenApiSchema>;
  additionalProperties?: OpenApiSchema;
  items?: OpenApiSchema;
  required?: string[];
  allOf?: OpenApiSchema[];
  oneOf?: OpenApiSchema[];
  $ref?: string;
  'x-kubernetes-group-version-kind'?: { group: string; version: string; kind: string }[];
  'x-kubernetes-int-or-string'?: boolean;
}

interface GeneratedFile {
  kubernetesTypesVersion: string;
  definitions: Record<string, OpenApiSchema>;
}

/** Written by `scripts/generate-schemas.mjs`; the path is the same from src/schema and dist/schema. */
const GENERATED_FILE = new URL('../../generated/k8s-schemas.json', import.meta.url);
/** Prefix of every `$ref` in the definitions. */
export const COMPONENT_REF_PREFIX = '#/components/schemas/';

let loaded: { file: GeneratedFile; byKind: Map<string, string> } | undefined;

function load(): { file: GeneratedFile; byKind: Map<string, string> } {
  if (loaded) return loaded;
  let text: string;
  try {
    text = readFileSync(GENERATED_FILE, 'utf8');
  } catch (err) {
    throw new Error(`schema definitions are missing (${GENERATED_FILE.pathname}); run \`pnpm --filter @skiff/api generate\`: ${String(err)}`);
  }
  const file = JSON.parse(text) as GeneratedFile;
  const byKind = new Map<string, string>();
  for (const [name, schema] of Object.entries(file.definitions)) {
    for (const gvk of schema['x-kubernetes-group-version-kind'] ?? []) {
      const key = gvkKey(gvk);
      // A kind has one definition; meta kinds (DeleteOptions, WatchEvent) are listed under many group versions.
      if (!byKind.has(key)) byKind.set(key, name);
    }
  }
  loaded = { file, byKind };
  return loaded;
}

function gvkKey(gvk: { group: string; version: string; kind: string }): string {
  return `${gvk.group}/${gvk.version}/${gvk.kind}`;
}

/** Every definition by its Kubernetes name, e.g. `io.k8s.api.core.v1.Pod`. Shared: do not modify. */
export function schemaDefinitions(): Readonly<Record<string, OpenApiSchema>> {
  return load().file.definitions;
}

/** The version of kubernetes-types the definitions were generated from. */
export function schemaSourceVersion(): string {
  return load().file.kubernetesTypesVersion;
}

/** `io.k8s.api.apps.v1.Deployment` for apps/v1 Deployment; undefined for a kind without a definition. */
export function definitionNameFor(gvk: { group: string; version: string; kind: string }): string | undefined {
  return load().byKind.get(gvkKey(gvk));
}

/** The definition of a kind (marked with that x-kubernetes-group-version-kind), or undefined. */
export function definitionFor(gvk: { group: string; version: string; kind: string }): { name: string; schema: OpenApiSchema } | undefined {
  const name = definitionNameFor(gvk);
  return name === undefined ? undefined : { name, schema: load().file.definitions[name] as OpenApiSchema };
}

/** The definition name a `$ref` points at. */
export function refName(ref: string): string {
  return ref.startsWith(COMPONENT_REF_PREFIX) ? ref.slice(COMPONENT_REF_PREFIX.length) : ref;
}

/** The definition a schema refers to directly (`$ref`) or through a single `allOf`, if any. */
export function referencedName(schema: OpenApiSchema): string | undefined {
  if (schema.$ref) return refName(schema.$ref);
  if (schema.allOf?.length === 1 && schema.allOf[0]?.$ref) return refName(schema.allOf[0].$ref);
  return undefined;
}
