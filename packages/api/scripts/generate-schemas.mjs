/** Build step: turns kubernetes-types' .d.ts files into Kubernetes-named OpenAPI schemas (generated/k8s-schemas.json). */
// Usage: node scripts/generate-schemas.mjs [--force]
// Skips all work when the output was made from the same inputs: the output records a fingerprint of this
// script, the resource catalog and the installed versions of kubernetes-types and ts-json-schema-generator.
import { createHash } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, posix } from 'node:path';
import { fileURLToPath } from 'node:url';

const PKG_DIR = dirname(dirname(fileURLToPath(import.meta.url)));
const OUT_FILE = join(PKG_DIR, 'generated', 'k8s-schemas.json');
const CATALOG_FILE = join(PKG_DIR, 'src', 'resources', 'catalog.ts');
const require = createRequire(import.meta.url);
const TYPES_PKG_JSON = require.resolve('kubernetes-types/package.json');
const TYPES_DIR = dirname(TYPES_PKG_JSON);
const GENERATOR_PKG_JSON = join(dirname(dirname(require.resolve('ts-json-schema-generator'))), 'package.json');

const COMPONENT_REF = '#/components/schemas/';
const META_FILE = 'meta/v1';
const INT_OR_STRING = 'io.k8s.apimachinery.pkg.util.intstr.IntOrString';
/** meta/v1 types every group version's OpenAPI document refers to (delete bodies, watch and error responses). */
const META_ROOTS = ['DeleteOptions', 'Status', 'WatchEvent', 'APIResourceList', 'Patch'];
/** meta/v1 kinds registered in every group version (kubernetes-types does not type their apiVersion/kind). */
const META_KINDS_PER_GROUP_VERSION = ['DeleteOptions', 'WatchEvent'];

/**
 * kubernetes-types writes every integer as `number`. Kubernetes' built-in types have no floats; these JSON
 * field names are int64 in the Go types of the groups served (core, apps, batch, meta, ...), every other integer is int32.
 */
const INT64_FIELDS = new Set([
  'activeDeadlineSeconds', 'capacity', 'defaultUser', 'deletionGracePeriodSeconds', 'expirationSeconds', 'fsGroup',
  'generation', 'gid', 'gracePeriodSeconds', 'limitBytes', 'observedGeneration', 'remainingItemCount', 'revision',
  'runAsGroup', 'runAsUser', 'seconds', 'sinceSeconds', 'sizeBytes', 'startingDeadlineSeconds', 'supplementalGroups',
  'tailLines', 'terminationGracePeriodSeconds', 'tolerationSeconds', 'uid', 'user',
]);

// IntOrString and Quantity carry no `type` (as in kube-apiserver's v3 documents), so `kubectl explain` names them.
const INT_OR_STRING_SCHEMA = {
  description:
    'IntOrString holds either an int32 or a string. In JSON and YAML it is written as the inner value, so a field of this type accepts a number or a name, e.g. a port number or a port name.',
  format: 'int-or-string',
  oneOf: [{ type: 'integer' }, { type: 'string' }],
  'x-kubernetes-int-or-string': true,
};

function main() {
  const force = process.argv.includes('--force');
  const fingerprint = inputsFingerprint();
  if (!force && recordedFingerprint() === fingerprint) {
    console.log(`generate-schemas: ${posix.relative(PKG_DIR, OUT_FILE)} is up to date`);
    return Promise.resolve();
  }
  return generate(fingerprint);
}

/** A hash of everything the output depends on. */
function inputsFingerprint() {
  const hash = createHash('sha256');
  for (const file of [fileURLToPath(import.meta.url), CATALOG_FILE]) hash.update(readFileSync(file));
  for (const pkg of [TYPES_PKG_JSON, GENERATOR_PKG_JSON]) hash.update(JSON.parse(readFileSync(pkg, 'utf8')).version);
  return hash.digest('hex');
}

