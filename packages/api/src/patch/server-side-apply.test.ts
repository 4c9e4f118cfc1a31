/** Tests of server-side apply: creation, merging into live objects, managedFields, pruning and conflicts. */
 
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { statusErrorOf } from '../errors/index.js';
import { applyServerSideApply } from './server-side-apply.js';
import { recordUpdateManager } from './update-manager.js';

const DEPLOYMENT = { group: 'apps', version: 'v1', kind: 'Deployment' };
const T0 = new Date('2026-03-01T10:00:00.250Z');
const T1 = new Date('2026-03-01T10:05:00Z');
const T2 = new Date('2026-03-01T10:10:00Z');

type Obj = Record<string, any>;

/** The manifest `kubectl apply --server-side` sends for a small nginx Deployment. */
function config(replicas = 2, image = 'nginx:1.25'): Obj {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { labels: { app: 'nginx' }, name: 'nginx', namespace: 'default' },
    spec: {
      replicas,
      selector: { matchLabels: { app: 'nginx' } },
      template: {
        metadata: { labels: { app: 'nginx' } },
        spec: { containers: [{ name: 'nginx', image, ports: [{ containerPort: 80 }] }] },
      },
    },
  };
}

const apply = (live: unknown, applied: unknown, fieldManager = 'kubectl', force = false, now = T0): Obj =>
  applyServerSideApply(live, applied, DEPLOYMENT, { fieldManager, force, now }) as Obj;


const managers = (obj: Obj): string[] => (obj.metadata.managedFields as Obj[]).map((m) => `${m.manager}/${m.operation}`);

test('create: the object is the configuration plus one Apply entry in FieldsV1', () => {
  const out = apply(undefined, config());
  const { managedFields, ...metadata } = out.metadata;
  assert.deepEqual({ ...out, metadata }, config());
  assert.deepEqual(managedFields, [
    {
      manager: 'kubectl',
      operation: 'Apply',
      apiVersion: 'apps/v1',
      time: '2026-03-01T10:00:00Z',
      fieldsType: 'FieldsV1',
      fieldsV1: {
        'f:metadata': { 'f:labels': { 'f:app': {} } },
        'f:spec': {
          'f:replicas': {},
          'f:selector': {},
          'f:template': {
            'f:metadata': { 'f:labels': { 'f:app': {} } },
            'f:spec': {
              'f:containers': {
                'k:{"name":"nginx"}': {
                  '.': {},
                  'f:image': {},
                  'f:name': {},
                  'f:ports': { 'k:{"containerPort":80,"protocol":"TCP"}': { '.': {}, 'f:containerPort': {} } },
                },
              },
            },
          },
        },
      },
    },
  ]);
});

test('update: fields the configuration does not mention are left alone', () => {
  const live = apply(undefined, config());
  live.metadata.uid = 'u-1';
  live.metadata.annotations = { note: 'kept' };
  live.spec.template.spec.dnsPolicy = 'ClusterFirst';
  live.spec.template.spec.containers[0].terminationMessagePath = '/dev/termination-log';
  live.status = { replicas: 2 };
  const out = apply(live, config(2, 'nginx:1.27'), 'kubectl', false, T1);
  assert.equal(out.spec.template.spec.containers[0].image, 'nginx:1.27');
  assert.equal(out.spec.template.spec.containers[0].terminationMessagePath, '/dev/termination-log');
  assert.equal(out.spec.template.spec.dnsPolicy, 'ClusterFirst');
  assert.deepEqual(out.metadata.annotations, { note: 'kept' });
  assert.equal(out.metadata.uid, 'u-1');
  assert.deepEqual(out.status, { replicas: 2 });
  assert.equal(out.metadata.managedFields[0].time, '2026-03-01T10:05:00Z');
});

test('keyed lists merge item by item: other containers and env entries survive', () => {
  const live = apply(undefined, config());
  live.spec.template.spec.containers[0].env = [{ name: 'FROM_OTHER', value: '1' }];
  live.spec.template.spec.containers.push({ name: 'sidecar', image: 'busybox' });
  const applied = config();
  applied.spec.template.spec.containers[0].env = [{ name: 'MINE', value: '2' }];
  const out = apply(live, applied);
  const [nginx, sidecar] = out.spec.template.spec.containers;
  assert.deepEqual(nginx.env, [{ name: 'FROM_OTHER', value: '1' }, { name: 'MINE', value: '2' }]);
  assert.deepEqual(sidecar, { name: 'sidecar', image: 'busybox' });
});

test('a field this manager stops applying is removed, unless another manager owns it', () => {
  const withExtra = config();
  withExtra.metadata.labels.tier = 'front';
  withExtra.metadata.annotations = { owner: 'me' };
  const live = apply(undefined, withExtra);
  const out = apply(live, config(), 'kubectl', false, T1);
  assert.deepEqual(out.metadata.labels, { app: 'nginx' });
  assert.equal('annotations' in out.metadata, false, 'an emptied map is dropped');

  const shared = apply(live, { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'nginx', labels: { tier: 'front' } } }, 'other', false, T1);
  const after = apply(shared, config(), 'kubectl', false, T2);
  assert.equal(after.metadata.labels.tier, 'front');
});

