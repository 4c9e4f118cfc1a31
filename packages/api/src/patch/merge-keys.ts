/** Patch metadata of the built-in kinds: which lists merge and by what key, which values are atomic (from the Go struct tags). */

/** A field's `patchStrategy` tag. `retainKeys` only matters to clients building patches; the server honours `$retainKeys`. */
export type PatchStrategy = 'merge' | 'retainKeys' | 'merge,retainKeys' | 'replace';

/** What the strategic merge patch and server-side apply need to know about one field. */
export interface FieldMeta {
  /** Name (in TYPES) of the field's value type; for a list, of its items. Absent: untyped (maps merge, lists replace). */
  readonly type?: string;
  /** Strategic merge patch: how the field merges (`patchStrategy`). Absent: lists replace, maps merge. */
  readonly strategy?: PatchStrategy;
  /** Strategic merge patch: the key that identifies items of a merged list of objects (`patchMergeKey`). */
  readonly mergeKey?: string;
  /** Server-side apply: `map` (items keyed by `listKeys`) or `set` (scalars by value). Absent on a list: atomic. */
  readonly listType?: 'map' | 'set';
  /** Server-side apply: the `listMapKey`s of a `map` list. */
  readonly listKeys?: readonly string[];
  /** Server-side apply: values taken for key fields an item leaves out (the OpenAPI defaults of those fields). */
  readonly keyDefaults?: Readonly<Record<string, string | number>>;
  /** Server-side apply: the object value is owned as a whole (`+structType=atomic`, `+mapType=atomic`). */
  readonly atomic?: boolean;
}

type Fields = Readonly<Record<string, FieldMeta>>;

const ref = (type: string): FieldMeta => ({ type });
/** A list of objects merged by `key` in both patch styles. */
const keyed = (key: string, type?: string, listKeys: readonly string[] = [key], keyDefaults?: Record<string, string>): FieldMeta => ({
  strategy: 'merge',
  mergeKey: key,
  listType: 'map',
  listKeys,
  ...(type ? { type } : {}),
  ...(keyDefaults ? { keyDefaults } : {}),
});
const byName = (type?: string): FieldMeta => keyed('name', type);
const conditions = keyed('type');
/** A list of scalars merged as a set. */
const mergedSet: FieldMeta = { strategy: 'merge', listType: 'set' };
const ATOMIC: FieldMeta = { atomic: true };
/** Service and container ports: keyed by number and protocol for apply (protocol defaults to TCP), by number for SMP. */
const ports = (key: string): FieldMeta => keyed(key, undefined, [key, 'protocol'], { protocol: 'TCP' });

const metadata = ref('ObjectMeta');
const selector = ATOMIC; // metav1.LabelSelector is +structType=atomic
const template = ref('PodTemplateSpec');

/**
 * Per type, the fields that lead somewhere interesting. A field not listed is untyped: its maps merge
 * key by key and its lists are replaced whole (atomic). Tags checked against kubernetes/api core/v1,
 * apps/v1, batch/v1 and apimachinery meta/v1 types.go.
 */
