/** Tests that every tabled list merges by its upstream patchMergeKey, and that untagged lists are replaced. */
 
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fieldMeta, rootTypeOf } from './merge-keys.js';
import { applyStrategicMergePatch } from './strategic-merge-patch.js';

const gvk = (group: string, kind: string) => ({ group, version: 'v1', kind });
const POD = gvk('', 'Pod');

/** `{a: {b: [{name: 'c', ...rest}]}}` for the path `a.b.0.rest...`: a `0` step enters the one container named c. */
function build(path: string[], leaf: unknown): Record<string, unknown> | unknown {
  if (path.length === 0) return leaf;
  const [head, ...rest] = path;
  if (rest[0] === '0') return { [head!]: [{ name: 'c', ...(build(rest.slice(1), leaf) as object) }] };
  return { [head!]: build(rest, leaf) };
}

function get(object: unknown, path: string[]): unknown {
  let value = object as any;
  for (const step of path) value = step === '0' ? value[0] : value[step];
  return value;
}

/** Keyed lists: [kind, path, merge key]. */
const KEYED: [ReturnType<typeof gvk>, string, string][] = [
  [POD, 'metadata.ownerReferences', 'uid'],
  [POD, 'spec.containers', 'name'],
  [POD, 'spec.initContainers', 'name'],
  [POD, 'spec.ephemeralContainers', 'name'],
  [POD, 'spec.volumes', 'name'],
  [POD, 'spec.imagePullSecrets', 'name'],
  [POD, 'spec.hostAliases', 'ip'],
  [POD, 'spec.topologySpreadConstraints', 'topologyKey'],
  [POD, 'spec.schedulingGates', 'name'],
  [POD, 'spec.resourceClaims', 'name'],
  [POD, 'spec.containers.0.env', 'name'],
  [POD, 'spec.containers.0.ports', 'containerPort'],
  [POD, 'spec.containers.0.volumeMounts', 'mountPath'],
  [POD, 'spec.containers.0.volumeDevices', 'devicePath'],
  [POD, 'spec.initContainers.0.env', 'name'],
  [POD, 'spec.ephemeralContainers.0.ports', 'containerPort'],
  [POD, 'status.conditions', 'type'],
  [POD, 'status.podIPs', 'ip'],
  [POD, 'status.hostIPs', 'ip'],
  [gvk('apps', 'Deployment'), 'spec.template.spec.containers.0.env', 'name'],
  [gvk('apps', 'Deployment'), 'spec.template.metadata.ownerReferences', 'uid'],
  [gvk('apps', 'Deployment'), 'status.conditions', 'type'],
  [gvk('apps', 'ReplicaSet'), 'spec.template.spec.volumes', 'name'],
  [gvk('apps', 'ReplicaSet'), 'status.conditions', 'type'],
  [gvk('apps', 'DaemonSet'), 'spec.template.spec.containers', 'name'],
  [gvk('apps', 'DaemonSet'), 'status.conditions', 'type'],
  [gvk('apps', 'StatefulSet'), 'spec.template.spec.containers.0.volumeMounts', 'mountPath'],
  [gvk('apps', 'StatefulSet'), 'status.conditions', 'type'],
  [gvk('batch', 'Job'), 'spec.template.spec.containers', 'name'],
  [gvk('batch', 'Job'), 'status.conditions', 'type'],
  [gvk('batch', 'CronJob'), 'spec.jobTemplate.spec.template.spec.containers.0.env', 'name'],
  [gvk('', 'Service'), 'spec.ports', 'port'],
  [gvk('', 'Service'), 'status.conditions', 'type'],
  [gvk('', 'Node'), 'status.conditions', 'type'],
  [gvk('', 'Node'), 'status.addresses', 'type'],
  [gvk('', 'Namespace'), 'status.conditions', 'type'],
  [gvk('', 'ServiceAccount'), 'secrets', 'name'],
  [gvk('', 'ConfigMap'), 'metadata.ownerReferences', 'uid'],
  [gvk('coordination.k8s.io', 'Lease'), 'metadata.ownerReferences', 'uid'],
  [gvk('discovery.k8s.io', 'EndpointSlice'), 'metadata.ownerReferences', 'uid'],
];

