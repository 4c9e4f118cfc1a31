/** The strategy every resource starts from: derived from the catalog entry. */
import type { ResourceInfo } from '@skiff/api';
import type { KObject, Strategy } from '../types.js';

/** Groups whose kinds track `metadata.generation` against `status.observedGeneration` (workloads, PodDisruptionBudgets). */
const GENERATION_GROUPS = new Set(['apps', 'batch', 'policy']);
/** Resources whose objects a PUT may create (controllers write them with update-or-create). */
const CREATE_ON_UPDATE = new Set(['endpoints', 'leases', 'events', 'endpointslices']);

export function defaultStrategy(info: ResourceInfo): Strategy {
  const statusSubresource = info.subresources.some((s) => s.name === 'status');
  return {
    statusSubresource,
    tracksGeneration: GENERATION_GROUPS.has(info.group),
    allowCreateOnUpdate: CREATE_ON_UPDATE.has(info.resource),
    allowUnconditionalUpdate: true,
    prepareForCreate: statusSubresource ? resetStatus : undefined,
  };
}

/** Status is the controllers' to write: a create starts with an empty one. */
export function resetStatus(obj: KObject): void {
  obj.status = {};
}
