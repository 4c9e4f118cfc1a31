/** Tests of the strategic merge patch directives and list ordering, with cases from Kubernetes' own strategicpatch tests. */
 
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { statusErrorOf } from '../errors/index.js';
import { applyStrategicMergePatch } from './strategic-merge-patch.js';

const POD = { group: '', version: 'v1', kind: 'Pod' };
const DEPLOYMENT = { group: 'apps', version: 'v1', kind: 'Deployment' };

type Obj = Record<string, any>;

/** Applies `spec` as a Pod spec patch and returns the patched spec. */
function podSpec(spec: Obj, patch: Obj): Obj {
  return (applyStrategicMergePatch({ spec }, { spec: patch }, POD) as Obj).spec;
}

const names = (list: Obj[]): unknown[] => list.map((item) => item.name);


test('the SMP body kubectl apply sends: $setElementOrder, a new sidecar, ports: null', () => {
  const live = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'nginx', annotations: { 'kubectl.kubernetes.io/last-applied-configuration': 'old' } },
    spec: {
      replicas: 2,
      template: {
        metadata: { labels: { app: 'nginx' } },
        spec: { containers: [{ name: 'nginx', image: 'nginx:1.25', ports: [{ containerPort: 80, protocol: 'TCP' }] }], restartPolicy: 'Always' },
      },
    },
  };
  const patch = JSON.parse(
    '{"metadata":{"annotations":{"kubectl.kubernetes.io/last-applied-configuration":"new\\n"}},"spec":{"template":{"spec":{"$setElementOrder/containers":[{"name":"sidecar"},{"name":"nginx"}],"containers":[{"image":"busybox","name":"sidecar"},{"env":[{"name":"A","value":"1"}],"image":"nginx:1.27","name":"nginx","ports":null}]}}}}',
  );
  const out = applyStrategicMergePatch(live, patch, DEPLOYMENT) as Obj;
  assert.deepEqual(out, {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'nginx', annotations: { 'kubectl.kubernetes.io/last-applied-configuration': 'new\n' } },
    spec: {
      replicas: 2,
      template: {
        metadata: { labels: { app: 'nginx' } },
        spec: {
          containers: [
            { image: 'busybox', name: 'sidecar' },
            { name: 'nginx', image: 'nginx:1.27', env: [{ name: 'A', value: '1' }] },
          ],
          restartPolicy: 'Always',
        },
      },
    },
  });
  assert.equal(live.spec.template.spec.containers[0]!.image, 'nginx:1.25', 'the live object is not modified');
});

test('merging by key updates the matching item and keeps the others', () => {
  const spec = podSpec({ containers: [{ name: 'a', image: 'x', args: ['1'] }, { name: 'b', image: 'y' }] }, { containers: [{ name: 'a', image: 'z' }] });
  assert.deepEqual(spec.containers, [
    { name: 'a', image: 'z', args: ['1'] },
    { name: 'b', image: 'y' },
  ]);
});

test('patch order wins over live order (upstream "preserve the order from the patch in a merging list")', () => {
  const live = { containers: [{ name: '1' }, { name: '2', image: 'b' }, { name: '3' }] };
  assert.deepEqual(podSpec(live, { containers: [{ name: '3', image: 'c' }, { name: '1', image: 'a' }, { name: '2', args: ['x'] }] }).containers, [
    { name: '3', image: 'c' },
    { name: '1', image: 'a' },
    { name: '2', image: 'b', args: ['x'] },
  ]);
  // Items only the server has keep their place relative to the patched ones ("... merging list 2").
  assert.deepEqual(names(podSpec(live, { containers: [{ name: '3' }, { name: '1' }] }).containers), ['2', '3', '1']);
});

test('without $setElementOrder a new item lands where Kubernetes puts it: before later live items', () => {
  const spec = podSpec({ containers: [{ name: 'a' }, { name: 'b' }] }, { containers: [{ name: 'c' }] });
  assert.deepEqual(names(spec.containers), ['c', 'a', 'b']);
  const after = podSpec({ containers: [{ name: 'a' }, { name: 'b' }] }, { containers: [{ name: 'b', image: 'x' }, { name: 'c' }] });
  assert.deepEqual(names(after.containers), ['a', 'b', 'c']);
});

