/** Minimal, realistic valid objects of every catalog kind, for the validation tests. */
import type { ResourceInfo } from '../resources/catalog.js';
import { findResource } from '../resources/catalog.js';

export type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const labels = { app: 'web' };
const podSpec = (): Obj => ({ containers: [{ name: 'web', image: 'busybox:1.36', ports: [{ containerPort: 8080, protocol: 'TCP' }] }] });
const template = (restartPolicy?: string): Obj => ({
  metadata: { labels: { ...labels } },
  spec: restartPolicy ? { ...podSpec(), restartPolicy } : podSpec(),
});
const meta = (name: string, namespace?: string): Obj => (namespace ? { name, namespace } : { name });

/** A fresh valid object per `group/Kind`. */
export const FIXTURES: Record<string, () => Obj> = {
  '/Namespace': () => ({ apiVersion: 'v1', kind: 'Namespace', metadata: meta('team-a'), spec: { finalizers: ['kubernetes'] } }),
  '/Pod': () => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { ...meta('web-1', 'default'), labels: { ...labels } },
    spec: {
      ...podSpec(),
      restartPolicy: 'Always',
      dnsPolicy: 'ClusterFirst',
      volumes: [{ name: 'data', emptyDir: {} }],
      containers: [
        {
          name: 'web',
          image: 'busybox:1.36',
          command: ['httpd', '-f'],
          ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }],
          env: [{ name: 'MODE', value: 'prod' }],
          volumeMounts: [{ name: 'data', mountPath: '/data' }],
          resources: { requests: { cpu: '100m', memory: '64Mi' }, limits: { cpu: '500m', memory: '128Mi' } },
        },
      ],
    },
  }),
  '/Node': () => ({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'node-1', labels: { 'kubernetes.io/hostname': 'node-1' } }, spec: { podCIDR: '10.244.1.0/24' }, status: { capacity: { cpu: '4', memory: '8Gi', pods: '110' } } }),
  '/Service': () => ({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: meta('web', 'default'),
    spec: { selector: { ...labels }, ports: [{ name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' }], type: 'ClusterIP', clusterIP: '10.96.0.20' },
  }),
  '/Endpoints': () => ({
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: meta('web', 'default'),
    subsets: [{ addresses: [{ ip: '10.244.1.5', nodeName: 'node-1' }], ports: [{ name: 'http', port: 8080, protocol: 'TCP' }] }],
  }),
  '/ConfigMap': () => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: meta('web-config', 'default'), data: { 'app.properties': 'mode=prod\n' } }),
  '/Secret': () => ({ apiVersion: 'v1', kind: 'Secret', metadata: meta('web-secret', 'default'), type: 'Opaque', data: { password: 'czNjcjN0' } }),
  '/ServiceAccount': () => ({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta('default', 'default') }),
  '/Event': () => ({
    apiVersion: 'v1',
    kind: 'Event',
    metadata: meta('web-1.17a8c3f7b3e1a2c0', 'default'),
    involvedObject: { kind: 'Pod', name: 'web-1', namespace: 'default', uid: 'u-1' },
    reason: 'Scheduled',
    message: 'Successfully assigned default/web-1 to node-1',
    source: { component: 'default-scheduler' },
    type: 'Normal',
  }),
  'apps/Deployment': () => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: meta('web', 'default'),
    spec: { replicas: 3, selector: { matchLabels: { ...labels } }, template: template(), strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } } },
  }),
  'apps/ReplicaSet': () => ({ apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: meta('web-5d4f8', 'default'), spec: { replicas: 2, selector: { matchLabels: { ...labels } }, template: template('Always') } }),
  'apps/DaemonSet': () => ({ apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: meta('agent', 'kube-system'), spec: { selector: { matchLabels: { ...labels } }, template: template(), updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1 } } } }),
  'apps/StatefulSet': () => ({ apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: meta('db', 'default'), spec: { serviceName: 'db', replicas: 1, selector: { matchLabels: { ...labels } }, template: template(), podManagementPolicy: 'OrderedReady', updateStrategy: { type: 'RollingUpdate' } } }),
  'batch/Job': () => ({ apiVersion: 'batch/v1', kind: 'Job', metadata: meta('pi', 'default'), spec: { completions: 1, parallelism: 1, backoffLimit: 4, template: template('Never') } }),
  'batch/CronJob': () => ({
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: meta('nightly', 'default'),
    spec: { schedule: '*/5 * * * *', concurrencyPolicy: 'Forbid', jobTemplate: { spec: { template: template('OnFailure') } } },
  }),
  'coordination.k8s.io/Lease': () => ({ apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: meta('node-1', 'kube-node-lease'), spec: { holderIdentity: 'node-1', leaseDurationSeconds: 40, renewTime: '2024-01-01T00:00:00.000000Z' } }),
  'discovery.k8s.io/EndpointSlice': () => ({
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { ...meta('web-abc12', 'default'), labels: { 'kubernetes.io/service-name': 'web' } },
    addressType: 'IPv4',
    endpoints: [{ addresses: ['10.244.1.5'], conditions: { ready: true }, nodeName: 'node-1' }],
    ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
  }),
  'events.k8s.io/Event': () => ({
    apiVersion: 'events.k8s.io/v1',
    kind: 'Event',
    metadata: meta('web-1.17a8c3f7b3e1a2c1', 'default'),
    eventTime: '2024-01-01T00:00:00.000000Z',
    regarding: { kind: 'Pod', name: 'web-1', namespace: 'default' },
    reason: 'Started',
    action: 'Started',
    note: 'Started container web',
    reportingController: 'skiff.io/kubelet',
    reportingInstance: 'kubelet-node-1',
    type: 'Normal',
  }),
  'policy/PodDisruptionBudget': () => ({ apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: meta('web', 'default'), spec: { minAvailable: 2, selector: { matchLabels: { app: 'web' } } } }),
  'scheduling.k8s.io/PriorityClass': () => ({ apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'high' }, value: 1000, preemptionPolicy: 'PreemptLowerPriority', description: 'High' }),
};

/** The catalog entry for `group/Kind`. */
export function resourceFor(key: string): ResourceInfo {
  const [group, kind] = key.split('/') as [string, string];
  const plural: Record<string, string> = {
    Namespace: 'namespaces', Pod: 'pods', Node: 'nodes', Service: 'services', Endpoints: 'endpoints', ConfigMap: 'configmaps',
    Secret: 'secrets', ServiceAccount: 'serviceaccounts', Event: 'events', Deployment: 'deployments', ReplicaSet: 'replicasets',
    DaemonSet: 'daemonsets', StatefulSet: 'statefulsets', Job: 'jobs', CronJob: 'cronjobs', Lease: 'leases', EndpointSlice: 'endpointslices',
    PriorityClass: 'priorityclasses', PodDisruptionBudget: 'poddisruptionbudgets',
  };
  const r = findResource(group, 'v1', plural[kind] ?? '');
  if (!r) throw new Error(`no resource for ${key}`);
  return r;
}