for (const [kind, dotted, key] of KEYED) {
  test(`${kind.kind} ${dotted} merges by ${key}`, () => {
    const path = dotted.split('.');
    const numeric = key === 'containerPort' || key === 'port';
    const [k1, k2] = numeric ? [80, 81] : ['k1', 'k2'];
    const live = build(path, [{ [key]: k1, fromLive: 'x' }, { [key]: k2 }]);
    const patch = build(path, [{ [key]: k1, fromPatch: 'y' }]);
    const out = applyStrategicMergePatch(live, patch, kind);
    assert.deepEqual(get(out, path), [{ [key]: k1, fromLive: 'x', fromPatch: 'y' }, { [key]: k2 }]);
  });
}

/** Scalar lists merged as sets. */
const SETS: [ReturnType<typeof gvk>, string][] = [
  [POD, 'metadata.finalizers'],
  [gvk('apps', 'Deployment'), 'metadata.finalizers'],
  [gvk('', 'Node'), 'spec.podCIDRs'],
];

for (const [kind, dotted] of SETS) {
  test(`${kind.kind} ${dotted} merges as a set`, () => {
    const path = dotted.split('.');
    const out = applyStrategicMergePatch(build(path, ['a', 'b']), build(path, ['b', 'c']), kind);
    assert.deepEqual(get(out, path), ['a', 'b', 'c']);
    const added = applyStrategicMergePatch(build(path, ['a', 'b']), build(path, ['c']), kind);
    assert.deepEqual(get(added, path), ['c', 'a', 'b'], 'a new value goes before the live ones, as in Kubernetes');
  });
}

/** Lists Kubernetes tags atomic, without a patch strategy: replaced whole. */
const REPLACED: [ReturnType<typeof gvk>, string, string][] = [
  [POD, 'spec.tolerations', 'key'],
  [POD, 'spec.readinessGates', 'conditionType'],
  [POD, 'spec.containers.0.resizePolicy', 'resourceName'],
  [POD, 'spec.containers.0.envFrom', 'prefix'],
  [POD, 'status.containerStatuses', 'name'],
  [gvk('', 'Endpoints'), 'subsets', 'ports'],
  [gvk('', 'ServiceAccount'), 'imagePullSecrets', 'name'],
  [gvk('', 'Node'), 'spec.taints', 'key'],
  [gvk('discovery.k8s.io', 'EndpointSlice'), 'endpoints', 'addresses'],
  [gvk('apps', 'StatefulSet'), 'spec.volumeClaimTemplates', 'metadata'],
];

for (const [kind, dotted, field] of REPLACED) {
  test(`${kind.kind} ${dotted} is replaced, not merged`, () => {
    const path = dotted.split('.');
    const out = applyStrategicMergePatch(build(path, [{ [field]: 'a' }, { [field]: 'b' }]), build(path, [{ [field]: 'a', extra: 1 }]), kind);
    assert.deepEqual(get(out, path), [{ [field]: 'a', extra: 1 }]);
  });
}

test('server-side apply keys: ports by number and protocol (TCP by default), conditions by type', () => {
  const containerPorts = fieldMeta('Container', 'ports');
  assert.deepEqual(containerPorts?.listKeys, ['containerPort', 'protocol']);
  assert.equal(containerPorts?.keyDefaults?.protocol, 'TCP');
  assert.deepEqual(fieldMeta('ServiceSpec', 'ports')?.listKeys, ['port', 'protocol']);
  assert.equal(fieldMeta('PodSpec', 'volumes')?.strategy, 'merge,retainKeys');
  assert.equal(fieldMeta('DeploymentSpec', 'strategy')?.strategy, 'retainKeys');
  assert.equal(fieldMeta('JobStatus', 'conditions')?.listType, undefined, 'Job conditions merge for SMP but are atomic for apply');
  assert.equal(rootTypeOf({ group: 'example.com', version: 'v1', kind: 'Widget' }), undefined);
});