/** The fingerprint at the start of the existing output, without reading the whole file. */
function recordedFingerprint() {
  if (!existsSync(OUT_FILE)) return undefined;
  const fd = openSync(OUT_FILE, 'r');
  try {
    const head = Buffer.alloc(128);
    const n = readSync(fd, head, 0, head.length, 0);
    return /^\{"inputs":"([0-9a-f]{64})"/.exec(head.subarray(0, n).toString('utf8'))?.[1];
  } finally {
    closeSync(fd);
  }
}

async function generate(fingerprint) {
  const started = Date.now();
  const { createGenerator } = await import('ts-json-schema-generator');
  const resources = await loadCatalog();
  const servedGroupVersions = [...new Map(resources.map((r) => [`${r.group}/${r.version}`, r])).values()]
    .map((r) => ({ group: r.group, version: r.version }));

  /** root types per kubernetes-types file, e.g. 'apps/v1' -> Set{'Deployment', 'DeploymentList', ...} */
  const roots = new Map();
  const addRoot = (file, name) => {
    if (!roots.has(file)) roots.set(file, new Set());
    roots.get(file).add(name);
  };
  for (const r of resources) {
    addRoot(fileOf(r.group, r.version), r.kind);
    addRoot(fileOf(r.group, r.version), r.listKind);
    for (const s of r.subresources) if (!s.connect) addRoot(fileOf(s.group ?? r.group, s.version ?? r.version), s.kind);
  }
  for (const name of META_ROOTS) addRoot(META_FILE, name);

  const modules = new Map();
  const moduleOf = (file) => {
    if (!modules.has(file)) modules.set(file, parseModule(file));
    return modules.get(file);
  };

  const definitions = { [INT_OR_STRING]: INT_OR_STRING_SCHEMA };
  for (const [file, names] of roots) {
    const t0 = Date.now();
    const generator = createGenerator({
      path: join(TYPES_DIR, `${file}.d.ts`),
      skipTypeCheck: true,
      expose: 'all',
      jsDoc: 'extended',
      topRef: true,
    });
    // One createSchema per root: type '*' silently leaves some exported types out (e.g. core/v1 PodList).
    const generated = {};
    for (const name of names) Object.assign(generated, generator.createSchema(name).definitions);
    const queue = [...names].map((name) => ({ name, file }));
    const originOfLocal = new Map(); // within one run a local name must stand for one type only
    while (queue.length > 0) {
      const { name, file: origin } = queue.shift();
      const fullName = qualifiedName(origin, name);
      if (originOfLocal.has(name) && originOfLocal.get(name) !== origin) {
        throw new Error(`generate-schemas: ${name} from both ${originOfLocal.get(name)} and ${origin} in the run for ${file}`);
      }
      originOfLocal.set(name, origin);
      if (definitions[fullName]) continue;
      const source = generated[name];
      if (!source) throw new Error(`generate-schemas: no schema for ${name} (from ${origin}) in the run for ${file}`);
      const resolveRef = (localName) => {
        const target = resolveOrigin(moduleOf(origin), localName, origin);
        queue.push({ name: localName, file: target });
        return qualifiedName(target, localName);
      };
      definitions[fullName] = finishDefinition(fullName, source, convert(source, '', resolveRef));
    }
    console.log(`generate-schemas: ${file} (${Date.now() - t0} ms)`);
  }

  markGroupVersionKinds(definitions, servedGroupVersions);
  const sorted = Object.fromEntries(Object.keys(definitions).sort().map((k) => [k, definitions[k]]));
  const typesVersion = JSON.parse(readFileSync(TYPES_PKG_JSON, 'utf8')).version;
  mkdirSync(dirname(OUT_FILE), { recursive: true });
  writeFileSync(OUT_FILE, JSON.stringify({ inputs: fingerprint, kubernetesTypesVersion: typesVersion, definitions: sorted }));
  console.log(`generate-schemas: wrote ${Object.keys(sorted).length} definitions to ${posix.relative(PKG_DIR, OUT_FILE)} in ${Date.now() - started} ms`);
}

/** Reads RESOURCES from catalog.ts (a self-contained module) by transpiling it in memory. */
async function loadCatalog() {
  const ts = (await import('typescript')).default;
  const source = readFileSync(CATALOG_FILE, 'utf8');
  const js = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.ES2022, target: ts.ScriptTarget.ES2022 },
  }).outputText;
  if (/^\s*import\s/m.test(js)) throw new Error('generate-schemas: catalog.ts must stay self-contained (no imports) to be read here');
  const mod = await import(`data:text/javascript;base64,${Buffer.from(js).toString('base64')}`);
  if (!Array.isArray(mod.RESOURCES)) throw new Error('generate-schemas: catalog.ts exports no RESOURCES array');
  return mod.RESOURCES;
}

/** The kubernetes-types file of an API group version: '' -> core/v1, 'apps' -> apps/v1, 'events.k8s.io' -> events/v1. */
function fileOf(group, version) {
  return `${group === '' ? 'core' : group.split('.')[0]}/${version}`;
}

/** Kubernetes' OpenAPI name of a type declared in a kubernetes-types file. */
function qualifiedName(file, name) {
  if (name === 'IntOrString') return INT_OR_STRING;
  if (file === 'runtime') return `io.k8s.apimachinery.pkg.runtime.${name}`;
  if (file === 'api/resource') return `io.k8s.apimachinery.pkg.api.resource.${name}`;
  if (file.startsWith('meta/')) return `io.k8s.apimachinery.pkg.apis.${file.replace('/', '.')}.${name}`;
  if (file.startsWith('apiextensions/')) return `io.k8s.apiextensions-apiserver.pkg.apis.${file.replace('/', '.')}.${name}`;
  return `io.k8s.api.${file.replace('/', '.')}.${name}`;
}

/** The names a kubernetes-types file exports and the file each imported name comes from. */
function parseModule(file) {
  const text = readFileSync(join(TYPES_DIR, `${file}.d.ts`), 'utf8');
  const exports = new Set([...text.matchAll(/^export (?:interface|type) (\w+)/gm)].map((m) => m[1]));
  const imports = new Map();
  for (const m of text.matchAll(/^import \{([^}]+)\} from "([^"]+)";/gm)) {
    const from = posix.normalize(posix.join(posix.dirname(file), m[2]));
    for (const name of m[1].split(',').map((s) => s.trim()).filter(Boolean)) imports.set(name, from);
  }
  return { exports, imports };
}