test('$setElementOrder orders the merged list, including items not in the patch', () => {
  const spec = podSpec(
    { containers: [{ name: '1' }, { name: '3' }] },
    { '$setElementOrder/containers': [{ name: '3' }, { name: '2' }, { name: '1' }], containers: [{ name: '3', image: '3' }, { name: '1', image: '1' }] },
  );
  assert.deepEqual(spec.containers, [
    { name: '3', image: '3' },
    { name: '1', image: '1' },
  ]);
  const reorderOnly = podSpec({ containers: [{ name: 'a' }, { name: 'b' }, { name: 'c' }] }, { '$setElementOrder/containers': [{ name: 'c' }, { name: 'a' }, { name: 'b' }] });
  assert.deepEqual(names(reorderOnly.containers), ['c', 'a', 'b']);
});

test('$setElementOrder with deletions and additions places server-only items as Kubernetes does (upstream 3-way cases)', () => {
  const order = [{ name: '2' }, { name: '3' }];
  const first = podSpec(
    { containers: [{ name: '1' }, { name: '2', image: 'b' }, { name: '4', image: 'c' }] },
    { '$setElementOrder/containers': order, containers: [{ name: '3' }, { name: '1', $patch: 'delete' }] },
  );
  assert.deepEqual(first.containers, [{ name: '2', image: 'b' }, { name: '4', image: 'c' }, { name: '3' }]);
  const second = podSpec(
    { containers: [{ name: '1', image: 'a' }, { name: '4', image: 'c' }] },
    { '$setElementOrder/containers': order, containers: [{ name: '2' }, { name: '3' }, { name: '1', $patch: 'delete' }] },
  );
  assert.deepEqual(second.containers, [{ name: '4', image: 'c' }, { name: '2' }, { name: '3' }]);
});

test('$setElementOrder on a primitive list reorders it (upstream case with an absent item)', () => {
  const out = applyStrategicMergePatch({ metadata: { finalizers: ['1', '3'] } }, { metadata: { '$setElementOrder/finalizers': ['3', '2', '1'] } }, POD) as Obj;
  assert.deepEqual(out.metadata.finalizers, ['3', '1']);
});

