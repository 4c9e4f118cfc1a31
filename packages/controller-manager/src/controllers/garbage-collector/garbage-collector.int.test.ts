/** The garbage collector against a real apiserver: Background, Foreground and Orphan deletion, and dangling owners. */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { StatusError } from '@skiff/api';
import type { ApiObject, ResourceRef } from '@skiff/client';
import type { OwnerReference } from 'kubernetes-types/meta/v1.js';
import { eventually, startControllerEnv, type ControllerEnv } from '../../testing/int-env.js';
import { garbageCollectorController } from './index.js';

const NS = 'gc';
const CONFIGMAPS: ResourceRef = { group: '', version: 'v1', resource: 'configmaps', namespaced: true };
const PODS: ResourceRef = { group: '', version: 'v1', resource: 'pods', namespaced: true };
const REPLICASETS: ResourceRef = { group: 'apps', version: 'v1', resource: 'replicasets', namespaced: true };
const HOLD = 'example.com/hold';

let env: ControllerEnv;

before(async () => {
  env = await startControllerEnv({ descriptors: [garbageCollectorController], namespaces: [NS] });
});

after(async () => {
  await env?.stop();
});

function refTo(owner: ApiObject, blockOwnerDeletion = false): OwnerReference {
  return { apiVersion: owner.apiVersion ?? 'v1', kind: owner.kind ?? 'ConfigMap', name: owner.metadata?.name ?? '', uid: owner.metadata?.uid ?? '', blockOwnerDeletion };
}

async function configMap(name: string, owners: OwnerReference[] = [], finalizers: string[] = []): Promise<ApiObject> {
  return env.rest.create(CONFIGMAPS, NS, {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name, ...(owners.length ? { ownerReferences: owners } : {}), ...(finalizers.length ? { finalizers } : {}) },
    data: { k: 'v' },
  });
}

/** The object, or undefined once it is gone. */
async function find(resource: ResourceRef, name: string): Promise<ApiObject | undefined> {
  try {
    return await env.rest.get(resource, NS, name);
  } catch (err) {
    if (err instanceof StatusError && err.reason === 'NotFound') return undefined;
    throw err;
  }
}

async function gone(resource: ResourceRef, name: string): Promise<void> {
  await eventually(`${resource.resource}/${name} to be deleted`, async () => ((await find(resource, name)) === undefined ? true : undefined));
}

describe('garbage collector', () => {
  test('Background: deleting an owner removes its dependents, across kinds and down a chain', async () => {
    const rs = await env.rest.create<ApiObject>(REPLICASETS, NS, {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: { name: 'web' },
      spec: { replicas: 0, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } },
    });
    const rsRef: OwnerReference = { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web', uid: rs.metadata!.uid!, controller: true, blockOwnerDeletion: true };
    for (const name of ['web-a', 'web-b']) {
      await env.rest.create(PODS, NS, { apiVersion: 'v1', kind: 'Pod', metadata: { name, labels: { app: 'web' }, ownerReferences: [rsRef] }, spec: { containers: [{ name: 'c', image: 'nginx' }] } });
    }
    const pod = await env.rest.get(PODS, NS, 'web-a');
    await configMap('web-a-config', [refTo(pod)]);

    await env.rest.delete(REPLICASETS, NS, 'web');
    await gone(PODS, 'web-a');
    await gone(PODS, 'web-b');
    await gone(CONFIGMAPS, 'web-a-config');
  });

  test('Foreground: the owner waits, with its finalizer, until its blocking dependents are gone', async () => {
    const owner = await configMap('fg-owner');
    await configMap('fg-blocking', [refTo(owner, true)], [HOLD]);
    await configMap('fg-other', [refTo(owner, false)]);

    await env.rest.delete(CONFIGMAPS, NS, 'fg-owner', { propagationPolicy: 'Foreground' });
    // The non-blocking dependent is collected; the blocking one is being deleted but held by its own finalizer.
    await gone(CONFIGMAPS, 'fg-other');
    const held = await eventually('the blocking dependent to be deleted', async () => {
      const dep = await find(CONFIGMAPS, 'fg-blocking');
      return dep?.metadata?.deletionTimestamp ? dep : undefined;
    });
    assert.deepEqual(held.metadata?.finalizers, [HOLD]);
    const waiting = await find(CONFIGMAPS, 'fg-owner');
    assert.ok(waiting?.metadata?.deletionTimestamp, 'the owner is being deleted');
    assert.ok(waiting.metadata.finalizers?.includes('foregroundDeletion'), 'the owner keeps foregroundDeletion while a blocking dependent exists');

    await env.rest.patch(CONFIGMAPS, NS, 'fg-blocking', 'merge', { metadata: { finalizers: null } });
    await gone(CONFIGMAPS, 'fg-blocking');
    await gone(CONFIGMAPS, 'fg-owner');
  });

  test('Orphan: the owner goes and its dependents stay, without the reference', async () => {
    const owner = await configMap('orphan-owner');
    const other = await configMap('orphan-other-owner');
    await configMap('orphan-dep-1', [refTo(owner, true)]);
    await configMap('orphan-dep-2', [refTo(owner), refTo(other)]);

    await env.rest.delete(CONFIGMAPS, NS, 'orphan-owner', { propagationPolicy: 'Orphan' });
    await gone(CONFIGMAPS, 'orphan-owner');
    const dep1 = await find(CONFIGMAPS, 'orphan-dep-1');
    const dep2 = await find(CONFIGMAPS, 'orphan-dep-2');
    assert.ok(dep1 && dep2, 'the dependents still exist');
    assert.deepEqual(dep1.metadata?.ownerReferences ?? [], []);
    assert.deepEqual((dep2.metadata?.ownerReferences ?? []).map((r) => r.uid), [other.metadata?.uid]);
  });

  test('a dependent whose owner never existed, or is another object of that name, is collected; one with a live owner stays', async () => {
    const live = await configMap('live-owner');
    await configMap('kept', [refTo(live)]);
    await configMap('ghost-child', [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'ghost', uid: '00000000-0000-0000-0000-00000000dead' }]);
    await configMap('impostor-child', [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'live-owner', uid: '00000000-0000-0000-0000-00000000beef' }]);
    await gone(CONFIGMAPS, 'ghost-child');
    await gone(CONFIGMAPS, 'impostor-child');
    assert.ok(await find(CONFIGMAPS, 'kept'), 'a dependent of a live owner is kept');
    assert.ok(await find(CONFIGMAPS, 'live-owner'));
  });

  test('an owner deleted while the collector was down: its dependents are collected after a restart', async () => {
    const owner = await configMap('offline-owner');
    await configMap('offline-dep', [refTo(owner)]);
    await env.manager.stop();
    await env.rest.delete(CONFIGMAPS, NS, 'offline-owner');
    assert.ok(await find(CONFIGMAPS, 'offline-dep'), 'nothing collects it while the collector is down');
    await env.restartManager();
    await gone(CONFIGMAPS, 'offline-dep');
  });
});
