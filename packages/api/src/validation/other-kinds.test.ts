/** ConfigMap, Secret, Namespace, Node, Endpoints, EndpointSlice, Lease and Event rules. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FIXTURES, resourceFor, type Obj } from './test-fixtures.js';
import { validateCreate, validateStatusUpdate, validateUpdate } from './validate-object.js';

type Cause = { type: string; field: string; message: string };

function createErrors(key: string, mutate: (o: Obj) => void): Cause[] {
  const obj = FIXTURES[key]!();
  mutate(obj);
  return validateCreate(resourceFor(key), obj);
}

function updateErrors(key: string, mutateOld: (o: Obj) => void, mutate: (o: Obj) => void): Cause[] {
  const old = FIXTURES[key]!();
  mutateOld(old);
  const obj = structuredClone(old);
  mutate(obj);
  return validateUpdate(resourceFor(key), obj, old);
}

test('configmap keys, size limit and binaryData overlap', () => {
  assert.deepEqual(createErrors('/ConfigMap', (o) => (o.data = { 'a/b': 'x' })), [
    { type: 'FieldValueInvalid', field: 'data[a/b]', message: "Invalid value: \"a/b\": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')" },
  ]);
  assert.deepEqual(createErrors('/ConfigMap', (o) => (o.data = { big: 'x'.repeat(1024 * 1024 + 1) })), [
    { type: 'FieldValueTooLong', field: '', message: 'Too long: must have at most 1048576 bytes' },
  ]);
  assert.deepEqual(createErrors('/ConfigMap', (o) => (o.binaryData = { 'app.properties': 'AAE=' })), [
    { type: 'FieldValueInvalid', field: 'data[app.properties]', message: 'Invalid value: "app.properties": duplicate of key present in binaryData' },
  ]);
});

test('immutable configmaps and secrets keep their data', () => {
  assert.deepEqual(updateErrors('/ConfigMap', (o) => (o.immutable = true), (o) => (o.data = { other: 'y' })), [
    { type: 'FieldValueForbidden', field: 'data', message: 'Forbidden: field is immutable when `immutable` is set' },
  ]);
  assert.deepEqual(updateErrors('/Secret', (o) => (o.immutable = true), (o) => (o.immutable = false)), [
    { type: 'FieldValueForbidden', field: 'immutable', message: 'Forbidden: field is immutable when `immutable` is set' },
  ]);
  assert.deepEqual(updateErrors('/ConfigMap', () => undefined, (o) => (o.data = { other: 'y' })), []);
});

test('secret types have their required keys', () => {
  assert.deepEqual(createErrors('/Secret', (o) => (o.type = 'kubernetes.io/service-account-token')), [
    { type: 'FieldValueRequired', field: 'metadata.annotations[kubernetes.io/service-account.name]', message: 'Required value' },
  ]);
  assert.deepEqual(createErrors('/Secret', (o) => Object.assign(o, { type: 'kubernetes.io/tls', data: { 'tls.crt': 'Y2VydA==' } })), [
    { type: 'FieldValueRequired', field: 'data[tls.key]', message: 'Required value' },
  ]);
  assert.deepEqual(createErrors('/Secret', (o) => Object.assign(o, { type: 'kubernetes.io/tls', data: { 'tls.crt': 'Y2VydA==' }, stringData: { 'tls.key': 'key' } })), []);
  const bad = createErrors('/Secret', (o) => Object.assign(o, { type: 'kubernetes.io/dockerconfigjson', stringData: { '.dockerconfigjson': 'not json' } }));
  assert.equal(bad.length, 1);
  assert.equal(bad[0]!.field, 'data[.dockerconfigjson]');
  assert.ok(bad[0]!.message.startsWith('Invalid value: "<secret contents redacted>": '));
  assert.deepEqual(createErrors('/Secret', (o) => (o.data = { '..x': 'eA==' })), [
    { type: 'FieldValueInvalid', field: 'data[..x]', message: 'Invalid value: "..x": must not start with \'..\'' },
  ]);
  assert.deepEqual(createErrors('/Secret', (o) => (o.stringData = { big: 'x'.repeat(1024 * 1024) })), [
    { type: 'FieldValueTooLong', field: 'data', message: 'Too long: must have at most 1048576 bytes' },
  ]);
});

test('secret type is immutable; an empty type keeps the old one', () => {
  assert.deepEqual(updateErrors('/Secret', () => undefined, (o) => (o.type = 'example.com/custom')), [
    { type: 'FieldValueInvalid', field: 'type', message: 'Invalid value: "example.com/custom": field is immutable' },
  ]);
  assert.deepEqual(updateErrors('/Secret', () => undefined, (o) => delete o.type), []);
});

test('namespaces: spec finalizers and status phase', () => {
  assert.deepEqual(createErrors('/Namespace', (o) => (o.spec.finalizers = ['cleanup'])), [
    { type: 'FieldValueInvalid', field: 'spec.finalizers[0]', message: 'Invalid value: "cleanup": name is neither a standard finalizer name nor is it fully qualified' },
  ]);
  const ns = FIXTURES['/Namespace']!();
  const next = structuredClone(ns);
  next['status'] = { phase: 'Terminating' };
  assert.deepEqual(validateStatusUpdate(resourceFor('/Namespace'), next, ns), [
    { type: 'FieldValueInvalid', field: 'status.Phase', message: 'Invalid value: "Terminating": may only be \'Active\' if `deletionTimestamp` is empty' },
  ]);
});

test('nodes: pod CIDR, taints, capacity; podCIDR fixed once set', () => {
  assert.deepEqual(createErrors('/Node', (o) => (o.spec.podCIDR = '10.244.1.0')), [
    { type: 'FieldValueInvalid', field: 'spec.podCIDR', message: 'Invalid value: "10.244.1.0": not a valid CIDR' },
  ]);
  assert.deepEqual(createErrors('/Node', (o) => (o.spec.taints = [{ key: 'dedicated', value: 'db', effect: 'Never' }])), [
    { type: 'FieldValueNotSupported', field: 'spec.taints[0].effect', message: 'Unsupported value: "Never": supported values: "NoSchedule", "PreferNoSchedule", "NoExecute"' },
  ]);
  assert.deepEqual(createErrors('/Node', (o) => (o.status.capacity.cpu = '-2')), [
    { type: 'FieldValueInvalid', field: 'status.capacity.cpu', message: 'Invalid value: "-2": must be greater than or equal to 0' },
  ]);
  assert.deepEqual(updateErrors('/Node', (o) => delete o.spec.podCIDR, (o) => (o.spec.podCIDR = '10.244.2.0/24')), []);
  assert.deepEqual(updateErrors('/Node', () => undefined, (o) => (o.spec.podCIDR = '10.244.2.0/24')), [
    { type: 'FieldValueForbidden', field: 'spec.podCIDR', message: 'Forbidden: node updates may not change podCIDR except from "" to valid' },
  ]);
  assert.deepEqual(updateErrors('/Node', () => undefined, (o) => (o.spec.unschedulable = true)), []);
});

test('endpoints need addresses, valid non-loopback IPs and named ports', () => {
  assert.deepEqual(createErrors('/Endpoints', (o) => (o.subsets[0].addresses = [])), [
    { type: 'FieldValueRequired', field: 'subsets[0]', message: 'Required value: must specify `addresses` or `notReadyAddresses`' },
  ]);
  assert.deepEqual(createErrors('/Endpoints', (o) => (o.subsets[0].addresses[0].ip = '127.0.0.1')), [
    { type: 'FieldValueInvalid', field: 'subsets[0].addresses[0].ip', message: 'Invalid value: "127.0.0.1": may not be in the loopback range (127.0.0.0/8)' },
  ]);
  assert.deepEqual(createErrors('/Endpoints', (o) => o.subsets[0].ports.push({ port: 9090 })), [
    { type: 'FieldValueRequired', field: 'subsets[0].ports[1].name', message: 'Required value' },
  ]);
});

test('endpoint slices: address type required and enforced, immutable', () => {
  assert.deepEqual(createErrors('discovery.k8s.io/EndpointSlice', (o) => delete o.addressType), [
    { type: 'FieldValueRequired', field: 'addressType', message: 'Required value' },
  ]);
  assert.deepEqual(createErrors('discovery.k8s.io/EndpointSlice', (o) => (o.addressType = 'IP')), [
    { type: 'FieldValueNotSupported', field: 'addressType', message: 'Unsupported value: "IP": supported values: "FQDN", "IPv4", "IPv6"' },
  ]);
  assert.deepEqual(createErrors('discovery.k8s.io/EndpointSlice', (o) => (o.addressType = 'IPv6')), [
    { type: 'FieldValueInvalid', field: 'endpoints[0].addresses[0]', message: 'Invalid value: "10.244.1.5": must be a valid IPv6 address' },
  ]);
  assert.deepEqual(createErrors('discovery.k8s.io/EndpointSlice', (o) => (o.endpoints[0].addresses = [])), [
    { type: 'FieldValueRequired', field: 'endpoints[0].addresses', message: 'Required value: must contain at least 1 address' },
  ]);
  assert.deepEqual(updateErrors('discovery.k8s.io/EndpointSlice', () => undefined, (o) => Object.assign(o, { addressType: 'FQDN', endpoints: [{ addresses: ['web.example.com'] }] })), [
    { type: 'FieldValueInvalid', field: 'addressType', message: 'Invalid value: "FQDN": field is immutable' },
  ]);
});

test('leases: positive duration, non-negative transitions', () => {
  assert.deepEqual(createErrors('coordination.k8s.io/Lease', (o) => (o.spec.leaseDurationSeconds = 0)), [
    { type: 'FieldValueInvalid', field: 'spec.leaseDurationSeconds', message: 'Invalid value: 0: must be greater than 0' },
  ]);
  assert.deepEqual(createErrors('coordination.k8s.io/Lease', (o) => (o.spec.leaseTransitions = -1)), [
    { type: 'FieldValueInvalid', field: 'spec.leaseTransitions', message: 'Invalid value: -1: must be greater than or equal to 0' },
  ]);
});

test('events: namespaces agree; events.k8s.io events carry reporting fields', () => {
  assert.deepEqual(createErrors('/Event', (o) => (o.involvedObject.namespace = 'other')), [
    { type: 'FieldValueInvalid', field: 'involvedObject.namespace', message: 'Invalid value: "other": does not match event.namespace' },
  ]);
  assert.deepEqual(createErrors('/Event', (o) => delete o.involvedObject.namespace), [], 'cluster-scoped objects report into default');
  assert.deepEqual(createErrors('events.k8s.io/Event', (o) => { delete o.reportingController; delete o.action; o.type = 'Info'; }), [
    { type: 'FieldValueRequired', field: 'reportingController', message: 'Required value' },
    { type: 'FieldValueRequired', field: 'action', message: 'Required value' },
    { type: 'FieldValueInvalid', field: 'type', message: 'Invalid value: "": has invalid value: Info' },
  ]);
});

test('service accounts get metadata checks only', () => {
  assert.deepEqual(createErrors('/ServiceAccount', (o) => (o.metadata.name = 'Bad')).map((c) => c.field), ['metadata.name']);
});
