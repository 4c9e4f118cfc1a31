/** Unit tests for discovery documents. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { aggregatedContentType, aggregatedDiscovery, apiGroupDocument, apiGroupList, apiResourceList, apiVersions } from './discovery.js';

test('legacy core and group lists', () => {
  assert.deepEqual(apiVersions('127.0.0.1:6443').versions, ['v1']);
  const groups = apiGroupList().groups.map((g) => g.name);
  assert.deepEqual(groups, ['apps', 'batch', 'coordination.k8s.io', 'discovery.k8s.io', 'events.k8s.io', 'policy', 'scheduling.k8s.io']);
  assert.equal(apiGroupDocument('apps')?.preferredVersion.groupVersion, 'apps/v1');
  assert.equal(apiGroupDocument('nope'), undefined);
  assert.equal(apiGroupDocument(''), undefined);
});

test('resource lists carry short names, categories and subresources', () => {
  const core = apiResourceList('', 'v1')!;
  const pods = core.resources.find((r) => r.name === 'pods')!;
  assert.deepEqual(pods.shortNames, ['po']);
  assert.deepEqual(pods.categories, ['all']);
  assert.ok(core.resources.some((r) => r.name === 'pods/status' && r.kind === 'Pod'));
  assert.ok(core.resources.some((r) => r.name === 'pods/binding' && r.kind === 'Binding'));
  const apps = apiResourceList('apps', 'v1')!;
  const scale = apps.resources.find((r) => r.name === 'deployments/scale')!;
  assert.equal(scale.group, 'autoscaling');
  assert.equal(scale.version, 'v1');
  assert.equal(apiResourceList('apps', 'v9'), undefined);
});

test('aggregated discovery: core alone under /api, named groups under /apis', () => {
  const core = aggregatedDiscovery(true, 'v2');
  assert.equal(core.apiVersion, 'apidiscovery.k8s.io/v2');
  assert.deepEqual(core.items.map((i) => i.metadata.name), ['']);
  const named = aggregatedDiscovery(false, 'v2beta1');
  assert.equal(named.apiVersion, 'apidiscovery.k8s.io/v2beta1');
  const deployments = named.items.find((i) => i.metadata.name === 'apps')!.versions[0]!.resources.find((r) => r.resource === 'deployments')!;
  assert.equal(deployments.scope, 'Namespaced');
  assert.deepEqual(deployments.shortNames, ['deploy']);
  const subs = deployments.subresources as { subresource: string; responseKind: { group: string; kind: string } }[];
  assert.deepEqual(subs.find((s) => s.subresource === 'scale')!.responseKind, { group: 'autoscaling', version: 'v1', kind: 'Scale' });
  assert.equal(aggregatedContentType('v2'), 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList');
});
