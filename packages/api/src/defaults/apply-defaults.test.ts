/** Tests for applyDefaults across the catalog's kinds. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findResource, type ResourceInfo } from '../resources/catalog.js';
import { applyDefaults } from './apply-defaults.js';

 
type Any = any;

function res(group: string, resource: string): ResourceInfo {
  const info = findResource(group, 'v1', resource);
  assert.ok(info, `${group}/${resource} is in the catalog`);
  return info;
}

function defaulted(group: string, resource: string, obj: Any): Any {
  applyDefaults(res(group, resource), obj);
  return obj;
}

const TEMPLATE_SPEC_DEFAULTS = {
  dnsPolicy: 'ClusterFirst',
  restartPolicy: 'Always',
  securityContext: {},
  terminationGracePeriodSeconds: 30,
  schedulerName: 'default-scheduler',
};

const template = (): Any => ({ metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.27', ports: [{ containerPort: 80 }] }] } });

function assertTemplateDefaulted(tpl: Any): void {
  assert.deepEqual(tpl.spec, {
    ...TEMPLATE_SPEC_DEFAULTS,
    containers: [{
      name: 'web', image: 'nginx:1.27', imagePullPolicy: 'IfNotPresent', ports: [{ containerPort: 80, protocol: 'TCP' }],
      terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File',
    }],
  });
}

test('pod: spec, containers, init containers, probes, env and volumes', () => {
  const pod = defaulted('', 'pods', {
    metadata: { name: 'p' },
    spec: {
      initContainers: [{ name: 'init', image: 'busybox' }],
      containers: [{
        name: 'c', image: 'nginx:latest',
        ports: [{ containerPort: 80 }, { containerPort: 53, protocol: 'UDP' }],
        env: [{ name: 'NODE', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } }],
        livenessProbe: { httpGet: { port: 80 } },
        readinessProbe: { tcpSocket: { port: 80 }, periodSeconds: 5 },
        startupProbe: { grpc: { port: 9000 } },
        lifecycle: { preStop: { httpGet: { port: 80, path: '/quit' } } },
        resources: { limits: { cpu: '1', memory: '64Mi' }, requests: { cpu: '100m' } },
      }],
      volumes: [
        { name: 'scratch' },
        { name: 'cfg', configMap: { name: 'cfg' } },
        { name: 'sec', secret: { secretName: 's', defaultMode: 0o400 } },
        { name: 'host', hostPath: { path: '/tmp' } },
        { name: 'proj', projected: { sources: [{ serviceAccountToken: { path: 'token' } }, { downwardAPI: { items: [{ path: 'n', fieldRef: { fieldPath: 'metadata.name' } }] } }] } },
      ],
    },
  });
  const spec = pod.spec;
  assert.equal(spec.restartPolicy, 'Always');
  assert.equal(spec.dnsPolicy, 'ClusterFirst');
  assert.equal(spec.terminationGracePeriodSeconds, 30);
  assert.equal(spec.schedulerName, 'default-scheduler');
  assert.deepEqual(spec.securityContext, {});
  assert.equal(spec.enableServiceLinks, true);
  assert.equal(pod.status, undefined, 'status is the registry\'s business');
  assert.equal(spec.priority, undefined, 'priority is set by admission');
  assert.equal(spec.serviceAccountName, undefined, 'service account is set by admission');

  const [init] = spec.initContainers;
  assert.equal(init.imagePullPolicy, 'Always');
  assert.equal(init.terminationMessagePath, '/dev/termination-log');
  assert.equal(init.terminationMessagePolicy, 'File');

  const [c] = spec.containers;
  assert.equal(c.imagePullPolicy, 'Always');
  assert.deepEqual(c.ports, [{ containerPort: 80, protocol: 'TCP' }, { containerPort: 53, protocol: 'UDP' }]);
  assert.equal(c.env[0].valueFrom.fieldRef.apiVersion, 'v1');
  assert.deepEqual(c.livenessProbe, { httpGet: { port: 80, path: '/', scheme: 'HTTP' }, timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3 });
  assert.equal(c.readinessProbe.periodSeconds, 5);
  assert.equal(c.readinessProbe.timeoutSeconds, 1);
  assert.deepEqual(c.startupProbe.grpc, { port: 9000, service: '' });
  assert.deepEqual(c.lifecycle.preStop.httpGet, { port: 80, path: '/quit', scheme: 'HTTP' });
  assert.deepEqual(c.resources.requests, { cpu: '100m', memory: '64Mi' }, 'requests default to limits where missing');

  const vol = Object.fromEntries(spec.volumes.map((v: Any) => [v.name, v]));
  assert.deepEqual(vol.scratch, { name: 'scratch', emptyDir: {} });
  assert.equal(vol.cfg.configMap.defaultMode, 420);
  assert.equal(vol.sec.secret.defaultMode, 0o400, 'a given mode is kept');
  assert.equal(vol.host.hostPath.type, '');
  assert.equal(vol.proj.projected.defaultMode, 420);
  assert.equal(vol.proj.projected.sources[0].serviceAccountToken.expirationSeconds, 3600);
  assert.equal(vol.proj.projected.sources[1].downwardAPI.items[0].fieldRef.apiVersion, 'v1');
});

test('pod: user values are kept, including zero-valued pointers', () => {
  const pod = defaulted('', 'pods', {
    spec: {
      restartPolicy: 'Never', dnsPolicy: 'Default', terminationGracePeriodSeconds: 0, schedulerName: 'mine',
      securityContext: { runAsUser: 1000 }, enableServiceLinks: false,
      containers: [{ name: 'c', image: 'nginx', imagePullPolicy: 'Never', terminationMessagePolicy: 'FallbackToLogsOnError' }],
    },
  });
  assert.equal(pod.spec.restartPolicy, 'Never');
  assert.equal(pod.spec.dnsPolicy, 'Default');
  assert.equal(pod.spec.terminationGracePeriodSeconds, 0);
  assert.equal(pod.spec.schedulerName, 'mine');
  assert.deepEqual(pod.spec.securityContext, { runAsUser: 1000 });
  assert.equal(pod.spec.enableServiceLinks, false);
  assert.equal(pod.spec.containers[0].imagePullPolicy, 'Never');
  assert.equal(pod.spec.containers[0].terminationMessagePolicy, 'FallbackToLogsOnError');
});

test('pod: hostNetwork makes container ports host ports', () => {
  const pod = defaulted('', 'pods', { spec: { hostNetwork: true, containers: [{ name: 'c', image: 'x:1', ports: [{ containerPort: 8080 }, { containerPort: 9090, hostPort: 9091 }] }] } });
  assert.deepEqual(pod.spec.containers[0].ports.map((p: Any) => p.hostPort), [8080, 9091]);
});

test('defaulting is idempotent for every kind', () => {
  const cases: [string, string, Any][] = [
    ['', 'pods', { spec: { containers: [{ name: 'c', image: 'nginx', livenessProbe: { exec: { command: ['true'] } } }], volumes: [{ name: 'v' }] } }],
    ['', 'services', { metadata: { name: 's' }, spec: { selector: { app: 'a' }, ports: [{ port: 80 }] } }],
    ['', 'namespaces', { metadata: { name: 'ns' } }],
    ['apps', 'deployments', { spec: { template: template() } }],
    ['apps', 'statefulsets', { spec: { template: template(), volumeClaimTemplates: [{ metadata: { name: 'd' }, spec: {} }] } }],
    ['batch', 'jobs', { spec: { template: template() } }],
    ['batch', 'cronjobs', { spec: { schedule: '* * * * *', jobTemplate: { spec: { template: template() } } } }],
  ];
  for (const [group, resource, obj] of cases) {
    defaulted(group, resource, obj);
    const once = structuredClone(obj);
    defaulted(group, resource, obj);
    assert.deepEqual(obj, once, `${group}/${resource}`);
  }
});

test('deployment: replicas, strategy, limits and the pod template (without Pod-only defaults)', () => {
  const d = defaulted('apps', 'deployments', { spec: { selector: { matchLabels: { app: 'web' } }, template: template() } });
  assert.equal(d.spec.replicas, 1);
  assert.deepEqual(d.spec.strategy, { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } });
  assert.equal(d.spec.revisionHistoryLimit, 10);
  assert.equal(d.spec.progressDeadlineSeconds, 600);
  assertTemplateDefaulted(d.spec.template);
  assert.equal(d.spec.template.spec.enableServiceLinks, undefined);

  const r = defaulted('apps', 'deployments', { spec: { replicas: 0, strategy: { type: 'Recreate' }, revisionHistoryLimit: 2, template: template() } });
  assert.equal(r.spec.replicas, 0);
  assert.deepEqual(r.spec.strategy, { type: 'Recreate' });
  assert.equal(r.spec.revisionHistoryLimit, 2);

  const partial = defaulted('apps', 'deployments', { spec: { strategy: { rollingUpdate: { maxSurge: 2 } }, template: template() } });
  assert.deepEqual(partial.spec.strategy, { type: 'RollingUpdate', rollingUpdate: { maxSurge: 2, maxUnavailable: '25%' } });
});

test('replicaset, daemonset and statefulset', () => {
  const rs = defaulted('apps', 'replicasets', { spec: { template: template() } });
  assert.equal(rs.spec.replicas, 1);
  assertTemplateDefaulted(rs.spec.template);

  const ds = defaulted('apps', 'daemonsets', { spec: { template: template() } });
  assert.deepEqual(ds.spec.updateStrategy, { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } });
  assert.equal(ds.spec.revisionHistoryLimit, 10);
  assertTemplateDefaulted(ds.spec.template);
  const dsOnDelete = defaulted('apps', 'daemonsets', { spec: { updateStrategy: { type: 'OnDelete' }, template: template() } });
  assert.deepEqual(dsOnDelete.spec.updateStrategy, { type: 'OnDelete' });

  const sts = defaulted('apps', 'statefulsets', { spec: { serviceName: 'db', template: template(), volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'] } }] } });
  assert.equal(sts.spec.replicas, 1);
  assert.equal(sts.spec.podManagementPolicy, 'OrderedReady');
  assert.deepEqual(sts.spec.updateStrategy, { type: 'RollingUpdate', rollingUpdate: { partition: 0 } });
  assert.equal(sts.spec.revisionHistoryLimit, 10);
  assert.deepEqual(sts.spec.persistentVolumeClaimRetentionPolicy, { whenDeleted: 'Retain', whenScaled: 'Retain' });
  assert.equal(sts.spec.volumeClaimTemplates[0].spec.volumeMode, 'Filesystem');
  assert.deepEqual(sts.spec.volumeClaimTemplates[0].status, { phase: 'Pending' });
  assertTemplateDefaulted(sts.spec.template);

  const explicit = defaulted('apps', 'statefulsets', { spec: { updateStrategy: { type: 'RollingUpdate' }, persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Delete' }, template: template() } });
  assert.deepEqual(explicit.spec.updateStrategy, { type: 'RollingUpdate' }, 'an explicit type gets no rollingUpdate block');
  assert.deepEqual(explicit.spec.persistentVolumeClaimRetentionPolicy, { whenDeleted: 'Delete', whenScaled: 'Retain' });
});

test('job: counts, modes, policies, labels from the template', () => {
  const job = defaulted('batch', 'jobs', { metadata: { name: 'j' }, spec: { template: { ...template(), spec: { ...template().spec, restartPolicy: 'Never' } } } });
  assert.equal(job.spec.completions, 1);
  assert.equal(job.spec.parallelism, 1);
  assert.equal(job.spec.backoffLimit, 6);
  assert.equal(job.spec.completionMode, 'NonIndexed');
  assert.equal(job.spec.suspend, false);
  assert.equal(job.spec.podReplacementPolicy, 'TerminatingOrFailed');
  assert.equal(job.spec.manualSelector, false);
  assert.deepEqual(job.metadata.labels, { app: 'web' });
  assert.equal(job.spec.template.spec.restartPolicy, 'Never');
  assert.equal(job.spec.template.spec.dnsPolicy, 'ClusterFirst');

  const parallel = defaulted('batch', 'jobs', { metadata: { labels: { own: 'x' } }, spec: { parallelism: 3, backoffLimitPerIndex: 1, completionMode: 'Indexed', completions: 5, podFailurePolicy: { rules: [{ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget' }] }] }, template: template() } });
  assert.equal(parallel.spec.completions, 5);
  assert.equal(parallel.spec.parallelism, 3);
  assert.equal(parallel.spec.backoffLimit, 2147483647);
  assert.equal(parallel.spec.podReplacementPolicy, 'Failed');
  assert.equal(parallel.spec.podFailurePolicy.rules[0].onPodConditions[0].status, 'True');
  assert.deepEqual(parallel.metadata.labels, { own: 'x' });

  const onlyParallelism = defaulted('batch', 'jobs', { spec: { parallelism: 2, template: template() } });
  assert.equal(onlyParallelism.spec.completions, undefined, 'completions stays unset when parallelism is given');
});

test('cronjob: its own defaults and pod template defaults inside jobTemplate, but no Job defaults', () => {
  const cj = defaulted('batch', 'cronjobs', { spec: { schedule: '*/5 * * * *', jobTemplate: { spec: { template: template() } } } });
  assert.equal(cj.spec.concurrencyPolicy, 'Allow');
  assert.equal(cj.spec.suspend, false);
  assert.equal(cj.spec.successfulJobsHistoryLimit, 3);
  assert.equal(cj.spec.failedJobsHistoryLimit, 1);
  assertTemplateDefaulted(cj.spec.jobTemplate.spec.template);
  assert.equal(cj.spec.jobTemplate.spec.backoffLimit, undefined);
});