test('a list item this manager stops applying is removed; missing key fields take their defaults', () => {
  const withSidecar = config();
  withSidecar.spec.template.spec.containers.push({ name: 'sidecar', image: 'busybox' });
  const live = apply(undefined, withSidecar);
  live.spec.template.spec.containers[0].ports[0].protocol = 'TCP'; // as the server defaults it
  const out = apply(live, config(), 'kubectl', false, T1);
  assert.deepEqual(out.spec.template.spec.containers, [{ name: 'nginx', image: 'nginx:1.25', ports: [{ containerPort: 80, protocol: 'TCP' }] }]);
  assert.deepEqual(Object.keys(out.metadata.managedFields[0].fieldsV1['f:spec']['f:template']['f:spec']['f:containers']), ['k:{"name":"nginx"}']);
});

test('conflict: a field set by another manager with a different value is 409 with Kubernetes wording', () => {
  const live = apply(undefined, config());
  const scaled = structuredClone(live);
  scaled.spec.replicas = 5;
  const recorded = recordUpdateManager(live, scaled, DEPLOYMENT, 'kubectl-scale', T1) as Obj;
  assert.deepEqual(managers(recorded), ['kubectl/Apply', 'kubectl-scale/Update']);

  const err = statusErrorOf(() => apply(recorded, config(), 'kubectl', false, T2));
  assert.equal(err.code, 409);
  assert.equal(err.reason, 'Conflict');
  assert.equal(err.message, 'Apply failed with 1 conflict: conflict with "kubectl-scale" using apps/v1: .spec.replicas');
  assert.deepEqual(err.details?.causes, [{ reason: 'FieldManagerConflict', message: 'conflict with "kubectl-scale" using apps/v1', field: '.spec.replicas' }]);
});

test('force takes the conflicting fields from the other manager', () => {
  const live = apply(undefined, config());
  const scaled = structuredClone(live);
  scaled.spec.replicas = 5;
  const recorded = recordUpdateManager(live, scaled, DEPLOYMENT, 'kubectl-scale', T1) as Obj;
  const out = apply(recorded, config(), 'kubectl', true, T2);
  assert.equal(out.spec.replicas, 2);
  assert.deepEqual(managers(out), ['kubectl/Apply'], 'a manager left with nothing is dropped');
  assert.ok('f:replicas' in out.metadata.managedFields[0].fieldsV1['f:spec']);
});

test('the same value from two appliers is shared, not a conflict', () => {
  const live = apply(undefined, config());
  const out = apply(live, { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'nginx' }, spec: { replicas: 2 } }, 'other', false, T1);
  assert.deepEqual(managers(out), ['kubectl/Apply', 'other/Apply']);
  assert.deepEqual(out.metadata.managedFields[1].fieldsV1, { 'f:spec': { 'f:replicas': {} } });
});

test('several conflicts are grouped by manager', () => {
  const live = apply(undefined, config());
  const other = apply(live, { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'nginx' }, spec: { replicas: 3 } }, 'a', true, T1);
  const changed = config(4, 'nginx:2');
  const err = statusErrorOf(() => apply(other, changed, 'b', false, T2));
  assert.equal(
    err.message,
    'Apply failed with 2 conflicts: conflicts with "a":\n- .spec.replicas\nconflicts with "kubectl":\n- .spec.template.spec.containers[name="nginx"].image',
  );
  assert.equal(err.details?.causes?.length, 2);
});

test('applying the same configuration again changes nothing, time included', () => {
  const live = apply(undefined, config());
  const again = apply(live, config(), 'kubectl', false, T1);
  assert.deepEqual(again, live);
});

test('a live object without managedFields is owned by "before-first-apply"', () => {
  const legacy = { ...config(7), metadata: { name: 'nginx', namespace: 'default', uid: 'u' } };
  const err = statusErrorOf(() => apply(legacy, config()));
  assert.match(err.message, /conflict with "before-first-apply" using apps\/v1: \.spec\.replicas/);
});

test('bad apply requests are 400', () => {
  const wrongVersion = statusErrorOf(() => apply(undefined, { ...config(), apiVersion: 'apps/v1beta1' }));
  assert.equal(wrongVersion.code, 400);
  assert.equal(wrongVersion.message, 'Incorrect version specified in apply patch. Specified patch version: apps/v1beta1, expected: apps/v1');
  const withManaged = config();
  withManaged.metadata.managedFields = [];
  assert.equal(statusErrorOf(() => apply(undefined, withManaged)).message, 'metadata.managedFields must be nil');
  const noKey = config();
  delete noKey.spec.template.spec.containers[0].name;
  assert.equal(
    statusErrorOf(() => apply(undefined, noKey)).message,
    'failed to create typed patch object (default/nginx; apps/v1, Kind=Deployment): .spec.template.spec.containers: element 0: associative list with keys has an element that omits key field "name" (and doesn\'t have default value)',
  );
  const duplicate = config();
  duplicate.spec.template.spec.containers.push({ name: 'nginx' });
  assert.match(statusErrorOf(() => apply(undefined, duplicate)).message, /duplicate entries for key \[name="nginx"\]/);
});

test('the inputs are not modified', () => {
  const live = apply(undefined, config());
  const liveCopy = structuredClone(live);
  const applied = config(3);
  const appliedCopy = structuredClone(applied);
  apply(live, applied, 'kubectl', false, T1);
  assert.deepEqual(live, liveCopy);
  assert.deepEqual(applied, appliedCopy);
});
