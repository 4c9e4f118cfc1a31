/** Unit tests of the store, its indexes, listers and atomic replace. */
import { parseLabelSelector } from '@skiff/api';
import type { ApiObject } from '@skiff/client';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fieldIndexFunc, labelIndexFunc, NAMESPACE_INDEX, ownerUidIndexFunc } from './indexer.js';
import { objectKey, Store } from './store.js';
import { DeletedFinalStateUnknown } from './tombstone.js';

function pod(ns: string, name: string, extra: { node?: string; labels?: Record<string, string>; owner?: string; rv?: string } = {}): ApiObject {
  return {
    metadata: {
      namespace: ns,
      name,
      resourceVersion: extra.rv ?? '1',
      ...(extra.labels ? { labels: extra.labels } : {}),
      ...(extra.owner ? { ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'rs', uid: extra.owner }] } : {}),
    },
    spec: extra.node ? { nodeName: extra.node } : {},
  };
}

const names = (objs: ApiObject[]): string[] => objs.map(objectKey).sort();

test('objectKey is namespace/name, or name for cluster-scoped objects', () => {
  assert.equal(objectKey(pod('ns1', 'a')), 'ns1/a');
  assert.equal(objectKey({ metadata: { name: 'node-1' } }), 'node-1');
  assert.throws(() => objectKey({ metadata: {} }), /no metadata.name/);
});

test('listers read by key, by namespace, by label selector and by custom indexes', () => {
  const store = new Store({ nodeName: fieldIndexFunc('spec.nodeName'), owner: ownerUidIndexFunc, app: labelIndexFunc('app') });
  const lister = store.lister();
  store.add(pod('a', 'p1', { node: 'n1', labels: { app: 'web' }, owner: 'u1' }));
  store.add(pod('a', 'p2', { node: 'n2', labels: { app: 'db' }, owner: 'u1' }));
  store.add(pod('b', 'p3', { node: 'n1', labels: { app: 'web' } }));
  store.add(pod('b', 'p4'));

  assert.equal(lister.size, 4);
  assert.equal(lister.get('a/p2')?.metadata?.name, 'p2');
  assert.equal(lister.get('a/none'), undefined);
  assert.deepEqual(names(lister.list()), ['a/p1', 'a/p2', 'b/p3', 'b/p4']);
  assert.deepEqual(names(lister.list(parseLabelSelector('app=web'))), ['a/p1', 'b/p3']);
  assert.deepEqual(names(lister.listByNamespace('b')), ['b/p3', 'b/p4']);
  assert.deepEqual(names(lister.listByNamespace('b', parseLabelSelector('app'))), ['b/p3']);
  assert.deepEqual(names(lister.byIndex('nodeName', 'n1')), ['a/p1', 'b/p3']);
  assert.deepEqual(names(lister.byIndex('owner', 'u1')), ['a/p1', 'a/p2']);
  assert.deepEqual(names(lister.byIndex('app', 'db')), ['a/p2']);
  assert.deepEqual(names(lister.byIndex(NAMESPACE_INDEX, 'a')), ['a/p1', 'a/p2']);
  assert.deepEqual(store.indexValues('nodeName').sort(), ['n1', 'n2']);
  assert.throws(() => lister.byIndex('nope', 'x'), /does not exist/);
  assert.equal((lister as unknown as { add?: unknown }).add, undefined, 'a lister has no write methods');
});

test('an update moves the object between index entries and a delete removes it from all', () => {
  const store = new Store({ nodeName: fieldIndexFunc('spec.nodeName') });
  store.add(pod('a', 'p1', { node: 'n1' }));
  const old = store.upsert(pod('a', 'p1', { node: 'n2', rv: '2' }));
  assert.equal(old?.metadata?.resourceVersion, '1');
  assert.deepEqual(store.byIndex('nodeName', 'n1'), []);
  assert.deepEqual(names(store.byIndex('nodeName', 'n2')), ['a/p1']);
  assert.deepEqual(store.indexValues('nodeName'), ['n2']);
  assert.equal(store.resourceVersion, '2');

  assert.equal(store.remove(pod('a', 'p1', { rv: '3' }))?.metadata?.resourceVersion, '2');
  assert.equal(store.size, 0);
  assert.deepEqual(store.byIndex('nodeName', 'n2'), []);
  assert.deepEqual(store.listByNamespace('a'), []);
  assert.deepEqual(store.indexValues('nodeName'), []);
  assert.equal(store.remove(pod('a', 'p1')), undefined, 'removing an absent object reports nothing');
});

test('indexers added later index the current content', () => {
  const store = new Store();
  store.add(pod('a', 'p1', { node: 'n1' }));
  store.addIndexers({ nodeName: fieldIndexFunc('spec.nodeName') });
  assert.deepEqual(names(store.byIndex('nodeName', 'n1')), ['a/p1']);
  assert.throws(() => store.addIndexers({ nodeName: fieldIndexFunc('spec.nodeName') }), /already exists/);
});

test('replace swaps content and indexes whole, and reports adds, updates and tombstones', () => {
  const store = new Store({ nodeName: fieldIndexFunc('spec.nodeName') });
  const lister = store.lister();
  store.add(pod('a', 'keep', { node: 'n1', rv: '1' }));
  store.add(pod('a', 'gone', { node: 'n1', rv: '2' }));

  const result = store.replace([pod('a', 'keep', { node: 'n2', rv: '5' }), pod('b', 'new', { node: 'n1', rv: '4' })], '7');

  assert.deepEqual(names(result.added), ['b/new']);
  assert.equal(result.updated.length, 1);
  assert.equal(result.updated[0]!.oldObj.metadata?.resourceVersion, '1');
  assert.equal(result.updated[0]!.newObj.metadata?.resourceVersion, '5');
  assert.equal(result.deleted.length, 1);
  assert.ok(result.deleted[0] instanceof DeletedFinalStateUnknown);
  assert.equal(result.deleted[0]!.key, 'a/gone');
  assert.equal(result.deleted[0]!.obj.metadata?.resourceVersion, '2', 'the tombstone holds the last state seen');

  // The lister taken before the swap sees the new content, and no index keeps a stale entry.
  assert.deepEqual(names(lister.list()), ['a/keep', 'b/new']);
  assert.deepEqual(names(lister.byIndex('nodeName', 'n1')), ['b/new']);
  assert.deepEqual(names(lister.byIndex('nodeName', 'n2')), ['a/keep']);
  assert.deepEqual(names(lister.listByNamespace('a')), ['a/keep']);
  assert.equal(store.resourceVersion, '7');
});

test('a replace that throws half-way leaves the old content untouched', () => {
  const store = new Store();
  store.add(pod('a', 'p1'));
  assert.throws(() => store.replace([pod('a', 'p2'), { metadata: {} }], '9'));
  assert.deepEqual(names(store.list()), ['a/p1']);
  assert.deepEqual(names(store.listByNamespace('a')), ['a/p1']);
  assert.equal(store.resourceVersion, '1');
});