test('$setElementOrder that contradicts the patch list order is 400', () => {
  const err = statusErrorOf(() =>
    podSpec(
      { containers: [{ name: '1' }, { name: '3' }, { name: '2' }] },
      { '$setElementOrder/containers': [{ name: '1' }, { name: '2' }, { name: '3' }], containers: [{ name: '3' }, { name: '1' }] },
    ),
  );
  assert.equal(err.code, 400);
  assert.match(err.message, /doesn't match \$setElementOrder list/);
  assert.equal(statusErrorOf(() => podSpec({ containers: [] }, { '$setElementOrder/containers': 'x' })).code, 400);
});

test('a patch item without the merge key is 400', () => {
  const err = statusErrorOf(() => podSpec({ containers: [{ name: '1', image: 'a' }] }, { containers: [{ image: 'b' }] }));
  assert.equal(err.code, 400);
  assert.equal(err.message, 'map: map[image:b] does not contain declared merge key: name');
});

test('$patch: delete on a list item removes every live item with that key', () => {
  const spec = podSpec(
    { containers: [{ name: '1' }, { name: '1' }, { name: '2', image: 'a' }, { name: '3' }, { name: '3' }] },
    { containers: [{ name: '1', $patch: 'delete' }, { name: '3', $patch: 'delete' }] },
  );
  assert.deepEqual(spec.containers, [{ name: '2', image: 'a' }]);
});

test('$patch: replace as a list item makes the other patch items the whole list', () => {
  assert.deepEqual(podSpec({ containers: [{ name: '1' }, { name: '2' }] }, { containers: [{ $patch: 'replace' }] }).containers, []);
  assert.deepEqual(podSpec({ containers: [{ name: '1' }, { name: '2' }] }, { containers: [{ name: 'x', image: 'i' }, { $patch: 'replace' }] }).containers, [
    { name: 'x', image: 'i' },
  ]);
});

test('$patch: delete and replace on maps', () => {
  assert.deepEqual(podSpec({ nodeSelector: { a: '1', b: '2' } }, { nodeSelector: { $patch: 'delete' } }).nodeSelector, {});
  const labels = applyStrategicMergePatch({ metadata: { labels: { a: '1', b: '2' } } }, { metadata: { labels: { c: '3', $patch: 'replace' } } }, POD) as Obj;
  assert.deepEqual(labels.metadata.labels, { c: '3' });
  assert.deepEqual(applyStrategicMergePatch({ name: '1', value: '1' }, { $patch: 'replace' }, POD), {});
});

test('$patch: merge and unknown directives are 400', () => {
  assert.match(statusErrorOf(() => podSpec({ containers: [{ name: '1' }] }, { containers: [{ name: '1', $patch: 'merge' }] })).message, /merging lists cannot yet be specified in the patch/);
  assert.equal(statusErrorOf(() => podSpec({ nodeSelector: { a: '1' } }, { nodeSelector: { $patch: 'merge' } })).message, 'unknown patch type: merge in map: map[$patch:merge]');
  assert.equal(statusErrorOf(() => podSpec({ containers: [{ name: '1' }] }, { containers: [{ name: '1', $patch: 'bogus' }] })).code, 400);
});

test('scalar merge lists are sets, in patch order (upstream "unique scalars" and "merging int list" cases)', () => {
  const merged = (live: string[], patch: string[]) => (applyStrategicMergePatch({ metadata: { finalizers: live } }, { metadata: { finalizers: patch } }, POD) as Obj).metadata.finalizers;
  assert.deepEqual(merged(['1', '2'], ['2', '3']), ['1', '2', '3']);
  assert.deepEqual(merged(['1', '2', '3'], ['3', '1', '2']), ['3', '1', '2']);
  assert.deepEqual(merged(['1', '2', '3'], ['3', '1']), ['2', '3', '1']);
});

test('$deleteFromPrimitiveList removes values, on merge and non-merge lists alike', () => {
  const out = applyStrategicMergePatch(
    { metadata: { finalizers: ['a', 'b', 'c'] }, spec: { podCIDRs: ['x'], other: ['1', '2', '3'] } },
    { metadata: { '$deleteFromPrimitiveList/finalizers': ['b', 'zzz'] }, spec: { '$deleteFromPrimitiveList/other': ['2'], '$deleteFromPrimitiveList/absent': ['3'] } },
    POD,
  ) as Obj;
  assert.deepEqual(out.metadata.finalizers, ['a', 'c']);
  assert.deepEqual(out.spec.other, ['1', '3']);
  assert.equal('absent' in out.spec, false, 'deleting from a missing list does not create it');
  assert.equal(statusErrorOf(() => applyStrategicMergePatch({}, { '$deleteFromPrimitiveListX/a': [1] }, POD)).message, 'invalid patch format of primitive list');
});

test('$retainKeys clears the keys it does not list (Deployment strategy, volumes)', () => {
  const deployment = { spec: { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1 } } } };
  const out = applyStrategicMergePatch(deployment, { spec: { strategy: { $retainKeys: ['type'], type: 'Recreate' } } }, DEPLOYMENT) as Obj;
  assert.deepEqual(out.spec.strategy, { type: 'Recreate' });

  const volumes = podSpec(
    { volumes: [{ name: 'v', emptyDir: {} }, { name: 'w', emptyDir: {} }] },
    { volumes: [{ name: 'v', $retainKeys: ['hostPath', 'name'], hostPath: { path: '/data' } }] },
  ).volumes;
  assert.deepEqual(volumes, [
    { name: 'v', hostPath: { path: '/data' } },
    { name: 'w', emptyDir: {} },
  ]);
});

