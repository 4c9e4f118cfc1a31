/** Tests of RFC 6902 JSON patch and the Status errors Kubernetes returns for bad ones. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { statusErrorOf } from '../errors/index.js';
import { applyJsonPatch, MAX_JSON_PATCH_OPERATIONS } from './json-patch.js';

const pod = () => ({
  metadata: { name: 'web', labels: { app: 'web' } },
  spec: { containers: [{ name: 'web', image: 'nginx:1.25' }] },
});


test('add, replace, remove, move, copy and test apply in order', () => {
  const out = applyJsonPatch(pod(), [
    { op: 'add', path: '/metadata/labels/tier', value: 'front' },
    { op: 'replace', path: '/spec/containers/0/image', value: 'nginx:1.27' },
    { op: 'add', path: '/spec/containers/-', value: { name: 'side', image: 'busybox' } },
    { op: 'copy', from: '/metadata/labels/app', path: '/metadata/labels/copied' },
    { op: 'move', from: '/metadata/labels/tier', path: '/metadata/annotations' },
    { op: 'remove', path: '/metadata/labels/app' },
    { op: 'test', path: '/spec/containers/1/name', value: 'side' },
  ]);
  assert.deepEqual(out, {
    metadata: { name: 'web', labels: { copied: 'web' }, annotations: 'front' },
    spec: {
      containers: [
        { name: 'web', image: 'nginx:1.27' },
        { name: 'side', image: 'busybox' },
      ],
    },
  });
});

test('neither the document nor the patch is modified or shared with the result', () => {
  const doc = pod();
  const value = { name: 'side' };
  const patch = [{ op: 'add', path: '/spec/containers/-', value }];
  const out = applyJsonPatch(doc, patch) as ReturnType<typeof pod>;
  assert.deepEqual(doc, pod());
  assert.equal(doc.spec.containers.length, 1);
  (out.spec.containers[1] as { name: string }).name = 'changed';
  assert.equal(value.name, 'side');
});

test('a failed test operation is 422 Invalid with the generic message and the reason as a cause', () => {
  const err = statusErrorOf(() => applyJsonPatch(pod(), [{ op: 'test', path: '/metadata/name', value: 'other' }]));
  assert.equal(err.code, 422);
  assert.equal(err.reason, 'Invalid');
  assert.equal(err.message, 'the server rejected our request due to an error in our request');
  const cause = err.details?.causes?.[0];
  assert.equal(cause?.field, 'patch');
  assert.match(cause?.message ?? '', /test failed \(operation 0: test "\/metadata\/name"\)/);
});

test('removing or replacing a missing path, or adding under one, is 422', () => {
  for (const op of [
    { op: 'remove', path: '/metadata/annotations' },
    { op: 'replace', path: '/spec/replicas', value: 1 },
    { op: 'add', path: '/spec/missing/child', value: 1 },
    { op: 'remove', path: '/spec/containers/4' },
  ]) {
    const err = statusErrorOf(() => applyJsonPatch(pod(), [op]));
    assert.equal(err.code, 422, JSON.stringify(op));
    assert.match(err.details?.causes?.[0]?.message ?? '', /missing path/);
  }
});

test('an unknown op, or one without a path, is 422', () => {
  assert.match(statusErrorOf(() => applyJsonPatch(pod(), [{ op: 'frobnicate', path: '/a' }])).details?.causes?.[0]?.message ?? '', /Unexpected kind: frobnicate/);
  assert.equal(statusErrorOf(() => applyJsonPatch(pod(), [{ op: '_get', path: '/metadata' }])).code, 422);
  assert.equal(statusErrorOf(() => applyJsonPatch(pod(), [{ op: 'add', value: 1 }])).code, 422);
});

test('a body that is not a list of operation objects is 400 BadRequest', () => {
  const notList = statusErrorOf(() => applyJsonPatch(pod(), { op: 'add', path: '/a', value: 1 }));
  assert.equal(notList.code, 400);
  assert.equal(notList.reason, 'BadRequest');
  assert.equal(notList.message, 'error decoding patch: json: cannot unmarshal object into Go value of type []handlers.jsonPatchOp');
  const notObject = statusErrorOf(() => applyJsonPatch(pod(), ['add']));
  assert.equal(notObject.code, 400);
  assert.match(notObject.message, /cannot unmarshal string into Go value of type handlers.jsonPatchOp/);
});

test('more operations than Kubernetes allows is 413', () => {
  const ops = Array.from({ length: MAX_JSON_PATCH_OPERATIONS + 1 }, () => ({ op: 'test', path: '/metadata/name', value: 'web' }));
  const err = statusErrorOf(() => applyJsonPatch(pod(), ops));
  assert.equal(err.code, 413);
  assert.match(err.message, /The allowed maximum operations in a JSON patch is 10000, got 10001/);
});
