/** Serves one resource request: maps HTTP method, path and query onto a registry verb. */
import {
  badRequest,
  findResource,
  groupVersion,
  methodNotSupported,
  notFound,
  parseFieldValidation,
  StatusError,
  toTable,
  type FieldValidation,
  type ResourceInfo,
} from '@skiff/api';
import type { RequestContext } from '../registry/context.js';
import type { ListOutcome, ResourceRegistry, RegistryWatch } from '../registry/registry.js';
import { evictPod } from '../registry/eviction.js';
import { getScale, patchScale, updateScale } from '../registry/scale.js';
import { bindPod } from '../registry/strategies/index.js';
import { patchTypeOf } from '../registry/patching.js';
import type { DeleteOptions, KObject } from '../registry/types.js';
import { checkTypeMeta } from '../registry/type-meta.js';
import type { Clock } from '../registry/clock.js';

export interface ResourceRequest {
  method: string;
  info: ResourceInfo;
  namespace: string | undefined;
  name: string | undefined;
  subresource: string | undefined;
  query: URLSearchParams;
  body: unknown;
  contentType: string;
  table: boolean;
  legacyWatch: boolean;
  ctx: RequestContext;
}

export type ResourceResponse =
  | { code: number; body: unknown }
  | { watch: RegistryWatch; timeoutSeconds: number | undefined };

export interface Registries {
  get(info: ResourceInfo): ResourceRegistry;
}

type IncludeObject = 'None' | 'Metadata' | 'Object';

function flag(query: URLSearchParams, name: string): boolean {
  const v = query.get(name);
  return v === 'true' || v === '1';
}

function intParam(query: URLSearchParams, name: string): number | undefined {
  const v = query.get(name);
  if (v === null || v === '') return undefined;
  if (!/^-?\d+$/.test(v)) throw badRequest(`invalid value for ${name}: ${JSON.stringify(v)}: must be an integer`);
  return Number(v);
}

function includeObjectParam(query: URLSearchParams): IncludeObject {
  const v = query.get('includeObject') ?? 'Metadata';
  if (v !== 'None' && v !== 'Metadata' && v !== 'Object') throw badRequest(`includeObject: Unsupported value: "${v}": supported values: "Metadata", "None", "Object"`);
  return v;
}

function dryRun(query: URLSearchParams, body?: DeleteOptions): boolean {
  const values = [...query.getAll('dryRun'), ...(body?.dryRun ?? [])];
  for (const v of values) if (v !== 'All') throw badRequest(`dryRun: Unsupported value: "${v}": supported values: "All"`);
  return values.length > 0;
}

export class ResourceHandler {
  constructor(
    private readonly registries: Registries,
    private readonly clock: Clock,
  ) {}

