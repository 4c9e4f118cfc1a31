/** ObjectMeta rules: names per kind, labels, annotations, finalizers, owner references and update immutability. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FIXTURES, resourceFor, type Obj } from './test-fixtures.js';
import { nameIsDNSLabel, validateObjectMeta, validateObjectMetaUpdate } from './object-meta.js';
import { validateCreate } from './validate-object.js';

function metaErrors(key: string, mutate: (meta: Obj) => void): { type: string; field: string; message: string }[] {
  const obj = FIXTURES[key]!();
  mutate(obj['metadata']);
  return validateCreate(resourceFor(key), obj);
}

test('name formats differ per kind', () => {
  assert.deepEqual(metaErrors('/Pod', (m) => (m.name = 'web.v1')), [], 'pods: subdomain');
  assert.deepEqual(metaErrors('/Namespace', (m) => (m.name = 'team.a')), [
    { type: 'FieldValueInvalid', field: 'metadata.name', message: 'Invalid value: "team.a": must not contain dots' },
  ]);
  assert.equal(metaErrors('/Service', (m) => (m.name = 'web.v1'))[0]?.field, 'metadata.name');
  assert.equal(metaErrors('/ConfigMap', (m) => (m.name = 'Web'))[0]?.message.startsWith('Invalid value: "Web": a lowercase RFC 1123 subdomain'), true);
});

test('generateName is checked with its trailing dash allowed', () => {
  assert.deepEqual(metaErrors('/Pod', (m) => { delete m.name; m.generateName = 'web-'; }), []);
  assert.equal(metaErrors('/Pod', (m) => { delete m.name; m.generateName = 'Web-'; })[0]?.field, 'metadata.generateName');
  assert.deepEqual(nameIsDNSLabel('web-', true), []);
});

test('namespace names are DNS labels', () => {
  assert.deepEqual(metaErrors('/ConfigMap', (m) => (m.namespace = 'my.ns')), [
    { type: 'FieldValueInvalid', field: 'metadata.namespace', message: 'Invalid value: "my.ns": must not contain dots' },
  ]);
});

test('label keys and values', () => {
  assert.deepEqual(metaErrors('/ConfigMap', (m) => (m.labels = { 'bad key': 'ok', good: 'bad value' })), [
    {
      type: 'FieldValueInvalid',
      field: 'metadata.labels',
      message:
        "Invalid value: \"bad key\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
    },
    {
      type: 'FieldValueInvalid',
      field: 'metadata.labels',
      message:
        "Invalid value: \"bad value\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
    },
  ]);
});

test('annotation keys are case-insensitive qualified names, 256 KiB in total', () => {
  assert.deepEqual(metaErrors('/ConfigMap', (m) => (m.annotations = { 'Example.COM/Note': 'x' })), []);
  assert.equal(metaErrors('/ConfigMap', (m) => (m.annotations = { 'a b': 'x' }))[0]?.field, 'metadata.annotations');
  assert.deepEqual(metaErrors('/ConfigMap', (m) => (m.annotations = { big: 'x'.repeat(256 * 1024) })), [
    { type: 'FieldValueTooLong', field: 'metadata.annotations', message: 'Too long: must have at most 262144 bytes' },
  ]);
});

test('finalizers are qualified names or standard ones', () => {
  assert.deepEqual(metaErrors('/ConfigMap', (m) => (m.finalizers = ['example.com/cleanup', 'foregroundDeletion'])), []);
  assert.deepEqual(metaErrors('/ConfigMap', (m) => (m.finalizers = ['cleanup'])), [
    { type: 'FieldValueInvalid', field: 'metadata.finalizers[0]', message: 'Invalid value: "cleanup": name is neither a standard finalizer name nor is it fully qualified' },
  ]);
  assert.deepEqual(metaErrors('/ConfigMap', (m) => (m.finalizers = ['orphan', 'foregroundDeletion'])), [
    { type: 'FieldValueInvalid', field: 'metadata.finalizers', message: 'Invalid value: ["orphan","foregroundDeletion"]: finalizer orphan and foregroundDeletion cannot be both set' },
  ]);
});

test('owner references need apiVersion, kind, name and uid; one controller', () => {
  assert.deepEqual(metaErrors('/Pod', (m) => (m.ownerReferences = [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-5d4f8' }])), [
    { type: 'FieldValueInvalid', field: 'metadata.ownerReferences.uid', message: 'Invalid value: "": uid must not be empty' },
  ]);
  const ref = (name: string) => ({ apiVersion: 'apps/v1', kind: 'ReplicaSet', name, uid: `u-${name}`, controller: true });
  const causes = metaErrors('/Pod', (m) => (m.ownerReferences = [ref('a'), ref('b')]));
  assert.equal(causes.length, 1);
  assert.match(causes[0]!.message, /Only one reference can have Controller set to true\. Found "true" in references for ReplicaSet\/a and ReplicaSet\/b$/);
});

test('validateObjectMeta can be used on its own', () => {
  assert.deepEqual(validateObjectMeta({ name: 'x' }, { namespaced: false, nameFn: nameIsDNSLabel }), []);
  assert.deepEqual(validateObjectMeta(undefined, { namespaced: true }), [
    { type: 'FieldValueRequired', field: 'metadata.name', message: 'Required value: name or generateName is required' },
    { type: 'FieldValueRequired', field: 'metadata.namespace', message: 'Required value' },
  ]);
  assert.deepEqual(validateObjectMeta({ name: 'x', generation: -1 }, { namespaced: false, path: 'spec.template.metadata' }), [
    { type: 'FieldValueInvalid', field: 'spec.template.metadata.generation', message: 'Invalid value: -1: must be greater than or equal to 0' },
  ]);
});

test('metadata updates: immutable identity, no new finalizers while deleting', () => {
  const old = { name: 'a', namespace: 'default', uid: 'u1', creationTimestamp: '2024-01-01T00:00:00Z' };
  assert.deepEqual(validateObjectMetaUpdate({ name: 'a', namespace: 'default' }, old), [], 'absent uid and timestamp are carried forward');
  assert.deepEqual(validateObjectMetaUpdate({ ...old, namespace: 'other', creationTimestamp: '2025-01-01T00:00:00Z' }, old), [
    { type: 'FieldValueInvalid', field: 'metadata.namespace', message: 'Invalid value: "other": field is immutable' },
    { type: 'FieldValueInvalid', field: 'metadata.creationTimestamp', message: 'Invalid value: "2025-01-01T00:00:00Z": field is immutable' },
  ]);
  assert.deepEqual(validateObjectMetaUpdate({ ...old, deletionTimestamp: '2024-02-01T00:00:00Z' }, old), [
    { type: 'FieldValueInvalid', field: 'metadata.deletionTimestamp', message: 'Invalid value: "2024-02-01T00:00:00Z": field is immutable' },
  ]);
  const deleting = { ...old, deletionTimestamp: '2024-02-01T00:00:00Z', finalizers: ['example.com/a'] };
  assert.deepEqual(validateObjectMetaUpdate({ ...deleting, finalizers: ['example.com/a', 'example.com/b'] }, deleting), [
    { type: 'FieldValueForbidden', field: 'metadata.finalizers', message: 'Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{"example.com/b"}' },
  ]);
  assert.deepEqual(validateObjectMetaUpdate({ ...deleting, finalizers: [] }, deleting), [], 'finalizers may be removed');
});
