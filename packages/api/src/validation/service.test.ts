/** Service rules: ports, names, type, cluster IPs, selector and clusterIP immutability. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FIXTURES, resourceFor, type Obj } from './test-fixtures.js';
import { validateCreate, validateUpdate } from './validate-object.js';

const services = resourceFor('/Service');

function createErrors(mutate: (svc: Obj) => void): { type: string; field: string; message: string }[] {
  const svc = FIXTURES['/Service']!();
  mutate(svc);
  return validateCreate(services, svc);
}

test('service names are DNS-1035 labels', () => {
  assert.deepEqual(createErrors((s) => (s.metadata.name = '1web')), [
    {
      type: 'FieldValueInvalid',
      field: 'metadata.name',
      message:
        "Invalid value: \"1web\": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')",
    },
  ]);
});

test('ports are required unless ExternalName or headless', () => {
  assert.deepEqual(createErrors((s) => (s.spec.ports = [])), [{ type: 'FieldValueRequired', field: 'spec.ports', message: 'Required value' }]);
  assert.deepEqual(createErrors((s) => (s.spec = { type: 'ExternalName', externalName: 'db.example.com.' })), []);
  assert.deepEqual(createErrors((s) => (s.spec = { type: 'ExternalName' })), [{ type: 'FieldValueRequired', field: 'spec.externalName', message: 'Required value' }]);
  assert.deepEqual(createErrors((s) => (s.spec = { clusterIP: 'None', selector: { app: 'db' } })), []);
});

test('port numbers, names and protocols', () => {
  assert.deepEqual(createErrors((s) => (s.spec.ports[0].port = 0)), [
    { type: 'FieldValueInvalid', field: 'spec.ports[0].port', message: 'Invalid value: 0: must be between 1 and 65535, inclusive' },
  ]);
  assert.deepEqual(createErrors((s) => s.spec.ports.push({ port: 443, protocol: 'TCP' })), [
    { type: 'FieldValueRequired', field: 'spec.ports[1].name', message: 'Required value' },
  ]);
  assert.deepEqual(createErrors((s) => s.spec.ports.push({ name: 'http', port: 443 })), [
    { type: 'FieldValueDuplicate', field: 'spec.ports[1].name', message: 'Duplicate value: "http"' },
  ]);
  assert.deepEqual(createErrors((s) => (s.spec.ports[0].protocol = 'ICMP')), [
    { type: 'FieldValueNotSupported', field: 'spec.ports[0].protocol', message: 'Unsupported value: "ICMP": supported values: "SCTP", "TCP", "UDP"' },
  ]);
  assert.deepEqual(createErrors((s) => (s.spec.ports[0].targetPort = 'web_port')), [
    { type: 'FieldValueInvalid', field: 'spec.ports[0].targetPort', message: 'Invalid value: "web_port": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)' },
  ]);
  const dup = createErrors((s) => s.spec.ports.push({ name: 'alt', port: 80, protocol: 'TCP' }));
  assert.equal(dup.length, 1);
  assert.equal(dup[0]!.type, 'FieldValueDuplicate');
  assert.equal(dup[0]!.field, 'spec.ports[1]');
  assert.match(dup[0]!.message, /^Duplicate value: core\.ServicePort\{Name:"", Protocol:"TCP", .*Port:80,/);
});

test('type is an enum; nodePort is not for ClusterIP', () => {
  assert.deepEqual(createErrors((s) => (s.spec.type = 'Internal')), [
    { type: 'FieldValueNotSupported', field: 'spec.type', message: 'Unsupported value: "Internal": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"' },
  ]);
  assert.deepEqual(createErrors((s) => (s.spec.ports[0].nodePort = 30080)), [
    { type: 'FieldValueForbidden', field: 'spec.ports[0].nodePort', message: "Forbidden: may not be used when `type` is 'ClusterIP'" },
  ]);
  assert.deepEqual(createErrors((s) => Object.assign(s.spec, { type: 'NodePort', ports: [{ port: 80, nodePort: 30080 }] })), []);
  assert.deepEqual(createErrors((s) => Object.assign(s.spec, { type: 'NodePort', clusterIP: 'None' })), [
    { type: 'FieldValueInvalid', field: 'spec.clusterIP', message: 'Invalid value: "None": may not be set to \'None\' for NodePort services' },
  ]);
});

test('cluster IPs and selector labels are checked', () => {
  assert.deepEqual(createErrors((s) => (s.spec.clusterIP = '10.96.0')), [
    { type: 'FieldValueInvalid', field: 'spec.clusterIPs[0]', message: 'Invalid value: "10.96.0": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)' },
  ]);
  assert.equal(createErrors((s) => (s.spec.selector = { app: 'not valid' }))[0]?.field, 'spec.selector');
});

test('clusterIP is immutable once set; an empty one keeps the allocated address', () => {
  const old = FIXTURES['/Service']!();
  const moved = FIXTURES['/Service']!();
  moved['spec'].clusterIP = '10.96.0.21';
  assert.deepEqual(validateUpdate(services, moved, old), [
    { type: 'FieldValueInvalid', field: 'spec.clusterIPs[0]', message: 'Invalid value: ["10.96.0.21"]: may not change once set' },
  ]);
  const empty = FIXTURES['/Service']!();
  delete empty['spec'].clusterIP;
  assert.deepEqual(validateUpdate(services, empty, old), []);
  const retyped = FIXTURES['/Service']!();
  retyped['spec'].type = 'NodePort';
  assert.deepEqual(validateUpdate(services, retyped, old), []);
});