  async handle(req: ResourceRequest): Promise<ResourceResponse> {
    const { info, method, name, subresource } = req;
    const registry = this.registries.get(info);
    const subject = { resource: info.resource, group: info.group, name: name ?? '' };
    if (subresource !== undefined) {
      const known = info.subresources.find((s) => s.name === subresource);
      if (!known || name === undefined) throw notFound(subject);
    }
    if (info.namespaced && name !== undefined && req.namespace === undefined) throw notFound(subject);
    const isWatch = req.legacyWatch || flag(req.query, 'watch');
    req.ctx.dryRun = dryRun(req.query, method === 'DELETE' ? (req.body as DeleteOptions | undefined) : undefined);
    const manager = req.query.get('fieldManager');
    if (manager !== null) {
      if (manager.length > 128) throw badRequest('fieldManager: Too long: may not be longer than 128');
      req.ctx.fieldManager = manager;
    }

    if (name === undefined) {
      switch (method) {
        case 'GET':
          return isWatch ? this.watch(registry, req) : this.list(registry, req);
        case 'POST':
          return { code: 201, body: await registry.create(req.ctx, req.namespace, req.body, { fieldValidation: this.fieldValidation(req) }) };
        case 'DELETE':
          return { code: 200, body: this.listBody(info, await registry.deleteCollection(req.ctx, req.namespace, this.listQuery(req.query), this.deleteOptions(req))) };
        default:
          throw methodNotSupported(subject, method.toLowerCase());
      }
    }
    if (subresource === 'scale') return this.scale(registry, req, name);
    if (subresource === 'binding') return this.binding(registry, req, name);
    if (subresource === 'eviction') return this.eviction(registry, req, name);
    if (subresource === 'finalize') return this.finalize(registry, req, name);
    const status = subresource === 'status' ? 'status' : undefined;
    switch (method) {
      case 'GET':
        if (isWatch) {
          req.query.set('fieldSelector', [req.query.get('fieldSelector'), `metadata.name=${name}`].filter(Boolean).join(','));
          return this.watch(registry, req);
        }
        return { code: 200, body: this.render(req, await registry.get(req.namespace, name)) };
      case 'PUT': {
        const out = await registry.update(req.ctx, req.namespace, name, req.body, { fieldValidation: this.fieldValidation(req), subresource: status });
        return { code: out.created ? 201 : 200, body: out.object };
      }
      case 'PATCH': {
        const type = patchTypeOf(req.contentType);
        if (type !== 'apply' && req.query.has('force')) throw badRequest('force: Invalid value: true: may not be specified for non-apply patch');
        const out = await registry.patch(req.ctx, req.namespace, name, type, req.body, {
          fieldValidation: this.fieldValidation(req),
          subresource: status,
          force: flag(req.query, 'force'),
        });
        return { code: out.created ? 201 : 200, body: out.object };
      }
      case 'DELETE': {
        if (status) throw methodNotSupported(subject, 'delete');
        const out = await registry.delete(req.ctx, req.namespace, name, this.deleteOptions(req));
        return { code: out.deleted ? 200 : 202, body: out.object };
      }
      default:
        throw methodNotSupported(subject, method.toLowerCase());
    }
  }

  private fieldValidation(req: ResourceRequest): FieldValidation {
    return parseFieldValidation(req.query.get('fieldValidation') ?? undefined);
  }

  private listQuery(query: URLSearchParams) {
    const limit = intParam(query, 'limit');
    return {
      labelSelector: query.get('labelSelector') ?? undefined,
      fieldSelector: query.get('fieldSelector') ?? undefined,
      limit: limit !== undefined && limit > 0 ? limit : undefined,
      continue: query.get('continue') || undefined,
      resourceVersion: query.get('resourceVersion') ?? undefined,
      resourceVersionMatch: query.get('resourceVersionMatch') ?? undefined,
    };
  }

  private async list(registry: ResourceRegistry, req: ResourceRequest): Promise<ResourceResponse> {
    const outcome = await registry.list(req.namespace, this.listQuery(req.query));
    if (req.table) {
      return {
        code: 200,
        body: toTable(req.info, outcome.items, {
          includeObject: includeObjectParam(req.query),
          resourceVersion: outcome.resourceVersion,
          continue: outcome.continue,
          remainingItemCount: outcome.remainingItemCount,
          now: this.clock.now(),
        }),
      };
    }
    return { code: 200, body: this.listBody(req.info, outcome) };
  }

  private listBody(info: ResourceInfo, outcome: ListOutcome) {
    const metadata: Record<string, unknown> = { resourceVersion: outcome.resourceVersion };
    if (outcome.continue) metadata.continue = outcome.continue;
    if (outcome.remainingItemCount !== undefined) metadata.remainingItemCount = outcome.remainingItemCount;
    return { kind: info.listKind, apiVersion: groupVersion(info.group, info.version), metadata, items: outcome.items };
  }

  private async watch(registry: ResourceRegistry, req: ResourceRequest): Promise<ResourceResponse> {
    const watch = await registry.watch(req.namespace, {
      labelSelector: req.query.get('labelSelector') ?? undefined,
      fieldSelector: req.query.get('fieldSelector') ?? undefined,
      resourceVersion: req.query.get('resourceVersion') ?? undefined,
      allowWatchBookmarks: flag(req.query, 'allowWatchBookmarks'),
    });
    const timeout = intParam(req.query, 'timeoutSeconds');
    return { watch, timeoutSeconds: timeout !== undefined && timeout > 0 ? timeout : undefined };
  }

