/** Tests that the generated definitions cover the catalog and are named and marked the Kubernetes way. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RESOURCES } from '../resources/catalog.js';
import { COMPONENT_REF_PREFIX, definitionFor, definitionNameFor, schemaDefinitions, type OpenApiSchema } from './definitions.js';

function kindsOfCatalog(): { group: string; version: string; kind: string }[] {
  const kinds = [];
  for (const r of RESOURCES) {
    kinds.push({ group: r.group, version: r.version, kind: r.kind }, { group: r.group, version: r.version, kind: r.listKind });
    for (const s of r.subresources) if (!s.connect) kinds.push({ group: s.group ?? r.group, version: s.version ?? r.version, kind: s.kind });
  }
  return kinds;
}

test('every catalog kind, list kind and subresource kind has a GVK-marked definition', () => {
  for (const gvk of kindsOfCatalog()) {
    const found = definitionFor(gvk);
    assert.ok(found, `no definition for ${gvk.group}/${gvk.version} ${gvk.kind}`);
    assert.ok(found.schema.properties?.metadata, `${found.name} has no metadata`);
    assert.deepEqual(
      found.schema['x-kubernetes-group-version-kind']?.some((m) => m.group === gvk.group && m.version === gvk.version && m.kind === gvk.kind),
      true,
    );
  }
});

test('definitions carry Kubernetes names, so core/v1 Event and events.k8s.io/v1 Event do not collide', () => {
  assert.equal(definitionNameFor({ group: '', version: 'v1', kind: 'Pod' }), 'io.k8s.api.core.v1.Pod');
  assert.equal(definitionNameFor({ group: 'apps', version: 'v1', kind: 'Deployment' }), 'io.k8s.api.apps.v1.Deployment');
  assert.equal(definitionNameFor({ group: 'autoscaling', version: 'v1', kind: 'Scale' }), 'io.k8s.api.autoscaling.v1.Scale');
  assert.equal(definitionNameFor({ group: '', version: 'v1', kind: 'Event' }), 'io.k8s.api.core.v1.Event');
  assert.equal(definitionNameFor({ group: 'events.k8s.io', version: 'v1', kind: 'Event' }), 'io.k8s.api.events.v1.Event');
  assert.equal(definitionNameFor({ group: '', version: 'v1', kind: 'Status' }), 'io.k8s.apimachinery.pkg.apis.meta.v1.Status');
  assert.equal(definitionNameFor({ group: 'apps', version: 'v1', kind: 'DeleteOptions' }), 'io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions');
  assert.equal(definitionNameFor({ group: 'apps', version: 'v1', kind: 'Nope' }), undefined);
  assert.equal(definitionFor({ group: 'nope', version: 'v1', kind: 'Pod' }), undefined);
  const defs = schemaDefinitions();
  assert.ok(defs['io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta']?.properties?.labels);
  assert.ok(defs['io.k8s.api.core.v1.Event']?.properties?.involvedObject);
  assert.equal(defs['io.k8s.api.events.v1.Event']?.properties?.involvedObject, undefined);
});

test('int-or-string and Quantity are marked, and fields refer to them', () => {
  const defs = schemaDefinitions();
  assert.equal(defs['io.k8s.apimachinery.pkg.util.intstr.IntOrString']?.['x-kubernetes-int-or-string'], true);
  assert.equal(defs['io.k8s.apimachinery.pkg.api.resource.Quantity']?.['x-kubernetes-int-or-string'], true);
  const targetPort = defs['io.k8s.api.core.v1.ServicePort']?.properties?.targetPort;
  assert.equal(targetPort?.allOf?.[0]?.$ref ?? targetPort?.$ref, `${COMPONENT_REF_PREFIX}io.k8s.apimachinery.pkg.util.intstr.IntOrString`);
  const limits = defs['io.k8s.api.core.v1.ResourceRequirements']?.properties?.limits;
  assert.equal(limits?.additionalProperties?.$ref, `${COMPONENT_REF_PREFIX}io.k8s.apimachinery.pkg.api.resource.Quantity`);
});

test('integers carry their Go width and field descriptions survive', () => {
  const spec = schemaDefinitions()['io.k8s.api.apps.v1.DeploymentSpec'] as OpenApiSchema;
  assert.deepEqual({ type: spec.properties?.replicas?.type, format: spec.properties?.replicas?.format }, { type: 'integer', format: 'int32' });
  const meta = schemaDefinitions()['io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta'] as OpenApiSchema;
  assert.equal(meta.properties?.generation?.format, 'int64');
  assert.match(spec.properties?.replicas?.description ?? '', /desired pods/);
  assert.deepEqual(schemaDefinitions()['io.k8s.api.core.v1.Container']?.required, ['name']);
});

test('every $ref in the definitions points at a definition', () => {
  const defs = schemaDefinitions();
  const missing: string[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (node !== null && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        if (key === '$ref' && typeof value === 'string' && !defs[value.slice(COMPONENT_REF_PREFIX.length)]) missing.push(value);
        else visit(value);
      }
    }
  };
  visit(defs);
  assert.deepEqual(missing, []);
});