function resolveOrigin(module, name, file) {
  if (module.exports.has(name)) return file;
  const from = module.imports.get(name);
  if (!from) throw new Error(`generate-schemas: cannot tell where ${name} (used in ${file}) is declared`);
  return from;
}

/** ts-json-schema-generator's schema -> Kubernetes' OpenAPI v3 form, with refs renamed through resolveRef. */
function convert(schema, propName, resolveRef) {
  const out = {};
  if (schema.description) out.description = schema.description;
  if (schema.$ref) {
    const ref = { $ref: COMPONENT_REF + resolveRef(decodeURIComponent(schema.$ref.replace('#/definitions/', ''))) };
    return out.description ? { allOf: [ref], ...out } : ref;
  }
  const type = schema.type;
  if (Array.isArray(type)) {
    if (type.length === 2 && type.includes('number') && type.includes('string')) {
      const ref = { $ref: COMPONENT_REF + INT_OR_STRING };
      return out.description ? { allOf: [ref], ...out } : ref;
    }
    throw new Error(`generate-schemas: unexpected union type ${JSON.stringify(type)} at ${propName}`);
  }
  if (schema.anyOf || schema.oneOf) throw new Error(`generate-schemas: unexpected anyOf/oneOf at ${propName}`);
  switch (type) {
    case 'number':
      out.type = 'integer';
      out.format = INT64_FIELDS.has(propName) ? 'int64' : 'int32';
      return out;
    case 'string':
    case 'boolean':
      out.type = type;
      if (schema.format) out.format = schema.format;
      return out;
    case 'array':
      out.type = 'array';
      out.items = convert(schema.items ?? {}, propName, resolveRef);
      return out;
    case 'object': {
      out.type = 'object';
      if (schema.properties && Object.keys(schema.properties).length > 0) {
        out.properties = {};
        for (const key of Object.keys(schema.properties).sort()) {
          out.properties[key] = convert(schema.properties[key], key, resolveRef);
        }
        if (schema.required?.length) out.required = [...schema.required].sort();
      } else if (schema.additionalProperties && typeof schema.additionalProperties === 'object') {
        out.additionalProperties = convert(schema.additionalProperties, propName, resolveRef);
      }
      return out;
    }
    default:
      throw new Error(`generate-schemas: unexpected schema at ${propName}: ${JSON.stringify(schema).slice(0, 200)}`);
  }
}

/** Per-definition fix-ups: formats of well-known string types, the int-or-string marker, GVK from literal kinds. */
function finishDefinition(fullName, source, def) {
  if (fullName.endsWith('.meta.v1.Time') || fullName.endsWith('.meta.v1.MicroTime')) def.format = 'date-time';
  if (fullName === 'io.k8s.apimachinery.pkg.api.resource.Quantity') {
    delete def.type;
    def.oneOf = [{ type: 'string' }, { type: 'number' }];
    def['x-kubernetes-int-or-string'] = true;
  }
  const gvk = literalGroupVersionKind(source);
  if (gvk) def['x-kubernetes-group-version-kind'] = [gvk];
  return def;
}

/** Adds x-kubernetes-group-version-kind to the meta/v1 kinds, whose apiVersion and kind kubernetes-types leaves untyped. */
function markGroupVersionKinds(definitions, servedGroupVersions) {
  const metaPrefix = 'io.k8s.apimachinery.pkg.apis.meta.v1.';
  const status = definitions[`${metaPrefix}Status`];
  if (status) status['x-kubernetes-group-version-kind'] = [{ group: '', kind: 'Status', version: 'v1' }];
  const gvs = [{ group: '', version: 'v1' }, ...servedGroupVersions.filter((gv) => gv.group !== ''), { group: 'meta.k8s.io', version: 'v1' }];
  for (const kind of META_KINDS_PER_GROUP_VERSION) {
    const def = definitions[metaPrefix + kind];
    if (def) def['x-kubernetes-group-version-kind'] = gvs.map((gv) => ({ group: gv.group, kind, version: gv.version }));
  }
}

/** The GVK of a kubernetes-types interface whose apiVersion and kind are string literals, e.g. `kind?: "Deployment"`. */
function literalGroupVersionKind(source) {
  const apiVersion = source.properties?.apiVersion?.const;
  const kind = source.properties?.kind?.const;
  if (typeof apiVersion !== 'string' || typeof kind !== 'string') return undefined;
  const slash = apiVersion.indexOf('/');
  return slash < 0
    ? { group: '', kind, version: apiVersion }
    : { group: apiVersion.slice(0, slash), kind, version: apiVersion.slice(slash + 1) };
}

main().catch((err) => {
  console.error(err instanceof Error ? err.stack : err);
  process.exit(1);
});
