/** Tests for the OpenAPI v3 index and per-group-version documents. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { RESOURCES, groupVersions } from '../resources/catalog.js';
import { schemaDefinitions } from './definitions.js';
import { openapiV3Document, openapiV3Hash, openapiV3Index, parseOpenapiV3Key } from './openapi-v3.js';

type Json = Record<string, any>;  

function doc(group: string, version: string): Json {
  const d = openapiV3Document(group, version);
  assert.ok(d, `no document for ${group}/${version}`);
  return d as Json;
}

function refsIn(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((n) => refsIn(n, out));
  else if (node !== null && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string') out.push(value);
      else refsIn(value, out);
    }
  }
  return out;
}

test('the index lists every served group version with the hash of its document', () => {
  const index = openapiV3Index() as { paths: Record<string, { serverRelativeURL: string }> };
  const expected = groupVersions().flatMap(({ group, versions }) => versions.map((v) => (group ? `apis/${group}/${v}` : `api/${v}`)));
  assert.deepEqual(Object.keys(index.paths).sort(), expected.sort());
  assert.ok(index.paths['api/v1'] && index.paths['apis/apps/v1'] && index.paths['apis/events.k8s.io/v1']);
  for (const [key, { serverRelativeURL }] of Object.entries(index.paths)) {
    const gv = parseOpenapiV3Key(key);
    assert.ok(gv);
    const hash = createHash('sha512').update(JSON.stringify(openapiV3Document(gv.group, gv.version))).digest('hex').toUpperCase();
    assert.equal(serverRelativeURL, `/openapi/v3/${key}?hash=${hash}`);
    assert.equal(openapiV3Hash(gv.group, gv.version), hash);
  }
});

test('index keys parse back into group versions', () => {
  assert.deepEqual(parseOpenapiV3Key('api/v1'), { group: '', version: 'v1' });
  assert.deepEqual(parseOpenapiV3Key('apis/apps/v1'), { group: 'apps', version: 'v1' });
  assert.equal(parseOpenapiV3Key('apis/apps'), undefined);
  assert.equal(parseOpenapiV3Key('x/y/z'), undefined);
});

test('documents reference only schemas they define, and define only schemas they reference', () => {
  for (const { group, versions } of groupVersions()) {
    for (const version of versions) {
      const d = doc(group, version);
      assert.equal(d.openapi, '3.0.0');
      const defined = new Set(Object.keys(d.components.schemas));
      const referenced = new Set(refsIn(d).map((r) => r.replace('#/components/schemas/', '')));
      for (const ref of refsIn(d)) assert.match(ref, /^#\/components\/schemas\//);
      assert.deepEqual([...referenced].filter((r) => !defined.has(r)), [], `${group}/${version} has dangling refs`);
      assert.deepEqual([...defined].filter((r) => !referenced.has(r)), [], `${group}/${version} has unused schemas`);
    }
  }
});

test('every resource has collection, item and list paths with actions, GVKs and kube-apiserver parameters', () => {
  for (const r of RESOURCES) {
    const prefix = r.group ? `/apis/${r.group}/${r.version}` : `/api/${r.version}`;
    const collection = r.namespaced ? `${prefix}/namespaces/{namespace}/${r.resource}` : `${prefix}/${r.resource}`;
    const paths = doc(r.group, r.version).paths;
    const gvk = { group: r.group, version: r.version, kind: r.kind };
    const item = paths[`${collection}/{name}`];
    assert.ok(item, `${collection}/{name}`);
    const expectations: [Json, string, string[]][] = [
      [paths[collection].get, 'list', ['labelSelector', 'fieldSelector', 'limit', 'continue', 'resourceVersion', 'watch', 'timeoutSeconds']],
      [paths[collection].post, 'post', ['fieldValidation', 'fieldManager', 'dryRun']],
      [paths[collection].delete, 'deletecollection', ['labelSelector', 'fieldSelector', 'gracePeriodSeconds', 'propagationPolicy']],
      [item.get, 'get', []],
      [item.put, 'put', ['fieldValidation', 'fieldManager', 'dryRun']],
      [item.patch, 'patch', ['fieldValidation', 'fieldManager', 'dryRun', 'force']],
      [item.delete, 'delete', ['gracePeriodSeconds', 'propagationPolicy', 'dryRun']],
    ];
    for (const [op, action, params] of expectations) {
      assert.ok(op, `${r.resource}: missing ${action}`);
      assert.equal(op['x-kubernetes-action'], action);
      assert.deepEqual(op['x-kubernetes-group-version-kind'], gvk);
      const names = (op.parameters ?? []).map((p: Json) => p.name);
      for (const p of params) assert.ok(names.includes(p), `${r.resource} ${action} lacks ${p}`);
      for (const p of op.parameters ?? []) assert.equal(p.in, 'query');
    }
    assert.ok(paths[collection].parameters.some((p: Json) => p.name === 'pretty'));
    assert.ok(item.parameters.some((p: Json) => p.name === 'name' && p.in === 'path' && p.required));
    if (r.namespaced) {
      assert.equal(paths[`${prefix}/${r.resource}`].get['x-kubernetes-action'], 'list');
      assert.ok(paths[collection].parameters.some((p: Json) => p.name === 'namespace' && p.in === 'path'));
    }
    const listSchema = paths[collection].get.responses['200'].content['application/json'].schema.$ref;
    assert.equal(listSchema.split('.').pop(), r.listKind);
  }
});

test('subresources are documented with the kind they read and write', () => {
  const apps = doc('apps', 'v1').paths;
  const scale = apps['/apis/apps/v1/namespaces/{namespace}/deployments/{name}/scale'];
  assert.deepEqual(scale.patch['x-kubernetes-group-version-kind'], { group: 'autoscaling', version: 'v1', kind: 'Scale' });
  assert.equal(scale.get.responses['200'].content['application/json'].schema.$ref, '#/components/schemas/io.k8s.api.autoscaling.v1.Scale');
  const status = apps['/apis/apps/v1/namespaces/{namespace}/deployments/{name}/status'];
  assert.deepEqual(status.put['x-kubernetes-group-version-kind'], { group: 'apps', version: 'v1', kind: 'Deployment' });
  assert.equal(status.put.operationId, 'replaceAppsV1NamespacedDeploymentStatus');
  const binding = doc('', 'v1').paths['/api/v1/namespaces/{namespace}/pods/{name}/binding'];
  assert.equal(binding.post['x-kubernetes-action'], 'post');
  assert.deepEqual(binding.post['x-kubernetes-group-version-kind'], { group: '', version: 'v1', kind: 'Binding' });
  assert.equal(doc('', 'v1').paths['/api/v1/nodes/{name}'].get.operationId, 'readCoreV1Node');
});

test('each document holds the kind schemas of its group, with Kubernetes names', () => {
  const core = doc('', 'v1').components.schemas;
  assert.ok(core['io.k8s.api.core.v1.Pod']['x-kubernetes-group-version-kind']);
  assert.ok(core['io.k8s.api.core.v1.Event']);
  assert.equal(core['io.k8s.api.events.v1.Event'], undefined);
  const events = doc('events.k8s.io', 'v1').components.schemas;
  assert.ok(events['io.k8s.api.events.v1.Event']);
  assert.ok(doc('apps', 'v1').components.schemas['io.k8s.api.core.v1.PodSpec']);
  assert.equal(openapiV3Document('apps', 'v2'), undefined);
  assert.equal(openapiV3Document('nope', 'v1'), undefined);
  assert.equal(openapiV3Document('apps', 'v1'), openapiV3Document('apps', 'v1'), 'documents are built once');
});

test('merged lists carry the patch extensions kubectl 1.29+ builds client-side apply patches from', () => {
  for (const [group, podSpecOwner] of [['', 'io.k8s.api.core.v1.PodSpec'], ['apps', 'io.k8s.api.core.v1.PodSpec']] as const) {
    const schemas = doc(group, 'v1').components.schemas;
    const containers = schemas[podSpecOwner].properties.containers;
    assert.equal(containers['x-kubernetes-patch-strategy'], 'merge');
    assert.equal(containers['x-kubernetes-patch-merge-key'], 'name');
    assert.equal(containers['x-kubernetes-list-type'], 'map');
    const ports = schemas['io.k8s.api.core.v1.Container'].properties.ports;
    assert.equal(ports['x-kubernetes-patch-merge-key'], 'containerPort');
    assert.deepEqual(ports['x-kubernetes-list-map-keys'], ['containerPort', 'protocol']);
  }
  assert.equal(doc('', 'v1').components.schemas['io.k8s.api.core.v1.ServiceSpec'].properties.ports['x-kubernetes-patch-merge-key'], 'port');
  assert.equal(doc('apps', 'v1').components.schemas['io.k8s.api.apps.v1.DeploymentSpec'].properties.strategy['x-kubernetes-patch-strategy'], 'retainKeys');
  const shared = schemaDefinitions()['io.k8s.api.core.v1.PodSpec']?.properties?.containers as Json;
  assert.equal(shared['x-kubernetes-patch-merge-key'], undefined, 'the shared definitions are left as generated');
});
