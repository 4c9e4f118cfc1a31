/** Unit tests for API path parsing. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseRequestPath } from './request-info.js';

test('discovery paths', () => {
  assert.deepEqual(parseRequestPath('/api'), { kind: 'api-versions' });
  assert.deepEqual(parseRequestPath('/apis'), { kind: 'api-groups' });
  assert.deepEqual(parseRequestPath('/apis/apps'), { kind: 'api-group', group: 'apps' });
  assert.deepEqual(parseRequestPath('/api/v1'), { kind: 'resource-list', group: '', version: 'v1' });
  assert.deepEqual(parseRequestPath('/apis/apps/v1/'), { kind: 'resource-list', group: 'apps', version: 'v1' });
});

test('namespaced collections, objects and subresources', () => {
  const pods = parseRequestPath('/api/v1/namespaces/default/pods');
  assert.equal(pods.kind, 'resource');
  if (pods.kind !== 'resource') return;
  assert.equal(pods.namespace, 'default');
  assert.equal(pods.resource, 'pods');
  assert.equal(pods.name, undefined);
  assert.equal(pods.info?.kind, 'Pod');
  const scale = parseRequestPath('/apis/apps/v1/namespaces/ns1/deployments/web/scale');
  assert.ok(scale.kind === 'resource' && scale.namespace === 'ns1' && scale.name === 'web' && scale.subresource === 'scale' && scale.info?.kind === 'Deployment');
});

test('namespaces themselves, with status and finalize', () => {
  const ns = parseRequestPath('/api/v1/namespaces/kube-system');
  assert.ok(ns.kind === 'resource' && ns.resource === 'namespaces' && ns.name === 'kube-system' && ns.namespace === undefined);
  const fin = parseRequestPath('/api/v1/namespaces/kube-system/finalize');
  assert.ok(fin.kind === 'resource' && fin.resource === 'namespaces' && fin.name === 'kube-system' && fin.subresource === 'finalize');
});

test('cluster-wide lists, legacy watch paths, unknown resources', () => {
  const all = parseRequestPath('/api/v1/pods');
  assert.ok(all.kind === 'resource' && all.namespace === undefined && all.resource === 'pods');
  const watch = parseRequestPath('/api/v1/watch/namespaces/default/pods');
  assert.ok(watch.kind === 'resource' && watch.legacyWatch && watch.namespace === 'default');
  const unknown = parseRequestPath('/api/v1/namespaces/default/widgets');
  assert.ok(unknown.kind === 'resource' && unknown.info === undefined);
  assert.deepEqual(parseRequestPath('/healthz'), { kind: 'unknown' });
  assert.deepEqual(parseRequestPath('/api/v1/namespaces/a/pods/b/log/extra'), { kind: 'unknown' });
});