test('without $retainKeys a retainKeys field merges normally (upstream retainKeys map cases)', () => {
  const out = applyStrategicMergePatch({ spec: { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1 } } } }, { spec: { strategy: { rollingUpdate: { maxUnavailable: 0 } } } }, DEPLOYMENT) as Obj;
  assert.deepEqual(out.spec.strategy, { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } });
});

test('bad $retainKeys directives are 400', () => {
  const live = { spec: { strategy: { type: 'RollingUpdate' } } };
  for (const strategy of [{ $retainKeys: ['type'], rollingUpdate: {} }, { $retainKeys: 'type' }]) {
    const err = statusErrorOf(() => applyStrategicMergePatch(live, { spec: { strategy } }, DEPLOYMENT));
    assert.equal(err.code, 400);
    assert.equal(err.message, 'invalid patch format of retainKeys');
  }
});

test('null deletes; nulls inside new values are discarded (upstream "discard nulls in nested")', () => {
  const out = applyStrategicMergePatch({ a: 1, keep: { x: 1 } }, { a: null, fresh: { key: { notnull: 'v', isnull: null } }, missing: null }, POD);
  assert.deepEqual(out, { keep: { x: 1 }, fresh: { key: { notnull: 'v' } } });
  const list = applyStrategicMergePatch({}, { values: ['a', null, 'b'] }, POD);
  assert.deepEqual(list, { values: ['a', null, 'b'] }, 'nulls in a scalar list are kept');
});

test('lists without a merge strategy are replaced (tolerations, args, Service selector values)', () => {
  const spec = podSpec({ tolerations: [{ key: 'a' }, { key: 'b' }] }, { tolerations: [{ key: 'c' }] });
  assert.deepEqual(spec.tolerations, [{ key: 'c' }]);
  const container = podSpec({ containers: [{ name: 'c', args: ['1', '2'] }] }, { containers: [{ name: 'c', args: ['3'] }] }).containers[0];
  assert.deepEqual(container.args, ['3']);
});

test('unknown kinds fall back to merge-patch semantics: maps merge, lists replace', () => {
  const widget = { group: 'example.com', version: 'v1', kind: 'Widget' };
  const out = applyStrategicMergePatch({ spec: { items: [{ name: 'a' }], nested: { a: 1 } } }, { spec: { items: [{ name: 'b' }], nested: { b: 2 } } }, widget);
  assert.deepEqual(out, { spec: { items: [{ name: 'b' }], nested: { a: 1, b: 2 } } });
});

test('lists of lists are 422; mixed item types and non-object patches are 400', () => {
  assert.equal(statusErrorOf(() => applyStrategicMergePatch({ metadata: { finalizers: [['a']] } }, { metadata: { finalizers: [['b']] } }, POD)).code, 422);
  assert.equal(statusErrorOf(() => applyStrategicMergePatch({ metadata: { finalizers: ['a'] } }, { metadata: { finalizers: [1] } }, POD)).code, 400);
  const notObject = statusErrorOf(() => applyStrategicMergePatch({}, [1], POD));
  assert.equal(notObject.code, 400);
  assert.equal(notObject.message, 'json: cannot unmarshal array into Go value of type map[string]interface {}');
  assert.deepEqual(applyStrategicMergePatch({ a: 1 }, null, POD), { a: 1 }, 'a null patch changes nothing');
});

test('a value of a different type replaces the live one', () => {
  assert.deepEqual(applyStrategicMergePatch({ a: 'x', b: ['1'] }, { a: { y: 1 }, b: 'flat' }, POD), { a: { y: 1 }, b: 'flat' });
});

test('the patch is not modified', () => {
  const patch = { spec: { containers: [{ name: 'a', image: 'b', $retainKeys: ['name', 'image'] }], '$setElementOrder/containers': [{ name: 'a' }] } };
  const copy = structuredClone(patch);
  podSpec({ containers: [{ name: 'a' }] }, patch.spec);
  assert.deepEqual(patch, copy);
});