test('service: type, affinity, ports, traffic policies and IP families', () => {
  const svc = defaulted('', 'services', { metadata: { name: 's' }, spec: { selector: { app: 'a' }, ports: [{ port: 80 }, { port: 53, protocol: 'UDP', targetPort: 'dns' }] } });
  assert.equal(svc.spec.type, 'ClusterIP');
  assert.equal(svc.spec.sessionAffinity, 'None');
  assert.deepEqual(svc.spec.ports, [{ port: 80, protocol: 'TCP', targetPort: 80 }, { port: 53, protocol: 'UDP', targetPort: 'dns' }]);
  assert.equal(svc.spec.internalTrafficPolicy, 'Cluster');
  assert.equal(svc.spec.externalTrafficPolicy, undefined);
  assert.equal(svc.spec.ipFamilyPolicy, 'SingleStack');
  assert.deepEqual(svc.spec.ipFamilies, ['IPv4']);
  assert.equal(svc.spec.clusterIP, undefined, 'IP allocation is the registry\'s job');

  const np = defaulted('', 'services', { spec: { type: 'NodePort', ports: [{ port: 80, targetPort: 0 }] } });
  assert.equal(np.spec.externalTrafficPolicy, 'Cluster');
  assert.equal(np.spec.ports[0].targetPort, 80);
  assert.equal(np.spec.ports[0].nodePort, undefined, 'node ports are allocated by the registry');

  const lb = defaulted('', 'services', { spec: { type: 'LoadBalancer', externalTrafficPolicy: 'Local', ports: [{ port: 443 }] }, status: { loadBalancer: { ingress: [{ ip: '192.0.2.1' }, { hostname: 'lb.example' }] } } });
  assert.equal(lb.spec.externalTrafficPolicy, 'Local');
  assert.equal(lb.spec.allocateLoadBalancerNodePorts, true);
  assert.deepEqual(lb.status.loadBalancer.ingress, [{ ip: '192.0.2.1', ipMode: 'VIP' }, { hostname: 'lb.example' }]);

  const sticky = defaulted('', 'services', { spec: { sessionAffinity: 'ClientIP', ports: [{ port: 1 }] } });
  assert.deepEqual(sticky.spec.sessionAffinityConfig, { clientIP: { timeoutSeconds: 10800 } });
  const plain = defaulted('', 'services', { spec: { sessionAffinityConfig: { clientIP: { timeoutSeconds: 5 } }, ports: [{ port: 1 }] } });
  assert.equal(plain.spec.sessionAffinityConfig, undefined, 'Kubernetes drops the config when affinity is None');

  const ext = defaulted('', 'services', { spec: { type: 'ExternalName', externalName: 'example.com' } });
  assert.equal(ext.spec.internalTrafficPolicy, undefined);
  assert.equal(ext.spec.ipFamilyPolicy, undefined);
  assert.equal(ext.spec.ipFamilies, undefined);

  const headless = defaulted('', 'services', { spec: { clusterIP: 'None', ports: [{ port: 80 }] } });
  assert.equal(headless.spec.ipFamilyPolicy, 'RequireDualStack', 'headless selector-less services default to dual-stack');
  assert.deepEqual(headless.spec.ipFamilies, ['IPv4', 'IPv6']);
  const headlessSelected = defaulted('', 'services', { spec: { clusterIP: 'None', selector: { app: 'a' }, ports: [{ port: 80 }] } });
  assert.equal(headlessSelected.spec.ipFamilyPolicy, 'SingleStack');
  assert.deepEqual(headlessSelected.spec.ipFamilies, ['IPv4']);

  const v6 = defaulted('', 'services', { spec: { clusterIPs: ['fd00::10'], ports: [{ port: 80 }] } });
  assert.deepEqual(v6.spec.ipFamilies, ['IPv4'], 'an IP of a family the cluster lacks is left for validation to reject');
  const given = defaulted('', 'services', { spec: { ipFamilyPolicy: 'PreferDualStack', ipFamilies: ['IPv4'], ports: [{ port: 80 }] } });
  assert.deepEqual(given.spec.ipFamilies, ['IPv4'], 'PreferDualStack stays single on a single-stack cluster');
});

