/** Tests of the Update entries recorded in managedFields for creates, updates and non-apply patches. */
 
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyServerSideApply } from './server-side-apply.js';
import { recordUpdateManager } from './update-manager.js';

const CONFIGMAP = { group: '', version: 'v1', kind: 'ConfigMap' };
const DEPLOYMENT = { group: 'apps', version: 'v1', kind: 'Deployment' };
const T0 = new Date('2026-03-01T10:00:00Z');
const T1 = new Date('2026-03-01T11:00:00Z');

type Obj = Record<string, any>;

test('create: the creator owns what it wrote; system fields are never owned; new maps own themselves', () => {
  const created = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'cm', namespace: 'default', uid: 'u', resourceVersion: '1', creationTimestamp: 'x', labels: { app: 'web' } },
    data: { key: 'value' },
  };
  const out = recordUpdateManager(undefined, created, CONFIGMAP, 'kubectl-create', T0) as Obj;
  assert.deepEqual(out.metadata.managedFields, [
    {
      manager: 'kubectl-create',
      operation: 'Update',
      apiVersion: 'v1',
      time: '2026-03-01T10:00:00Z',
      fieldsType: 'FieldsV1',
      fieldsV1: { 'f:data': { '.': {}, 'f:key': {} }, 'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } } },
    },
  ]);
  assert.equal(Object.hasOwn(created.metadata, 'managedFields'), false, 'the input is not modified');
});

test('an update takes the fields it changes from other managers, and keeps its own earlier ones', () => {
  const live = applyServerSideApply(
    undefined,
    { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { replicas: 1, paused: false } },
    DEPLOYMENT,
    { fieldManager: 'kubectl', force: false, now: T0 },
  ) as Obj;
  const first = structuredClone(live);
  first.metadata.annotations = { a: '1' };
  const afterFirst = recordUpdateManager(live, first, DEPLOYMENT, 'ctl', T0) as Obj;
  const second = structuredClone(afterFirst);
  second.spec.replicas = 3;
  const out = recordUpdateManager(afterFirst, second, DEPLOYMENT, 'ctl', T1) as Obj;
  const [applyEntry, updateEntry] = out.metadata.managedFields;
  assert.deepEqual(applyEntry.fieldsV1, { 'f:spec': { 'f:paused': {} } });
  assert.equal(updateEntry.manager, 'ctl');
  assert.equal(updateEntry.time, '2026-03-01T11:00:00Z');
  assert.deepEqual(updateEntry.fieldsV1, { 'f:metadata': { 'f:annotations': { '.': {}, 'f:a': {} } }, 'f:spec': { 'f:replicas': {} } });
});

test('removed fields are owned by no one', () => {
  const live = recordUpdateManager(undefined, { metadata: { name: 'cm', labels: { a: '1', b: '2' } } }, CONFIGMAP, 'creator', T0) as Obj;
  const next = structuredClone(live);
  delete next.metadata.labels.b;
  const out = recordUpdateManager(live, next, CONFIGMAP, 'editor', T1) as Obj;
  assert.deepEqual(out.metadata.managedFields, [
    { manager: 'creator', operation: 'Update', apiVersion: 'v1', time: '2026-03-01T10:00:00Z', fieldsType: 'FieldsV1', fieldsV1: { 'f:metadata': { 'f:labels': { '.': {}, 'f:a': {} } } } },
  ]);
});

test('a write that changes nothing records nothing', () => {
  const live = recordUpdateManager(undefined, { metadata: { name: 'cm' }, data: { k: 'v' } }, CONFIGMAP, 'creator', T0) as Obj;
  const same = structuredClone(live);
  same.metadata.resourceVersion = '42';
  assert.deepEqual(recordUpdateManager(live, same, CONFIGMAP, 'other', T1), same);
});

test('keyed list items are recorded by key, and a subresource is named', () => {
  const before = { metadata: { name: 'web' }, status: { conditions: [{ type: 'Available', status: 'True' }] } };
  const after = structuredClone(before) as Obj;
  after.status.conditions.push({ type: 'Progressing', status: 'True' });
  const out = recordUpdateManager(before, after, DEPLOYMENT, 'kube-controller-manager', T0, { subresource: 'status' }) as Obj;
  assert.deepEqual(out.metadata.managedFields[0].subresource, 'status');
  assert.deepEqual(out.metadata.managedFields[0].fieldsV1, {
    'f:status': { 'f:conditions': { 'k:{"type":"Progressing"}': { '.': {}, 'f:status': {}, 'f:type': {} } } },
  });
});

test('the result of an apply for the same write is left as it is', () => {
  const live = applyServerSideApply(undefined, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm' }, data: { a: '1' } }, CONFIGMAP, {
    fieldManager: 'kubectl',
    force: false,
    now: T0,
  }) as Obj;
  const reapplied = applyServerSideApply(live, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm' }, data: { a: '2' } }, CONFIGMAP, {
    fieldManager: 'kubectl',
    force: false,
    now: T1,
  }) as Obj;
  assert.deepEqual(recordUpdateManager(live, reapplied, CONFIGMAP, 'kubectl', T1), reapplied);
});
