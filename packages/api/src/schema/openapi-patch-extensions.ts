/** Adds the patch extensions kubectl's client-side apply reads from OpenAPI v3 (merge keys, strategies, list types), taken from the patch module's tables. */
import { patchFieldMeta as fieldMeta, patchRootTypeOf as rootTypeOf, type PatchFieldMeta as FieldMeta } from '../patch/index.js';
import { RESOURCES } from '../resources/catalog.js';
import { definitionNameFor, referencedName, type OpenApiSchema } from './definitions.js';

type Schemas = Record<string, OpenApiSchema>;

function extensionsOf(meta: FieldMeta, property: OpenApiSchema): Record<string, unknown> {
  const ext: Record<string, unknown> = {};
  if (meta.strategy) ext['x-kubernetes-patch-strategy'] = meta.strategy;
  if (meta.mergeKey) ext['x-kubernetes-patch-merge-key'] = meta.mergeKey;
  if (meta.listType) ext['x-kubernetes-list-type'] = meta.listType;
  if (meta.listKeys) ext['x-kubernetes-list-map-keys'] = [...meta.listKeys];
  if (meta.atomic) ext[property.type === 'array' ? 'x-kubernetes-list-type' : 'x-kubernetes-map-type'] = 'atomic';
  return ext;
}

/**
 * Copies of the definitions whose fields carry `x-kubernetes-patch-strategy`, `x-kubernetes-patch-merge-key`,
 * `x-kubernetes-list-type` and `x-kubernetes-list-map-keys`. kubectl 1.29+ builds client-side apply patches from the
 * v3 schema: without these it would replace merged lists (containers, env, ports) whole. Using the same tables
 * as the server's strategic merge patch keeps what kubectl sends and what the server applies in step.
 * The input is not modified.
 */
export function withPatchExtensions(definitions: Readonly<Schemas>): Schemas {
  const out: Schemas = { ...definitions };
  const copied = new Set<string>();
  const visited = new Set<string>();
  const writable = (name: string): OpenApiSchema => {
    if (!copied.has(name)) {
      const def = out[name] as OpenApiSchema;
      out[name] = { ...def, properties: { ...def.properties } };
      copied.add(name);
    }
    return out[name] as OpenApiSchema;
  };
  const walk = (name: string, type: string): void => {
    if (visited.has(`${name}|${type}`)) return;
    visited.add(`${name}|${type}`);
    const properties = definitions[name]?.properties;
    if (!properties) return;
    for (const [field, property] of Object.entries(properties)) {
      const meta = fieldMeta(type, field);
      if (!meta) continue;
      const ext = extensionsOf(meta, property);
      if (Object.keys(ext).length > 0) {
        const def = writable(name);
        (def.properties as Schemas)[field] = { ...(def.properties as Schemas)[field], ...ext };
      }
      const target = referencedName(property.type === 'array' ? property.items ?? {} : property);
      if (meta.type && target) walk(target, meta.type);
    }
  };
  for (const r of RESOURCES) {
    const kinds = [{ group: r.group, version: r.version, kind: r.kind }];
    for (const s of r.subresources) if (!s.connect) kinds.push({ group: s.group ?? r.group, version: s.version ?? r.version, kind: s.kind });
    for (const gvk of kinds) {
      const root = rootTypeOf(gvk);
      const name = definitionNameFor(gvk);
      if (root && name) walk(name, root);
    }
  }
  return out;
}
