/** Tests of field sets and their FieldsV1 encoding. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { difference, emptySet, fieldToken, fromFieldsV1, has, insert, keyToken, members, pathString, toFieldsV1, union, valueToken } from './field-set.js';

const f = fieldToken;

test('FieldsV1: a member leaf is {}, a member with children carries "." first, children are sorted', () => {
  const set = emptySet();
  const container = [f('spec'), f('containers'), keyToken({ name: 'web' })];
  insert(set, [...container]);
  insert(set, [...container, f('name')]);
  insert(set, [...container, f('image')]);
  insert(set, [f('metadata'), f('finalizers'), valueToken('b')]);
  insert(set, [f('metadata'), f('finalizers'), valueToken('a')]);
  insert(set, [f('metadata'), f('labels'), f('app')]);
  const encoded = toFieldsV1(set);
  assert.equal(
    JSON.stringify(encoded),
    '{"f:metadata":{"f:finalizers":{"v:\\"a\\"":{},"v:\\"b\\"":{}},"f:labels":{"f:app":{}}},"f:spec":{"f:containers":{"k:{\\"name\\":\\"web\\"}":{".":{},"f:image":{},"f:name":{}}}}}',
  );
  assert.deepEqual(members(fromFieldsV1(JSON.parse(JSON.stringify(encoded)))), members(set));
});

test('keyed items: key fields written in name order, numbers ordered numerically', () => {
  assert.equal(keyToken({ protocol: 'TCP', containerPort: 80 }), 'k:{"containerPort":80,"protocol":"TCP"}');
  const set = emptySet();
  insert(set, [f('ports'), keyToken({ containerPort: 443, protocol: 'TCP' })]);
  insert(set, [f('ports'), keyToken({ containerPort: 80, protocol: 'TCP' })]);
  assert.deepEqual(Object.keys((toFieldsV1(set) as Record<string, Record<string, unknown>>)['f:ports']!), [
    'k:{"containerPort":80,"protocol":"TCP"}',
    'k:{"containerPort":443,"protocol":"TCP"}',
  ]);
});

test('union and difference work on member paths', () => {
  const a = emptySet();
  insert(a, [f('spec'), f('replicas')]);
  insert(a, [f('spec'), f('paused')]);
  const b = emptySet();
  insert(b, [f('spec'), f('replicas')]);
  insert(b, [f('metadata'), f('labels'), f('x')]);
  assert.deepEqual(members(difference(a, b)), [[f('spec'), f('paused')]]);
  const both = union(a, b);
  assert.equal(has(both, [f('metadata'), f('labels'), f('x')]), true);
  assert.equal(has(both, [f('metadata'), f('labels')]), false, 'a parent of a member is not itself a member');
});

test('paths print as Kubernetes prints them in conflicts', () => {
  assert.equal(pathString([f('spec'), f('replicas')]), '.spec.replicas');
  assert.equal(pathString([f('spec'), f('containers'), keyToken({ name: 'web' }), f('image')]), '.spec.containers[name="web"].image');
  assert.equal(pathString([f('ports'), keyToken({ containerPort: 80, protocol: 'TCP' })]), '.ports[containerPort=80,protocol="TCP"]');
  assert.equal(pathString([f('metadata'), f('finalizers'), valueToken('x')]), '.metadata.finalizers[="x"]');
});
