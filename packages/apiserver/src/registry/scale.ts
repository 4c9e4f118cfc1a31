/** The autoscaling/v1 Scale subresource of deployments, replicasets and statefulsets. */
import { badRequest, invalid, labelSelectorToString, type FieldValidation } from '@skiff/api';
import type { Scale } from 'kubernetes-types/autoscaling/v1.js';
import type { LabelSelector } from 'kubernetes-types/meta/v1.js';
import type { RequestContext } from './context.js';
import { applyPatch, type PatchType } from './patching.js';
import type { ResourceRegistry } from './registry.js';
import { checkTypeMeta } from './type-meta.js';
import type { KObject, Writable } from './types.js';

const SCALE_TYPE = { apiVersion: 'autoscaling/v1', kind: 'Scale' } as const;

export function toScale(obj: KObject): Writable<Scale> {
  const spec = (obj.spec ?? {}) as { replicas?: number; selector?: LabelSelector };
  const status = (obj.status ?? {}) as { replicas?: number };
  const meta = obj.metadata ?? {};
  return {
    ...SCALE_TYPE,
    metadata: {
      name: meta.name,
      namespace: meta.namespace,
      uid: meta.uid,
      resourceVersion: meta.resourceVersion,
      creationTimestamp: meta.creationTimestamp,
    },
    spec: { replicas: spec.replicas ?? 0 },
    status: { replicas: status.replicas ?? 0, selector: spec.selector ? labelSelectorToString(spec.selector) : '' },
  };
}

export async function getScale(registry: ResourceRegistry, namespace: string | undefined, name: string): Promise<Writable<Scale>> {
  return toScale(await registry.get(namespace, name));
}

/** Writes `scale.spec.replicas` into the parent, honouring the Scale's resourceVersion as a precondition. */
async function writeReplicas(registry: ResourceRegistry, ctx: RequestContext, namespace: string | undefined, name: string, scale: Writable<Scale>, fieldValidation: FieldValidation): Promise<Writable<Scale>> {
  const replicas = scale.spec?.replicas;
  if (replicas === undefined || !Number.isInteger(replicas) || replicas < 0) {
    throw invalid('Scale', 'autoscaling', name, [
      { type: 'FieldValueInvalid', field: 'spec.replicas', message: `Invalid value: ${JSON.stringify(replicas ?? null)}: must be greater than or equal to 0` },
    ]);
  }
  const metadata: Record<string, unknown> = {};
  if (scale.metadata?.resourceVersion) metadata.resourceVersion = scale.metadata.resourceVersion;
  const { object } = await registry.patch(ctx, namespace, name, 'merge', { metadata, spec: { replicas } }, { fieldValidation });
  return toScale(object);
}

export async function updateScale(
  registry: ResourceRegistry,
  ctx: RequestContext,
  namespace: string | undefined,
  name: string,
  body: unknown,
  fieldValidation: FieldValidation,
): Promise<Writable<Scale>> {
  const scale = checkTypeMeta(body, SCALE_TYPE) as Writable<Scale>;
  if (scale.metadata?.name !== undefined && scale.metadata.name !== name) {
    throw badRequest(`the name of the object (${scale.metadata.name}) does not match the name on the URL (${name})`);
  }
  return writeReplicas(registry, ctx, namespace, name, scale, fieldValidation);
}

export async function patchScale(
  registry: ResourceRegistry,
  ctx: RequestContext,
  namespace: string | undefined,
  name: string,
  type: PatchType,
  patch: unknown,
  fieldValidation: FieldValidation,
): Promise<Writable<Scale>> {
  const current = await getScale(registry, namespace, name);
  const gvk = { group: 'autoscaling', version: 'v1', kind: 'Scale' };
  const patched = applyPatch(type, current, patch, gvk, { fieldManager: ctx.fieldManager ?? '', force: false, now: new Date() }) as Writable<Scale>;
  // The patch's own resourceVersion, if any, is the precondition; otherwise last write wins.
  if (patched.metadata?.resourceVersion === current.metadata?.resourceVersion) delete patched.metadata?.resourceVersion;
  return writeReplicas(registry, ctx, namespace, name, patched, fieldValidation);
}
