/** Turns skiff.v1.Resources requests into the transport-neutral `ResourceRequest` the REST door also builds. */
import { badRequest, findResource, notFound, type ResourceInfo } from '@skiff/api';
import type { RequestContext } from '../registry/context.js';
import { PATCH_CONTENT_TYPES, type PatchType } from '../registry/patching.js';
import { decodeBody } from '../rest/media.js';
import type { ResourceRequest } from '../rest/resource-handler.js';
import type { CreateRequest, DeleteRequest, GetRequest, ListRequest, PatchRequest, ResourceTarget, UpdateRequest, WatchRequest, WriteOptionsMessage } from './messages.js';

/** The PATCH content type REST would see for each patch type. */
const CONTENT_TYPE_OF_PATCH: Record<PatchType, string> = Object.fromEntries(
  Object.entries(PATCH_CONTENT_TYPES)
    .filter(([type]) => !type.endsWith('+cbor'))
    .map(([contentType, type]) => [type, contentType]),
) as Record<PatchType, string>;

interface Target {
  info: ResourceInfo;
  namespace: string | undefined;
  name: string | undefined;
  subresource: string | undefined;
}

function resolveTarget(target: ResourceTarget | undefined): Target {
  const group = target?.group ?? '';
  const resource = target?.resource ?? '';
  const name = target?.name || undefined;
  const info = findResource(group, target?.version ?? '', resource);
  if (!info) throw notFound({ resource, group, name: name ?? '' });
  const namespace = target?.namespace || undefined;
  if (namespace !== undefined && !info.namespaced) throw notFound({ resource, group, name: name ?? '' });
  return { info, namespace, name, subresource: target?.subresource || undefined };
}

function requireName(t: Target, verb: string): string {
  if (t.name === undefined) throw badRequest(`name is required for ${verb}`);
  return t.name;
}

function setIf(query: URLSearchParams, key: string, value: string | number | boolean | undefined): void {
  if (value === undefined || value === '' || value === false) return;
  query.set(key, String(value));
}

function writeQuery(options: WriteOptionsMessage | undefined): URLSearchParams {
  const query = new URLSearchParams();
  setIf(query, 'fieldManager', options?.fieldManager);
  setIf(query, 'fieldValidation', options?.fieldValidation);
  if (options?.dryRun) query.set('dryRun', 'All');
  return query;
}

function json(bytes: Buffer | undefined, contentType = 'application/json'): unknown {
  return decodeBody(bytes && bytes.length > 0 ? bytes : undefined, contentType);
}

function request(t: Target, method: string, query: URLSearchParams, body: unknown, contentType: string, ctx: RequestContext): ResourceRequest {
  return { method, info: t.info, namespace: t.namespace, name: t.name, subresource: t.subresource, query, body, contentType, table: false, legacyWatch: false, ctx };
}

export function getRequest(req: GetRequest, ctx: RequestContext): ResourceRequest {
  const t = resolveTarget(req.target);
  requireName(t, 'get');
  return request(t, 'GET', new URLSearchParams(), undefined, 'application/json', ctx);
}

export function listRequest(req: ListRequest, ctx: RequestContext): ResourceRequest {
  const t = resolveTarget(req.target);
  if (t.name !== undefined) throw badRequest('list names a collection: leave name empty');
  const query = new URLSearchParams();
  setIf(query, 'labelSelector', req.labelSelector);
  setIf(query, 'fieldSelector', req.fieldSelector);
  setIf(query, 'limit', req.limit);
  setIf(query, 'continue', req.continue);
  setIf(query, 'resourceVersion', req.resourceVersion);
  setIf(query, 'resourceVersionMatch', req.resourceVersionMatch);
  return request(t, 'GET', query, undefined, 'application/json', ctx);
}

/** A watch of a collection, or of one object when the target names it. */
export function watchRequest(req: WatchRequest, ctx: RequestContext): ResourceRequest {
  const t = resolveTarget(req.target);
  const query = new URLSearchParams({ watch: 'true' });
  setIf(query, 'labelSelector', req.labelSelector);
  setIf(query, 'fieldSelector', req.fieldSelector);
  setIf(query, 'resourceVersion', req.resourceVersion);
  setIf(query, 'allowWatchBookmarks', req.allowWatchBookmarks);
  setIf(query, 'timeoutSeconds', req.timeoutSeconds);
  return request(t, 'GET', query, undefined, 'application/json', ctx);
}

/** POST to the collection; with a name and subresource (e.g. pods/binding), POST to the object's subresource. */
export function createRequest(req: CreateRequest, ctx: RequestContext): ResourceRequest {
  const t = resolveTarget(req.target);
  if (t.name !== undefined && t.subresource === undefined) throw badRequest('create names a collection: leave name empty (the object names itself)');
  return request(t, 'POST', writeQuery(req.options), json(req.object), 'application/json', ctx);
}

/** PUT of the whole object; the name defaults to the object's own metadata.name. */
export function updateRequest(req: UpdateRequest, ctx: RequestContext): ResourceRequest {
  const body = json(req.object) as { metadata?: { name?: unknown } } | undefined;
  const own = typeof body?.metadata?.name === 'string' ? body.metadata.name : undefined;
  const t = resolveTarget({ ...req.target, name: req.target?.name || own });
  requireName(t, 'update');
  return request(t, 'PUT', writeQuery(req.options), body, 'application/json', ctx);
}

export function patchRequest(req: PatchRequest, ctx: RequestContext): ResourceRequest {
  const t = resolveTarget(req.target);
  requireName(t, 'patch');
  const type = (req.patchType ?? '') as PatchType;
  const contentType = CONTENT_TYPE_OF_PATCH[type];
  if (!contentType) throw badRequest(`patch_type: Unsupported value: "${req.patchType ?? ''}": supported values: "json", "merge", "strategic", "apply"`);
  const query = writeQuery(req.options);
  if (req.force) query.set('force', 'true');
  return request(t, 'PATCH', query, json(req.patch, contentType), contentType, ctx);
}

/** DELETE of one object, its options as the DeleteOptions body REST would receive. */
export function deleteRequest(req: DeleteRequest, ctx: RequestContext): ResourceRequest {
  const t = resolveTarget(req.target);
  requireName(t, 'delete');
  const body: Record<string, unknown> = { kind: 'DeleteOptions', apiVersion: 'v1' };
  if (req.gracePeriodSeconds !== undefined) body.gracePeriodSeconds = req.gracePeriodSeconds;
  if (req.propagationPolicy) body.propagationPolicy = req.propagationPolicy;
  const pre = req.preconditions;
  if (pre && (pre.uid !== undefined || pre.resourceVersion !== undefined)) {
    body.preconditions = { ...(pre.uid !== undefined ? { uid: pre.uid } : {}), ...(pre.resourceVersion !== undefined ? { resourceVersion: pre.resourceVersion } : {}) };
  }
  if (req.dryRun) body.dryRun = ['All'];
  return request(t, 'DELETE', new URLSearchParams(), body, 'application/json', ctx);
}