test('service IP families on a dual-stack cluster', () => {
  const info = res('', 'services');
  const dual: Any = { spec: { ipFamilyPolicy: 'PreferDualStack', ports: [{ port: 80 }] } };
  applyDefaults(info, dual, { serviceIPFamilies: ['IPv6', 'IPv4'] });
  assert.deepEqual(dual.spec.ipFamilies, ['IPv6', 'IPv4']);
  const fromIP: Any = { spec: { clusterIP: '10.96.0.10', ports: [{ port: 80 }] } };
  applyDefaults(info, fromIP, { serviceIPFamilies: ['IPv6', 'IPv4'] });
  assert.deepEqual(fromIP.spec.ipFamilies, ['IPv4'], 'families are inferred from a given cluster IP');
});

test('namespace, secret, endpoints, endpointslice, node; kinds without defaults are untouched', () => {
  const ns = defaulted('', 'namespaces', { metadata: { name: 'team-a', labels: { 'kubernetes.io/metadata.name': 'wrong', x: 'y' } } });
  assert.deepEqual(ns.metadata.labels, { 'kubernetes.io/metadata.name': 'team-a', x: 'y' });
  assert.deepEqual(ns.status, { phase: 'Active' });
  const terminating = defaulted('', 'namespaces', { metadata: { name: 'old' }, status: { phase: 'Terminating' } });
  assert.equal(terminating.status.phase, 'Terminating');

  assert.equal(defaulted('', 'secrets', { data: {} }).type, 'Opaque');
  assert.equal(defaulted('', 'secrets', { type: 'kubernetes.io/tls' }).type, 'kubernetes.io/tls');

  const ep = defaulted('', 'endpoints', { subsets: [{ addresses: [{ ip: '10.0.0.1' }], ports: [{ port: 80 }, { port: 53, protocol: 'UDP' }] }] });
  assert.deepEqual(ep.subsets[0].ports, [{ port: 80, protocol: 'TCP' }, { port: 53, protocol: 'UDP' }]);

  const slice = defaulted('discovery.k8s.io', 'endpointslices', { addressType: 'IPv4', endpoints: [], ports: [{ port: 80 }, { name: 'dns', protocol: 'UDP', port: 53 }] });
  assert.deepEqual(slice.ports, [{ port: 80, name: '', protocol: 'TCP' }, { name: 'dns', protocol: 'UDP', port: 53 }]);

  const node = defaulted('', 'nodes', { status: { capacity: { cpu: '4', pods: '110' } } });
  assert.deepEqual(node.status.allocatable, { cpu: '4', pods: '110' });
  node.status.capacity.cpu = '8';
  assert.equal(node.status.allocatable.cpu, '4', 'allocatable is a copy, not an alias');

  for (const [group, resource] of [['', 'configmaps'], ['', 'serviceaccounts'], ['', 'events'], ['coordination.k8s.io', 'leases'], ['events.k8s.io', 'events']] as const) {
    const obj = { metadata: { name: 'x' }, data: { a: 'b' } };
    const before = structuredClone(obj);
    defaulted(group, resource, obj);
    assert.deepEqual(obj, before, `${group}/${resource}`);
  }
});

test('malformed input does not throw', () => {
  for (const [group, resource] of [['', 'pods'], ['', 'services'], ['apps', 'deployments'], ['apps', 'statefulsets'], ['batch', 'jobs'], ['batch', 'cronjobs'], ['', 'namespaces']] as const) {
    for (const obj of [null, 'x', [], { spec: 'nope' }, { spec: { template: 5, containers: 'c', ports: [1, null] } }]) {
      assert.doesNotThrow(() => applyDefaults(res(group, resource), obj), `${group}/${resource} ${JSON.stringify(obj)}`);
    }
  }
});
