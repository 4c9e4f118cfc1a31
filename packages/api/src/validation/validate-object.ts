/**
 * Per-kind validation entry points for the registry: create, update and status update, each returning
 * Kubernetes field errors for `invalid(kind, group, name, causes)` (a 422). Objects are expected after
 * defaulting, but fields Kubernetes defaults are only checked when present, so un-defaulted input passes too.
 */
import type { FieldCause } from '../errors/status-error.js';
import type { ResourceInfo } from '../resources/catalog.js';
import { validateCronJobCreate, validateCronJobUpdate, validateJobCreate, validateJobStatusUpdate, validateJobUpdate } from './batch.js';
import { validateConfigMapCreate, validateConfigMapUpdate, validateSecretCreate, validateSecretUpdate } from './config.js';
import { validateEndpointSliceCreate, validateEndpointSliceUpdate, validateEndpointsCreate, validateEndpointsUpdate } from './endpoints.js';
import { validateEventCreate, validateEventUpdate } from './event.js';
import { validateLeaseCreate, validateLeaseUpdate } from './lease.js';
import { validateNamespaceCreate, validateNamespaceStatusUpdate, validateNamespaceUpdate } from './namespace.js';
import { validateNodeCreate, validateNodeUpdate } from './node.js';
import { validateObjectMeta, validateObjectMetaUpdate } from './object-meta.js';
import { validatePodCreate, validatePodStatusUpdate, validatePodUpdate } from './pod.js';
import { validatePodDisruptionBudgetCreate, validatePodDisruptionBudgetStatusUpdate, validatePodDisruptionBudgetUpdate } from './pod-disruption-budget.js';
import { validatePriorityClassCreate, validatePriorityClassUpdate } from './priority-class.js';
import { validateServiceCreate, validateServiceStatusUpdate, validateServiceUpdate } from './service.js';
import { asRecord } from './values.js';
import { validateWorkloadCreate, validateWorkloadStatusUpdate, validateWorkloadUpdate, type WorkloadKind } from './workloads.js';

type Create = (obj: unknown) => FieldCause[];
type Update = (obj: unknown, old: unknown) => FieldCause[];

interface KindRules {
  create: Create;
  update: Update;
  /** Defaults to metadata-update rules only. */
  status?: Update;
}

const workload = (kind: WorkloadKind): KindRules => ({
  create: (o) => validateWorkloadCreate(kind, o),
  update: (o, old) => validateWorkloadUpdate(kind, o, old),
  status: (o, old) => validateWorkloadStatusUpdate(kind, o, old),
});

/** Rules per `group/Kind`. */
const RULES: Record<string, KindRules> = {
  '/Namespace': { create: validateNamespaceCreate, update: validateNamespaceUpdate, status: validateNamespaceStatusUpdate },
  '/Pod': { create: validatePodCreate, update: validatePodUpdate, status: validatePodStatusUpdate },
  '/Node': { create: validateNodeCreate, update: validateNodeUpdate, status: validateNodeUpdate },
  '/Service': { create: validateServiceCreate, update: validateServiceUpdate, status: validateServiceStatusUpdate },
  '/Endpoints': { create: validateEndpointsCreate, update: validateEndpointsUpdate },
  '/ConfigMap': { create: validateConfigMapCreate, update: validateConfigMapUpdate },
  '/Secret': { create: validateSecretCreate, update: validateSecretUpdate },
  '/Event': { create: (o) => validateEventCreate(o, false), update: (o, old) => validateEventUpdate(o, old, false) },
  'apps/Deployment': workload('Deployment'),
  'apps/ReplicaSet': workload('ReplicaSet'),
  'apps/DaemonSet': workload('DaemonSet'),
  'apps/StatefulSet': workload('StatefulSet'),
  'batch/Job': { create: validateJobCreate, update: validateJobUpdate, status: validateJobStatusUpdate },
  'batch/CronJob': { create: validateCronJobCreate, update: validateCronJobUpdate },
  'coordination.k8s.io/Lease': { create: validateLeaseCreate, update: validateLeaseUpdate },
  'discovery.k8s.io/EndpointSlice': { create: validateEndpointSliceCreate, update: validateEndpointSliceUpdate },
  'events.k8s.io/Event': { create: (o) => validateEventCreate(o, true), update: (o, old) => validateEventUpdate(o, old, true) },
  'policy/PodDisruptionBudget': { create: validatePodDisruptionBudgetCreate, update: validatePodDisruptionBudgetUpdate, status: validatePodDisruptionBudgetStatusUpdate },
  'scheduling.k8s.io/PriorityClass': { create: validatePriorityClassCreate, update: validatePriorityClassUpdate },
};

function rulesFor(resource: ResourceInfo): KindRules | undefined {
  return RULES[`${resource.group}/${resource.kind}`];
}

/** Drops repeated causes (an update re-validates the spec, so one problem can be found twice), keeping order. */
function unique(causes: FieldCause[]): FieldCause[] {
  const seen = new Set<string>();
  return causes.filter((c) => {
    const key = `${c.type}\u0000${c.field}\u0000${c.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Field errors of a new object; kinds without rules of their own (ServiceAccount, ...) get metadata checks. */
export function validateCreate(resource: ResourceInfo, obj: unknown): FieldCause[] {
  const rules = rulesFor(resource);
  if (rules) return unique(rules.create(obj));
  return validateObjectMeta(asRecord(obj)['metadata'], { namespaced: resource.namespaced });
}

/** Field errors of an update: immutable metadata, per-kind immutable fields, and the new object's validity. */
export function validateUpdate(resource: ResourceInfo, obj: unknown, old: unknown): FieldCause[] {
  const rules = rulesFor(resource);
  if (rules) return unique(rules.update(obj, old));
  return validateObjectMetaUpdate(asRecord(obj)['metadata'], asRecord(old)['metadata']);
}

/** Field errors of a write to the status subresource. */
export function validateStatusUpdate(resource: ResourceInfo, obj: unknown, old: unknown): FieldCause[] {
  const status = rulesFor(resource)?.status;
  if (status) return unique(status(obj, old));
  return validateObjectMetaUpdate(asRecord(obj)['metadata'], asRecord(old)['metadata']);
}
