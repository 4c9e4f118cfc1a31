/** applyDefaults: the defaulting step of the request pipeline, dispatched by resource. */
import type { ResourceInfo } from '../resources/catalog.js';
import { defaultCronJob, defaultJob } from './batch.js';
import { defaultEndpointSlice, defaultEndpoints, defaultNamespace, defaultNode, defaultSecret } from './core-objects.js';
import { isObj, type Obj } from './fields.js';
import { defaultPod } from './pod.js';
import { DEFAULT_SERVICE_IP_FAMILIES, defaultService, defaultServiceIPFamilies, type IPFamily } from './service.js';
import { defaultDaemonSet, defaultDeployment, defaultReplicaSet, defaultStatefulSet } from './workloads.js';

export interface DefaultsOptions {
  /** The cluster's service IP families, primary first (default: single-stack IPv4). */
  serviceIPFamilies?: readonly IPFamily[];
}

type Defaulter = (obj: Obj, options: DefaultsOptions) => void;

const DEFAULTERS: ReadonlyMap<string, Defaulter> = new Map<string, Defaulter>([
  ['/Pod', (o) => defaultPod(o)],
  ['/Service', (o, opts) => {
    defaultService(o);
    defaultServiceIPFamilies(o, opts.serviceIPFamilies ?? DEFAULT_SERVICE_IP_FAMILIES);
  }],
  ['/Namespace', (o) => defaultNamespace(o)],
  ['/Secret', (o) => defaultSecret(o)],
  ['/Endpoints', (o) => defaultEndpoints(o)],
  ['/Node', (o) => defaultNode(o)],
  ['apps/Deployment', (o) => defaultDeployment(o)],
  ['apps/ReplicaSet', (o) => defaultReplicaSet(o)],
  ['apps/DaemonSet', (o) => defaultDaemonSet(o)],
  ['apps/StatefulSet', (o) => defaultStatefulSet(o)],
  ['batch/Job', (o) => defaultJob(o)],
  ['batch/CronJob', (o) => defaultCronJob(o)],
  ['discovery.k8s.io/EndpointSlice', (o) => defaultEndpointSlice(o)],
]);

/**
 * Fills in the fields kube-apiserver defaults for `resource`'s kind, in place. Never replaces a
 * value the object already has (except where Kubernetes itself does, e.g. a Service's
 * sessionAffinityConfig is dropped when sessionAffinity is None) and is idempotent. Objects of
 * kinds without defaults, and non-objects, are left untouched.
 */
export function applyDefaults(resource: ResourceInfo, obj: unknown, options: DefaultsOptions = {}): void {
  if (!isObj(obj)) return;
  DEFAULTERS.get(`${resource.group}/${resource.kind}`)?.(obj, options);
}
