/** What exists after start: the system namespaces, the system PriorityClasses and the `kubernetes` Service with its endpoints. */
import { DEFAULT_PREEMPTION_POLICY, findResource, StatusError, SYSTEM_PRIORITY_CLASSES, type ResourceInfo } from '@skiff/api';
import { newContext, type UserInfo } from './registry/context.js';
import type { ResourceRegistry } from './registry/registry.js';
import type { KObject } from './registry/types.js';

export const SYSTEM_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

/** The identity the API server uses for its own writes. */
export const APISERVER_USER: UserInfo = { name: 'system:apiserver', groups: ['system:masters'] };

export interface BootstrapOptions {
  registry: (info: ResourceInfo) => ResourceRegistry;
  /** The address the `kubernetes` Service's endpoints point at. */
  advertiseAddress: string;
  securePort: number;
  /** The first address of the service range. */
  kubernetesServiceIp: string;
}

function core(resource: string): ResourceInfo {
  return findResource('', 'v1', resource)!;
}

/** Creates `obj` unless it exists (a restart on kept data finds everything in place). */
async function ensure(registry: ResourceRegistry, namespace: string | undefined, obj: KObject): Promise<void> {
  try {
    await registry.get(namespace, obj.metadata?.name ?? '');
    return;
  } catch (err) {
    if (!(err instanceof StatusError && err.reason === 'NotFound')) throw err;
  }
  try {
    await registry.create(newContext(APISERVER_USER, { fieldManager: 'kube-apiserver' }), namespace, obj, { fieldValidation: 'Strict' });
  } catch (err) {
    if (!(err instanceof StatusError && err.reason === 'AlreadyExists')) throw err;
  }
}

export async function bootstrap(opts: BootstrapOptions): Promise<void> {
  const namespaces = opts.registry(core('namespaces'));
  for (const name of SYSTEM_NAMESPACES) await ensure(namespaces, undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  // As kube-apiserver's post-start hook: the built-in classes are made again whenever they are missing.
  const priorityClasses = opts.registry(findResource('scheduling.k8s.io', 'v1', 'priorityclasses')!);
  for (const pc of SYSTEM_PRIORITY_CLASSES) {
    await ensure(priorityClasses, undefined, {
      apiVersion: 'scheduling.k8s.io/v1',
      kind: 'PriorityClass',
      metadata: { name: pc.name },
      value: pc.value,
      description: pc.description,
      preemptionPolicy: DEFAULT_PREEMPTION_POLICY,
    });
  }
  await ensure(opts.registry(core('services')), 'default', {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'kubernetes', namespace: 'default', labels: { component: 'apiserver', provider: 'kubernetes' } },
    spec: {
      type: 'ClusterIP',
      clusterIP: opts.kubernetesServiceIp,
      ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: opts.securePort }],
      sessionAffinity: 'None',
    },
  });
  // Endpoints may not point at loopback: a server bound there is not reachable from pods, so the
  // Service has no endpoints until the server advertises a routable address.
  if (opts.advertiseAddress.startsWith('127.')) return;
  await ensure(opts.registry(core('endpoints')), 'default', {
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: { name: 'kubernetes', namespace: 'default', labels: { 'endpointslice.kubernetes.io/skip-mirror': 'true' } },
    subsets: [{ addresses: [{ ip: opts.advertiseAddress }], ports: [{ name: 'https', port: opts.securePort, protocol: 'TCP' }] }],
  });
  await ensure(opts.registry(findResource('discovery.k8s.io', 'v1', 'endpointslices')!), 'default', {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { name: 'kubernetes', namespace: 'default', labels: { 'kubernetes.io/service-name': 'kubernetes', 'endpointslice.kubernetes.io/managed-by': 'endpointslicemirroring-controller.k8s.io' } },
    addressType: 'IPv4',
    endpoints: [{ addresses: [opts.advertiseAddress], conditions: { ready: true } }],
    ports: [{ name: 'https', port: opts.securePort, protocol: 'TCP' }],
  });
}