const TYPES: Readonly<Record<string, Fields>> = {
  MetaOnly: { metadata },
  ObjectMeta: { ownerReferences: keyed('uid', 'OwnerReference'), finalizers: mergedSet },

  // core/v1 Pod and its template
  Pod: { metadata, spec: ref('PodSpec'), status: ref('PodStatus') },
  PodTemplateSpec: { metadata, spec: ref('PodSpec') },
  PodSpec: {
    volumes: { ...byName('Volume'), strategy: 'merge,retainKeys' },
    initContainers: byName('Container'),
    containers: byName('Container'),
    ephemeralContainers: byName('Container'),
    imagePullSecrets: byName('LocalObjectReference'),
    hostAliases: keyed('ip'),
    topologySpreadConstraints: keyed('topologyKey', 'TopologySpreadConstraint', ['topologyKey', 'whenUnsatisfiable']),
    schedulingGates: byName(),
    resourceClaims: { ...byName(), strategy: 'merge,retainKeys' },
    nodeSelector: ATOMIC,
    affinity: ref('Affinity'),
    resources: ref('ResourceRequirements'),
    // tolerations, readinessGates and the lists under securityContext and dnsConfig are atomic.
  },
  Container: {
    ports: ports('containerPort'),
    env: byName('EnvVar'),
    volumeMounts: keyed('mountPath'),
    volumeDevices: keyed('devicePath'),
    resources: ref('ResourceRequirements'),
    // command, args, envFrom and resizePolicy are atomic (no patchStrategy).
  },
  EnvVar: { valueFrom: ref('EnvVarSource') },
  EnvVarSource: { fieldRef: ATOMIC, resourceFieldRef: ATOMIC, configMapKeyRef: ATOMIC, secretKeyRef: ATOMIC, fileKeyRef: ATOMIC },
  ResourceRequirements: { claims: { listType: 'map', listKeys: ['name'] } },
  Affinity: { nodeAffinity: ref('NodeAffinity') },
  NodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: ATOMIC },
  TopologySpreadConstraint: { labelSelector: selector },
  Volume: {
    iscsi: ref('SecretRefSource'),
    rbd: ref('SecretRefSource'),
    flexVolume: ref('SecretRefSource'),
    cinder: ref('SecretRefSource'),
    cephfs: ref('SecretRefSource'),
    scaleIO: ref('SecretRefSource'),
    storageos: ref('SecretRefSource'),
    csi: { type: 'CSIVolumeSource' },
    ephemeral: ref('EphemeralVolumeSource'),
  },
  SecretRefSource: { secretRef: ATOMIC },
  CSIVolumeSource: { nodePublishSecretRef: ATOMIC },
  EphemeralVolumeSource: { volumeClaimTemplate: ref('PersistentVolumeClaimTemplate') },
  PersistentVolumeClaimTemplate: { metadata, spec: ref('PersistentVolumeClaimSpec') },
  PersistentVolumeClaimSpec: { selector, dataSource: ATOMIC },
  PodStatus: {
    conditions,
    podIPs: keyed('ip'),
    hostIPs: { strategy: 'merge', mergeKey: 'ip' }, // atomic for apply
    resourceClaimStatuses: { ...byName(), strategy: 'merge,retainKeys' },
  },

  // core/v1 others
  Service: { metadata, spec: ref('ServiceSpec'), status: ref('ServiceStatus') },
  ServiceSpec: { ports: ports('port'), selector: ATOMIC },
  ServiceStatus: { conditions },
  Node: { metadata, spec: ref('NodeSpec'), status: ref('NodeStatus') },
  NodeSpec: { podCIDRs: mergedSet }, // taints are atomic
  NodeStatus: { conditions, addresses: keyed('type') },
  Namespace: { metadata, status: ref('NamespaceStatus') },
  NamespaceStatus: { conditions },
  ServiceAccount: { metadata, secrets: byName('ObjectReference') }, // imagePullSecrets: atomic, no strategy
  Event: { metadata, involvedObject: ATOMIC, related: ATOMIC },
  EventsV1Event: { metadata, regarding: ATOMIC, related: ATOMIC },
  // Endpoints.subsets, EndpointSlice.endpoints and .ports are atomic: those kinds use MetaOnly.

  // apps/v1
  Deployment: { metadata, spec: ref('DeploymentSpec'), status: ref('WorkloadStatus') },
  DeploymentSpec: { selector, template, strategy: { strategy: 'retainKeys' } },
  WorkloadSpec: { selector, template }, // ReplicaSet, DaemonSet, StatefulSet (volumeClaimTemplates is atomic)
  WorkloadStatus: { conditions },
  ReplicaSet: { metadata, spec: ref('WorkloadSpec'), status: ref('WorkloadStatus') },
  DaemonSet: { metadata, spec: ref('WorkloadSpec'), status: ref('WorkloadStatus') },
  StatefulSet: { metadata, spec: ref('WorkloadSpec'), status: ref('WorkloadStatus') },

  // batch/v1
  Job: { metadata, spec: ref('JobSpec'), status: ref('JobStatus') },
  JobSpec: { selector, template },
  JobStatus: {
    conditions: { strategy: 'merge', mergeKey: 'type' }, // atomic for apply
    uncountedTerminatedPods: ref('UncountedTerminatedPods'),
  },
  UncountedTerminatedPods: { succeeded: { listType: 'set' }, failed: { listType: 'set' } },
  CronJob: { metadata, spec: ref('CronJobSpec') },
  CronJobSpec: { jobTemplate: ref('JobTemplateSpec') },
  JobTemplateSpec: { metadata, spec: ref('JobSpec') },
};

/** Types whose values are owned as a whole by server-side apply (`+structType=atomic`). */
const ATOMIC_TYPES: ReadonlySet<string> = new Set(['OwnerReference', 'LocalObjectReference', 'ObjectReference']);

/** Top-level type of each served kind, by `group/version/kind` (core group empty). */
const KINDS: Readonly<Record<string, string>> = {
  '/v1/Pod': 'Pod',
  '/v1/Service': 'Service',
  '/v1/Node': 'Node',
  '/v1/Namespace': 'Namespace',
  '/v1/ServiceAccount': 'ServiceAccount',
  '/v1/Event': 'Event',
  '/v1/Endpoints': 'MetaOnly',
  '/v1/ConfigMap': 'MetaOnly',
  '/v1/Secret': 'MetaOnly',
  'apps/v1/Deployment': 'Deployment',
  'apps/v1/ReplicaSet': 'ReplicaSet',
  'apps/v1/DaemonSet': 'DaemonSet',
  'apps/v1/StatefulSet': 'StatefulSet',
  'batch/v1/Job': 'Job',
  'batch/v1/CronJob': 'CronJob',
  'coordination.k8s.io/v1/Lease': 'MetaOnly',
  'discovery.k8s.io/v1/EndpointSlice': 'MetaOnly',
  'events.k8s.io/v1/Event': 'EventsV1Event',
  'autoscaling/v1/Scale': 'MetaOnly',
};

/** Group, version and kind of an object. */
export interface GroupVersionKind {
  group: string;
  version: string;
  kind: string;
}

/** The type of a kind's top-level object, or undefined for a kind without patch metadata (untyped). */
export function rootTypeOf(gvk: GroupVersionKind): string | undefined {
  return KINDS[`${gvk.group}/${gvk.version}/${gvk.kind}`];
}

/** Metadata of `field` inside a value of `type`; undefined when the type is unknown or the field is not tabled. */
export function fieldMeta(type: string | undefined, field: string): FieldMeta | undefined {
  if (type === undefined) return undefined;
  const fields = TYPES[type];
  return fields && Object.prototype.hasOwnProperty.call(fields, field) ? fields[field] : undefined;
}

/** True when values of `type` are owned as a whole by server-side apply. */
export function isAtomicType(type: string | undefined): boolean {
  return type !== undefined && ATOMIC_TYPES.has(type);
}

/** True when `type` names a tabled struct (its object exists even when empty in Go, so it is never "added"). */
export function isKnownType(type: string | undefined): boolean {
  return type !== undefined && Object.prototype.hasOwnProperty.call(TYPES, type);
}
