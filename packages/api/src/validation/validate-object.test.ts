/** Every catalog kind: a minimal valid object passes create, an unchanged update and a status update; metadata rules apply to all. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { invalid } from '../errors/status-error.js';
import { RESOURCES } from '../resources/catalog.js';
import { FIXTURES, resourceFor } from './test-fixtures.js';
import { validateCreate, validateStatusUpdate, validateUpdate } from './validate-object.js';

const stored = (obj: Record<string, unknown>): Record<string, unknown> => ({
  ...obj,
  metadata: { ...(obj['metadata'] as object), uid: 'u-1', resourceVersion: '5', creationTimestamp: '2024-01-01T00:00:00Z' },
});

test('there is a fixture for every catalog kind', () => {
  for (const r of RESOURCES) assert.ok(FIXTURES[`${r.group}/${r.kind}`], `${r.group}/${r.kind}`);
});

test('every fixture is valid on create, on an unchanged update and on a status update', () => {
  for (const [key, make] of Object.entries(FIXTURES)) {
    const r = resourceFor(key);
    assert.deepEqual(validateCreate(r, make()), [], `create ${key}`);
    assert.deepEqual(validateUpdate(r, stored(make()), stored(make())), [], `update ${key}`);
    assert.deepEqual(validateStatusUpdate(r, stored(make()), stored(make())), [], `status ${key}`);
  }
});

test('namespaced kinds require a namespace and cluster kinds forbid one', () => {
  for (const [key, make] of Object.entries(FIXTURES)) {
    const r = resourceFor(key);
    const obj = make();
    if (r.namespaced) {
      delete obj['metadata'].namespace;
      const causes = validateCreate(r, obj).filter((c) => c.field.startsWith('metadata.'));
      assert.deepEqual(causes, [{ type: 'FieldValueRequired', field: 'metadata.namespace', message: 'Required value' }], key);
    } else {
      obj['metadata'].namespace = 'default';
      assert.deepEqual(validateCreate(r, obj), [{ type: 'FieldValueForbidden', field: 'metadata.namespace', message: 'Forbidden: not allowed on this type' }], key);
    }
  }
});

test('a missing name is required unless generateName is set', () => {
  const r = resourceFor('/ConfigMap');
  const obj = FIXTURES['/ConfigMap']!();
  delete obj['metadata'].name;
  assert.deepEqual(validateCreate(r, obj), [{ type: 'FieldValueRequired', field: 'metadata.name', message: 'Required value: name or generateName is required' }]);
  obj['metadata'].generateName = 'web-';
  assert.deepEqual(validateCreate(r, obj), []);
});

test('name, namespace and uid are immutable on every kind', () => {
  for (const [key, make] of Object.entries(FIXTURES)) {
    const r = resourceFor(key);
    const next = stored(make());
    (next['metadata'] as Record<string, unknown>)['name'] = 'renamed';
    (next['metadata'] as Record<string, unknown>)['uid'] = 'u-2';
    const causes = validateUpdate(r, next, stored(make()));
    assert.deepEqual(
      causes.filter((c) => c.field.startsWith('metadata.')),
      [
        { type: 'FieldValueInvalid', field: 'metadata.name', message: 'Invalid value: "renamed": field is immutable' },
        { type: 'FieldValueInvalid', field: 'metadata.uid', message: 'Invalid value: "u-2": field is immutable' },
      ],
      key,
    );
  }
});

test('causes render into a Kubernetes 422', () => {
  const r = resourceFor('apps/Deployment');
  const obj = FIXTURES['apps/Deployment']!();
  delete obj['spec'].selector;
  const causes = validateCreate(r, obj);
  const err = invalid(r.kind, r.group, 'web', causes);
  assert.equal(err.code, 422);
  assert.equal(err.message, 'Deployment.apps "web" is invalid: spec.selector: Required value');
  assert.deepEqual(err.details?.causes, [{ reason: 'FieldValueRequired', message: 'Required value', field: 'spec.selector' }]);
});
