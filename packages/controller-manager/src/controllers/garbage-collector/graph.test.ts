/** The ownership graph: links, virtual owners, and the work each change asks for. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ApiObject } from '@skiff/client';
import type { OwnerReference } from 'kubernetes-types/meta/v1.js';
import { OwnershipGraph } from './graph.js';

const namespaced = (): boolean => true;
const ref = (uid: string, blockOwnerDeletion = false): OwnerReference => ({ apiVersion: 'v1', kind: 'ConfigMap', name: uid, uid, blockOwnerDeletion });
const cm = (uid: string, owners: OwnerReference[] = [], extra: Partial<NonNullable<ApiObject['metadata']>> = {}): ApiObject => ({
  metadata: { name: uid, namespace: 'ns', uid, ownerReferences: owners, ...extra },
});

test('a dependent seen before its owner links to a virtual owner and is checked', () => {
  const g = new OwnershipGraph();
  const work = g.upsert(cm('child', [ref('parent')]), 'v1', 'ConfigMap', namespaced);
  assert.deepEqual(work.attemptToDelete, ['child']);
  const parent = g.get('parent')!;
  assert.equal(parent.virtual, true);
  assert.equal(parent.identity.namespace, 'ns');
  assert.deepEqual([...parent.dependents].map((d) => d.identity.uid), ['child']);
  // Once the owner is observed it is real, and a later change of the dependent needs no check.
  g.upsert(cm('parent'), 'v1', 'ConfigMap', namespaced);
  assert.equal(g.get('parent')!.virtual, false);
  assert.deepEqual(g.upsert(cm('child', [ref('parent')], { labels: { a: 'b' } }), 'v1', 'ConfigMap', namespaced).attemptToDelete, []);
});

test('deleting an owner asks for its dependents; a virtual owner goes with its last dependent', () => {
  const g = new OwnershipGraph();
  g.upsert(cm('parent'), 'v1', 'ConfigMap', namespaced);
  g.upsert(cm('child', [ref('parent')]), 'v1', 'ConfigMap', namespaced);
  assert.deepEqual(g.remove('parent').attemptToDelete, ['child']);
  assert.equal(g.get('parent')?.virtual, true, 'kept while a dependent points at it');
  g.remove('child');
  assert.equal(g.get('parent'), undefined);
  assert.equal(g.size, 0);
});

test('Foreground: the owner and all its dependents are looked at; only blocking dependents hold it', () => {
  const g = new OwnershipGraph();
  g.upsert(cm('owner'), 'v1', 'ConfigMap', namespaced);
  g.upsert(cm('blocking', [ref('owner', true)]), 'v1', 'ConfigMap', namespaced);
  g.upsert(cm('loose', [ref('owner')]), 'v1', 'ConfigMap', namespaced);
  const work = g.upsert(cm('owner', [], { deletionTimestamp: '2026-01-01T00:00:00Z', finalizers: ['foregroundDeletion'] }), 'v1', 'ConfigMap', namespaced);
  assert.deepEqual([...work.attemptToDelete].sort(), ['blocking', 'loose', 'owner']);
  assert.deepEqual(g.blockingDependents('owner').map((d) => d.identity.uid), ['blocking']);
  // The blocking dependent going away asks for the waiting owner again.
  assert.deepEqual(g.remove('blocking').attemptToDelete, ['owner']);
  assert.deepEqual(g.blockingDependents('owner'), []);
});

test('Orphan: an owner being deleted with the orphan finalizer is handed to attemptToOrphan', () => {
  const g = new OwnershipGraph();
  const work = g.upsert(cm('owner', [], { deletionTimestamp: '2026-01-01T00:00:00Z', finalizers: ['orphan'] }), 'v1', 'ConfigMap', namespaced);
  assert.deepEqual(work.attemptToOrphan, ['owner']);
});

test('a dependent dropping its reference to a waiting owner asks for the owner', () => {
  const g = new OwnershipGraph();
  g.upsert(cm('owner', [], { deletionTimestamp: '2026-01-01T00:00:00Z', finalizers: ['foregroundDeletion'] }), 'v1', 'ConfigMap', namespaced);
  g.upsert(cm('dep', [ref('owner', true)]), 'v1', 'ConfigMap', namespaced);
  const work = g.upsert(cm('dep', []), 'v1', 'ConfigMap', namespaced);
  assert.ok(work.attemptToDelete.includes('owner'));
  assert.equal(g.get('owner')!.dependents.size, 0);
});

test('a namespaced dependent of a cluster-scoped owner points at an owner without namespace', () => {
  const g = new OwnershipGraph();
  g.upsert(cm('child', [{ apiVersion: 'v1', kind: 'Node', name: 'n1', uid: 'node-uid' }]), 'v1', 'ConfigMap', (_v, kind) => kind !== 'Node');
  assert.equal(g.get('node-uid')!.identity.namespace, undefined);
});