  /** One object, as a one-row Table when the client asked for tables. */
  render(req: Pick<ResourceRequest, 'table' | 'info' | 'query'>, obj: KObject): unknown {
    if (!req.table) return obj;
    return toTable(req.info, [obj], {
      includeObject: includeObjectParam(req.query),
      resourceVersion: obj.metadata?.resourceVersion ?? '',
      now: this.clock.now(),
    });
  }

  private deleteOptions(req: ResourceRequest): DeleteOptions {
    const body = (req.body ?? {}) as DeleteOptions & { kind?: string; apiVersion?: string };
    if (typeof body !== 'object' || Array.isArray(body)) throw badRequest('the body of a delete request must be a DeleteOptions object');
    const options: DeleteOptions = { ...body };
    const grace = intParam(req.query, 'gracePeriodSeconds');
    if (grace !== undefined) options.gracePeriodSeconds = grace;
    const policy = req.query.get('propagationPolicy');
    if (policy !== null) options.propagationPolicy = policy as DeleteOptions['propagationPolicy'];
    if (options.propagationPolicy !== undefined && !['Orphan', 'Background', 'Foreground'].includes(options.propagationPolicy)) {
      throw badRequest(`propagationPolicy: Unsupported value: "${options.propagationPolicy}": supported values: "Foreground", "Background", "Orphan"`);
    }
    if (options.gracePeriodSeconds !== undefined && options.gracePeriodSeconds < 0) options.gracePeriodSeconds = 0;
    return options;
  }

  private async scale(registry: ResourceRegistry, req: ResourceRequest, name: string): Promise<ResourceResponse> {
    const fieldValidation = this.fieldValidation(req);
    switch (req.method) {
      case 'GET':
        return { code: 200, body: await getScale(registry, req.namespace, name) };
      case 'PUT':
        return { code: 200, body: await updateScale(registry, req.ctx, req.namespace, name, req.body, fieldValidation) };
      case 'PATCH':
        return { code: 200, body: await patchScale(registry, req.ctx, req.namespace, name, patchTypeOf(req.contentType), req.body, fieldValidation) };
      default:
        throw methodNotSupported({ resource: `${req.info.resource}/scale`, group: req.info.group, name }, req.method.toLowerCase());
    }
  }

  private async binding(registry: ResourceRegistry, req: ResourceRequest, name: string): Promise<ResourceResponse> {
    if (req.method !== 'POST') throw methodNotSupported({ resource: 'pods/binding', name }, req.method.toLowerCase());
    const binding = checkTypeMeta(req.body, { apiVersion: 'v1', kind: 'Binding' }) as KObject & { target?: { kind?: string; name?: string } };
    const node = binding.target?.name;
    if (!node) throw new StatusError('Invalid', `Binding "${name}" is invalid: target.name: Required value`);
    if (binding.metadata?.name && binding.metadata.name !== name) {
      throw badRequest(`the name of the object (${binding.metadata.name}) does not match the name on the URL (${name})`);
    }
    if (!req.ctx.dryRun) await registry.rawUpdate(req.namespace, name, (pod) => bindPod(pod, node, this.clock.now()));
    return { code: 201, body: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 } };
  }

  private async eviction(registry: ResourceRegistry, req: ResourceRequest, name: string): Promise<ResourceResponse> {
    if (req.method !== 'POST') throw methodNotSupported({ resource: 'pods/eviction', name }, req.method.toLowerCase());
    const podDisruptionBudgets = this.registries.get(findResource('policy', 'v1', 'poddisruptionbudgets')!);
    const body = await evictPod({ pods: registry, podDisruptionBudgets, clock: this.clock }, req.ctx, req.namespace ?? '', name, req.body);
    return { code: 201, body };
  }

  private async finalize(registry: ResourceRegistry, req: ResourceRequest, name: string): Promise<ResourceResponse> {
    if (req.method !== 'PUT') throw methodNotSupported({ resource: 'namespaces/finalize', name }, req.method.toLowerCase());
    const body = checkTypeMeta(req.body, { apiVersion: 'v1', kind: 'Namespace' }) as KObject & { spec?: { finalizers?: string[] } };
    const finalizers = body.spec?.finalizers ?? [];
    const object = await registry.rawUpdate(undefined, name, (ns) => ({ ...ns, spec: { ...((ns.spec as object) ?? {}), finalizers } }));
    return { code: 200, body: object };
  }
}
