/** Tests for each resource's selectable fields and the field-label support check. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isStatusError } from '../errors/status-error.js';
import { findResource, RESOURCES, type ResourceInfo } from '../resources/catalog.js';
import { parseFieldSelector } from './field-selector.js';
import { checkFieldSelector, selectableFields, supportedFieldLabels } from './selectable-fields.js';

function resource(group: string, name: string): ResourceInfo {
  const r = findResource(group, 'v1', name);
  assert.ok(r, `${group}/${name} in the catalog`);
  return r;
}

function unsupported(r: ResourceInfo, selector: string): string {
  try {
    checkFieldSelector(r, parseFieldSelector(selector));
  } catch (err) {
    assert.ok(isStatusError(err));
    assert.equal(err.code, 400);
    return err.message;
  }
  assert.fail(`expected ${selector} to be rejected for ${r.resource}`);
}

test('every resource supports metadata.name', () => {
  for (const r of RESOURCES) {
    assert.ok(supportedFieldLabels(r).includes('metadata.name'), r.resource);
    assert.doesNotThrow(() => checkFieldSelector(r, parseFieldSelector('metadata.name=x')));
  }
});

test('the per-resource lists match kube-apiserver', () => {
  const expected: Record<string, string[]> = {
    '/pods': ['metadata.name', 'metadata.namespace', 'spec.nodeName', 'spec.host', 'spec.restartPolicy', 'spec.schedulerName', 'spec.serviceAccountName', 'spec.hostNetwork', 'status.phase', 'status.podIP', 'status.nominatedNodeName'],
    '/nodes': ['metadata.name', 'spec.unschedulable'],
    '/namespaces': ['metadata.name', 'status.phase'],
    '/secrets': ['metadata.name', 'metadata.namespace', 'type'],
    '/services': ['metadata.name', 'metadata.namespace', 'spec.clusterIP', 'spec.type'],
    '/configmaps': ['metadata.name', 'metadata.namespace'],
    'apps/replicasets': ['metadata.name', 'metadata.namespace', 'status.replicas'],
    'apps/deployments': ['metadata.name', 'metadata.namespace'],
    'batch/jobs': ['metadata.name', 'metadata.namespace', 'status.successful'],
    '/events': ['metadata.name', 'metadata.namespace', 'involvedObject.kind', 'involvedObject.namespace', 'involvedObject.name', 'involvedObject.uid', 'involvedObject.apiVersion', 'involvedObject.resourceVersion', 'involvedObject.fieldPath', 'reason', 'reportingComponent', 'source', 'type'],
    'events.k8s.io/events': ['metadata.name', 'metadata.namespace', 'regarding.kind', 'regarding.namespace', 'regarding.name', 'regarding.uid', 'regarding.apiVersion', 'regarding.resourceVersion', 'regarding.fieldPath', 'reason', 'reportingController', 'source', 'type'],
  };
  for (const [key, labels] of Object.entries(expected)) {
    const [group, name] = key.split('/') as [string, string];
    assert.deepEqual(supportedFieldLabels(resource(group, name)).sort(), [...labels].sort(), key);
  }
});

test('unsupported labels are rejected with Kubernetes message', () => {
  assert.equal(unsupported(resource('', 'pods'), 'spec.containers=x'), 'field label not supported: spec.containers');
  assert.equal(unsupported(resource('', 'nodes'), 'metadata.namespace=x'), 'field label not supported: metadata.namespace');
  assert.equal(unsupported(resource('apps', 'deployments'), 'metadata.name=a,status.replicas=1'), 'field label not supported: status.replicas');
  assert.equal(unsupported(resource('events.k8s.io', 'events'), 'involvedObject.name=x'), 'field label not supported: involvedObject.name');
});

test('pod fields are read from the object with Kubernetes defaults', () => {
  const pods = resource('', 'pods');
  const fields = selectableFields(pods, {
    metadata: { name: 'web-1', namespace: 'default' },
    spec: { nodeName: 'node-a', restartPolicy: 'Always', schedulerName: 'default-scheduler', serviceAccountName: 'default' },
    status: { phase: 'Running', podIP: '10.244.1.5', podIPs: [{ ip: '10.244.1.5' }] },
  });
  assert.deepEqual(fields, {
    'metadata.name': 'web-1',
    'metadata.namespace': 'default',
    'spec.nodeName': 'node-a',
    'spec.host': 'node-a',
    'spec.restartPolicy': 'Always',
    'spec.schedulerName': 'default-scheduler',
    'spec.serviceAccountName': 'default',
    'spec.hostNetwork': 'false',
    'status.phase': 'Running',
    'status.podIP': '10.244.1.5',
    'status.nominatedNodeName': '',
  });
  assert.ok(parseFieldSelector('spec.nodeName=node-a,status.phase!=Succeeded').matches(fields));
  assert.ok(parseFieldSelector('spec.nodeName=').matches(selectableFields(pods, { metadata: { name: 'p' } })), 'unscheduled pods');
});

test('cluster-scoped resources have no metadata.namespace field', () => {
  const nodes = resource('', 'nodes');
  assert.deepEqual(selectableFields(nodes, { metadata: { name: 'n1' }, spec: { unschedulable: true } }), {
    'metadata.name': 'n1',
    'spec.unschedulable': 'true',
  });
  assert.deepEqual(selectableFields(resource('', 'namespaces'), { metadata: { name: 'kube-system' }, status: { phase: 'Active' } }), {
    'metadata.name': 'kube-system',
    'status.phase': 'Active',
  });
});

test('counts are printed as integers, zero when absent', () => {
  assert.equal(selectableFields(resource('apps', 'replicasets'), { metadata: { name: 'r' }, status: { replicas: 3 } })['status.replicas'], '3');
  assert.equal(selectableFields(resource('batch', 'jobs'), { metadata: { name: 'j' } })['status.successful'], '0');
  assert.equal(selectableFields(resource('batch', 'jobs'), { metadata: { name: 'j' }, status: { succeeded: 2 } })['status.successful'], '2');
});

test('core and events.k8s.io events read either shape', () => {
  const core = { metadata: { name: 'e', namespace: 'default' }, involvedObject: { kind: 'Pod', name: 'web-1', namespace: 'default', uid: 'u1' }, reason: 'Scheduled', source: { component: 'default-scheduler' }, reportingComponent: 'default-scheduler', type: 'Normal' };
  const v1 = { metadata: { name: 'e', namespace: 'default' }, regarding: { kind: 'Pod', name: 'web-1', namespace: 'default', uid: 'u1' }, reason: 'Scheduled', reportingController: 'default-scheduler', deprecatedSource: { component: 'default-scheduler' }, type: 'Normal' };
  for (const obj of [core, v1]) {
    const coreFields = selectableFields(resource('', 'events'), obj);
    assert.ok(parseFieldSelector('involvedObject.uid=u1,involvedObject.name=web-1,involvedObject.namespace=default,involvedObject.kind=Pod').matches(coreFields));
    assert.equal(coreFields['reportingComponent'], 'default-scheduler');
    assert.equal(coreFields['source'], 'default-scheduler');
    const v1Fields = selectableFields(resource('events.k8s.io', 'events'), obj);
    assert.ok(parseFieldSelector('regarding.name=web-1,reportingController=default-scheduler,type=Normal').matches(v1Fields));
  }
});

test('secret type and service fields', () => {
  assert.equal(selectableFields(resource('', 'secrets'), { metadata: { name: 's' }, type: 'kubernetes.io/tls' })['type'], 'kubernetes.io/tls');
  const svc = selectableFields(resource('', 'services'), { metadata: { name: 's' }, spec: { clusterIP: '10.96.0.10', type: 'ClusterIP' } });
  assert.equal(svc['spec.clusterIP'], '10.96.0.10');
  assert.equal(svc['spec.type'], 'ClusterIP');
});
