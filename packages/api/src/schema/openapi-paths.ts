/** The OpenAPI v3 `paths` of one group version: collection, item, all-namespaces list and subresource operations. */
import { resourcesOf, type ResourceInfo, type SubresourceInfo } from '../resources/catalog.js';
import { COMPONENT_REF_PREFIX, definitionNameFor } from './definitions.js';
import {
  DELETE_COLLECTION_PARAMS,
  DELETE_PARAMS,
  LIST_PARAMS,
  NAME_PARAM,
  NAMESPACE_PARAM,
  PATCH_PARAMS,
  PRETTY_PARAM,
  WRITE_PARAMS,
  type OpenApiParameter,
} from './openapi-parameters.js';

type Gvk = { group: string; version: string; kind: string };
type Json = Record<string, unknown>;

const META = 'io.k8s.apimachinery.pkg.apis.meta.v1.';
const STATUS_DEF = `${META}Status`;
const DELETE_OPTIONS_DEF = `${META}DeleteOptions`;
const PATCH_DEF = `${META}Patch`;
const RESPONSE_TYPES = ['application/json', 'application/yaml'];
const PATCH_TYPES = ['application/json-patch+json', 'application/merge-patch+json', 'application/strategic-merge-patch+json', 'application/apply-patch+yaml'];

/** `/api/v1` or `/apis/apps/v1`. */
export function groupVersionPrefix(group: string, version: string): string {
  return group ? `/apis/${group}/${version}` : `/api/${version}`;
}

/** Kubernetes' tag: `core_v1`, `apps_v1`, `events_v1`. */
function tagOf(group: string, version: string): string {
  return `${group ? group.replace(/\.k8s\.io$/, '').replace(/\./g, '_') : 'core'}_${version}`;
}

/** The group-version part of operation ids: `CoreV1`, `AppsV1`, `CoordinationV1`. */
function operationGroupVersion(group: string, version: string): string {
  const words = group ? group.replace(/\.k8s\.io$/, '').split('.') : ['core'];
  return [...words, version].map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('');
}

function ref(name: string): Json {
  return { $ref: COMPONENT_REF_PREFIX + name };
}

function schemaName(gvk: Gvk): string {
  const name = definitionNameFor(gvk);
  if (name === undefined) throw new Error(`openapi: no schema for ${gvk.group}/${gvk.version} ${gvk.kind}`);
  return name;
}

function responses(definition: string, codes: string[]): Json {
  const out: Json = {};
  for (const code of codes) {
    out[code] = {
      description: code === '201' ? 'Created' : code === '202' ? 'Accepted' : 'OK',
      content: Object.fromEntries(RESPONSE_TYPES.map((t) => [t, { schema: ref(definition) }])),
    };
  }
  out['401'] = { description: 'Unauthorized' };
  return out;
}

function requestBody(definition: string, types = ['*/*']): Json {
  return { content: Object.fromEntries(types.map((t) => [t, { schema: ref(definition) }])), required: true };
}

interface OperationSpec {
  action: string;
  description: string;
  gvk: Gvk;
  parameters: readonly OpenApiParameter[];
  body?: Json;
  responses: Json;
}

function operation(tag: string, id: string, spec: OperationSpec): Json {
  const op: Json = { tags: [tag], description: spec.description, operationId: id };
  if (spec.parameters.length > 0) op.parameters = [...spec.parameters];
  if (spec.body) op.requestBody = spec.body;
  op.responses = spec.responses;
  op['x-kubernetes-action'] = spec.action;
  op['x-kubernetes-group-version-kind'] = { group: spec.gvk.group, version: spec.gvk.version, kind: spec.gvk.kind };
  return op;
}

/** All paths of one group version, keyed by URL template. Empty when the catalog has no such group version. */
export function groupVersionPaths(group: string, version: string): Record<string, Json> {
  const paths: Record<string, Json> = {};
  for (const r of resourcesOf(group, version)) Object.assign(paths, resourcePaths(r));
  return paths;
}

