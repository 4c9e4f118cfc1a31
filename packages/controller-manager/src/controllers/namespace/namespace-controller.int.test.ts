/** The namespace controller against a real apiserver: a Terminating namespace is emptied, reports what remains, then goes. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { StatusError } from '@skiff/api';
import type { ApiObject, ResourceRef } from '@skiff/client';
import type { Namespace } from 'kubernetes-types/core/v1.js';
import { eventually, NAMESPACES, withControllers } from '../../testing/int-env.js';
import { newNamespaceController } from './namespace-controller.js';

const NS = 'doomed';
const CONFIGMAPS: ResourceRef = { group: '', version: 'v1', resource: 'configmaps', namespaced: true };
const SECRETS: ResourceRef = { group: '', version: 'v1', resource: 'secrets', namespaced: true };
const PODS: ResourceRef = { group: '', version: 'v1', resource: 'pods', namespaced: true };
const DEPLOYMENTS: ResourceRef = { group: 'apps', version: 'v1', resource: 'deployments', namespaced: true };
const HOLD = 'example.com/hold';
/** Short, so the test does not sit out Kubernetes' 5 s; the delay itself is not what is tested. */
const TEST_GRACE_MS = 100;

type NamespaceObject = Namespace & ApiObject;

test('a Terminating namespace is emptied, shows what remains in its conditions, and is deleted once empty', async () => {
  await withControllers({ descriptors: [newNamespaceController({ deletionGraceMs: TEST_GRACE_MS })], namespaces: [NS] }, async (env) => {
    const { rest } = env;
    for (const name of ['one', 'two']) await rest.create(CONFIGMAPS, NS, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { k: name } });
    await rest.create(CONFIGMAPS, NS, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'held', finalizers: [HOLD] } });
    await rest.create(SECRETS, NS, { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'token' }, stringData: { password: 'x' } });
    const template = { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } };
    await rest.create(DEPLOYMENTS, NS, { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template } });
    for (const name of ['web-1', 'web-2']) await rest.create(PODS, NS, { apiVersion: 'v1', kind: 'Pod', metadata: { name, labels: { app: 'web' } }, spec: template.spec });

    const deleted = await rest.delete<NamespaceObject>(NAMESPACES, undefined, NS);
    assert.equal(deleted.status?.phase, 'Terminating');

    // Everything without a finalizer goes; the held ConfigMap stays, and the conditions say so.
    const ns = await eventually('conditions naming the remaining content', async () => {
      const current = await rest.get<NamespaceObject>(NAMESPACES, undefined, NS);
      const remaining = current.status?.conditions?.find((c) => c.type === 'NamespaceContentRemaining');
      return remaining?.status === 'True' ? current : undefined;
    });
    const byType = new Map((ns.status?.conditions ?? []).map((c) => [c.type, c]));
    assert.equal(byType.get('NamespaceContentRemaining')?.reason, 'SomeResourcesRemain');
    assert.equal(byType.get('NamespaceContentRemaining')?.message, 'Some resources are remaining: configmaps. has 1 resource instances');
    assert.equal(byType.get('NamespaceFinalizersRemaining')?.status, 'True');
    assert.equal(byType.get('NamespaceFinalizersRemaining')?.reason, 'SomeFinalizersRemain');
    assert.equal(byType.get('NamespaceFinalizersRemaining')?.message, `Some content in the namespace has finalizers remaining: ${HOLD} in 1 resource instances`);
    assert.equal(byType.get('NamespaceDeletionContentFailure')?.status, 'False');
    assert.equal(byType.get('NamespaceDeletionContentFailure')?.reason, 'ContentDeleted');
    assert.equal(byType.get('NamespaceDeletionDiscoveryFailure')?.reason, 'ResourcesDiscovered');
    assert.deepEqual(ns.spec?.finalizers, ['kubernetes'], 'the namespace keeps its finalizer while content remains');
    for (const resource of [SECRETS, PODS, DEPLOYMENTS]) assert.deepEqual((await rest.list(resource, NS)).items, [], `${resource.resource} deleted`);
    const configMaps = (await rest.list(CONFIGMAPS, NS)).items;
    assert.deepEqual(configMaps.map((c) => c.metadata?.name), ['held']);
    assert.ok(configMaps[0]!.metadata?.deletionTimestamp, 'the held ConfigMap is being deleted');

    await rest.patch(CONFIGMAPS, NS, 'held', 'merge', { metadata: { finalizers: null } });
    await eventually('the namespace to be gone', async () => {
      try {
        await rest.get(NAMESPACES, undefined, NS);
        return undefined;
      } catch (err) {
        if (err instanceof StatusError && err.reason === 'NotFound') return true;
        throw err;
      }
    });
    assert.deepEqual((await rest.list(CONFIGMAPS, NS)).items, []);
  });
});