function resourcePaths(r: ResourceInfo): Record<string, Json> {
  const prefix = groupVersionPrefix(r.group, r.version);
  const tag = tagOf(r.group, r.version);
  const gvk: Gvk = { group: r.group, version: r.version, kind: r.kind };
  const kindDef = schemaName(gvk);
  const listDef = schemaName({ ...gvk, kind: r.listKind });
  const scope = r.namespaced ? 'Namespaced' : '';
  const id = (verb: string, suffix = '') => `${verb}${operationGroupVersion(r.group, r.version)}${scope}${r.kind}${suffix}`;
  const collectionPath = r.namespaced ? `${prefix}/namespaces/{namespace}/${r.resource}` : `${prefix}/${r.resource}`;
  const itemPath = `${collectionPath}/{name}`;
  const scopeParams = r.namespaced ? [NAMESPACE_PARAM] : [];
  const has = (verb: string) => r.verbs.includes(verb);
  const paths: Record<string, Json> = {};

  const collection: Json = {};
  if (has('list')) {
    collection.get = operation(tag, id('list'), {
      action: 'list', gvk, description: `list or watch objects of kind ${r.kind}`,
      parameters: LIST_PARAMS, responses: responses(listDef, ['200']),
    });
  }
  if (has('create')) {
    collection.post = operation(tag, id('create'), {
      action: 'post', gvk, description: `create a ${r.kind}`,
      parameters: WRITE_PARAMS, body: requestBody(kindDef), responses: responses(kindDef, ['200', '201', '202']),
    });
  }
  if (has('deletecollection')) {
    collection.delete = operation(tag, `delete${operationGroupVersion(r.group, r.version)}Collection${scope}${r.kind}`, {
      action: 'deletecollection', gvk, description: `delete collection of ${r.kind}`,
      parameters: DELETE_COLLECTION_PARAMS, body: requestBody(DELETE_OPTIONS_DEF), responses: responses(STATUS_DEF, ['200']),
    });
  }
  if (Object.keys(collection).length > 0) paths[collectionPath] = { ...collection, parameters: [...scopeParams, PRETTY_PARAM] };

  const item: Json = {};
  if (has('get')) {
    item.get = operation(tag, id('read'), {
      action: 'get', gvk, description: `read the specified ${r.kind}`, parameters: [], responses: responses(kindDef, ['200']),
    });
  }
  if (has('update')) {
    item.put = operation(tag, id('replace'), {
      action: 'put', gvk, description: `replace the specified ${r.kind}`,
      parameters: WRITE_PARAMS, body: requestBody(kindDef), responses: responses(kindDef, ['200', '201']),
    });
  }
  if (has('delete')) {
    item.delete = operation(tag, id('delete'), {
      action: 'delete', gvk, description: `delete a ${r.kind}`,
      parameters: DELETE_PARAMS, body: requestBody(DELETE_OPTIONS_DEF), responses: responses(STATUS_DEF, ['200', '202']),
    });
  }
  if (has('patch')) {
    item.patch = operation(tag, id('patch'), {
      action: 'patch', gvk, description: `partially update the specified ${r.kind}`,
      parameters: PATCH_PARAMS, body: requestBody(PATCH_DEF, PATCH_TYPES), responses: responses(kindDef, ['200', '201']),
    });
  }
  const itemParams = [NAME_PARAM(r.kind), ...scopeParams, PRETTY_PARAM];
  if (Object.keys(item).length > 0) paths[itemPath] = { ...item, parameters: itemParams };

  if (r.namespaced && has('list')) {
    paths[`${prefix}/${r.resource}`] = {
      get: operation(tag, `list${operationGroupVersion(r.group, r.version)}${r.kind}ForAllNamespaces`, {
        action: 'list', gvk, description: `list or watch objects of kind ${r.kind}`,
        parameters: LIST_PARAMS, responses: responses(listDef, ['200']),
      }),
      parameters: [PRETTY_PARAM],
    };
  }

  // Streaming subresources (pods/log, pods/exec) take no body and return no object: not documented here.
  for (const sub of r.subresources.filter((s) => !s.connect)) {
    const subPaths = subresourceOperations(r, sub, tag, id);
    if (Object.keys(subPaths).length > 0) paths[`${itemPath}/${sub.name}`] = { ...subPaths, parameters: itemParams };
  }
  return paths;
}

/** get/put/patch/post on `{name}/status`, `{name}/scale`, `{name}/binding`, `{name}/finalize`. */
function subresourceOperations(r: ResourceInfo, sub: SubresourceInfo, tag: string, id: (verb: string, suffix?: string) => string): Json {
  const gvk: Gvk = { group: sub.group ?? r.group, version: sub.version ?? r.version, kind: sub.kind };
  const def = schemaName(gvk);
  const suffix = sub.name.charAt(0).toUpperCase() + sub.name.slice(1);
  const what = sub.name === 'status' || sub.name === 'scale' ? `${sub.name} of the specified ${r.kind}` : `${sub.name} of a ${r.kind}`;
  const ops: Json = {};
  if (sub.verbs.includes('get')) {
    ops.get = operation(tag, id('read', suffix), { action: 'get', gvk, description: `read ${what}`, parameters: [], responses: responses(def, ['200']) });
  }
  if (sub.verbs.includes('create')) {
    ops.post = operation(tag, id('create', suffix), {
      action: 'post', gvk, description: `create ${what}`,
      parameters: WRITE_PARAMS, body: requestBody(def), responses: responses(def, ['200', '201', '202']),
    });
  }
  if (sub.verbs.includes('update')) {
    ops.put = operation(tag, id('replace', suffix), {
      action: 'put', gvk, description: `replace ${what}`,
      parameters: WRITE_PARAMS, body: requestBody(def), responses: responses(def, ['200', '201']),
    });
  }
  if (sub.verbs.includes('patch')) {
    ops.patch = operation(tag, id('patch', suffix), {
      action: 'patch', gvk, description: `partially update ${what}`,
      parameters: PATCH_PARAMS, body: requestBody(PATCH_DEF, PATCH_TYPES), responses: responses(def, ['200', '201']),
    });
  }
  return ops;
}
