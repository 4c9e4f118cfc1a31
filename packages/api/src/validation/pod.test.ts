/** Pod rules: containers, ports, policies, volumes, resources, update immutability and status updates. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FIXTURES, resourceFor, type Obj } from './test-fixtures.js';
import { validateCreate, validateStatusUpdate, validateUpdate } from './validate-object.js';

const pods = resourceFor('/Pod');

function createErrors(mutate: (pod: Obj) => void): { type: string; field: string; message: string }[] {
  const pod = FIXTURES['/Pod']!();
  mutate(pod);
  return validateCreate(pods, pod);
}

function updateErrors(mutate: (pod: Obj) => void): { type: string; field: string; message: string }[] {
  const old = FIXTURES['/Pod']!();
  const pod = FIXTURES['/Pod']!();
  mutate(pod);
  return validateUpdate(pods, pod, old);
}

const UPDATABLE =
  'pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)';

test('a pod needs at least one container', () => {
  assert.deepEqual(createErrors((p) => (p.spec.containers = [])), [{ type: 'FieldValueRequired', field: 'spec.containers', message: 'Required value' }]);
});

test('container names are DNS labels, unique across init and regular containers', () => {
  assert.deepEqual(createErrors((p) => (p.spec.containers[0].name = 'Web_1')), [
    {
      type: 'FieldValueInvalid',
      field: 'spec.containers[0].name',
      message:
        "Invalid value: \"Web_1\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
    },
  ]);
  assert.deepEqual(createErrors((p) => (p.spec.containers[0].name = '')), [{ type: 'FieldValueRequired', field: 'spec.containers[0].name', message: 'Required value' }]);
  assert.deepEqual(createErrors((p) => p.spec.containers.push({ name: 'web', image: 'busybox' })), [
    { type: 'FieldValueDuplicate', field: 'spec.containers[1].name', message: 'Duplicate value: "web"' },
  ]);
  assert.deepEqual(createErrors((p) => (p.spec.initContainers = [{ name: 'web', image: 'busybox' }])), [
    { type: 'FieldValueDuplicate', field: 'spec.initContainers[0].name', message: 'Duplicate value: "web"' },
  ]);
});

test('the image is required', () => {
  assert.deepEqual(createErrors((p) => delete p.spec.containers[0].image), [{ type: 'FieldValueRequired', field: 'spec.containers[0].image', message: 'Required value' }]);
});

test('container ports: number range, protocol and names', () => {
  assert.deepEqual(createErrors((p) => (p.spec.containers[0].ports = [{ containerPort: 0 }])), [
    { type: 'FieldValueRequired', field: 'spec.containers[0].ports[0].containerPort', message: 'Required value' },
  ]);
  assert.deepEqual(createErrors((p) => (p.spec.containers[0].ports = [{ containerPort: 70000 }])), [
    { type: 'FieldValueInvalid', field: 'spec.containers[0].ports[0].containerPort', message: 'Invalid value: 70000: must be between 1 and 65535, inclusive' },
  ]);
  assert.deepEqual(createErrors((p) => (p.spec.containers[0].ports = [{ containerPort: 80, protocol: 'HTTP' }])), [
    { type: 'FieldValueNotSupported', field: 'spec.containers[0].ports[0].protocol', message: 'Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP"' },
  ]);
  assert.deepEqual(createErrors((p) => (p.spec.containers[0].ports = [{ name: 'HTTP', containerPort: 80 }])), [
    { type: 'FieldValueInvalid', field: 'spec.containers[0].ports[0].name', message: 'Invalid value: "HTTP": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)' },
    { type: 'FieldValueInvalid', field: 'spec.containers[0].ports[0].name', message: 'Invalid value: "HTTP": must contain at least one letter (a-z)' },
  ]);
  assert.deepEqual(createErrors((p) => (p.spec.containers[0].ports = [{ name: 'http', containerPort: 80 }, { name: 'http', containerPort: 81 }])), [
    { type: 'FieldValueDuplicate', field: 'spec.containers[0].ports[1].name', message: 'Duplicate value: "http"' },
  ]);
});

test('restartPolicy and dnsPolicy are enums', () => {
  assert.deepEqual(createErrors((p) => (p.spec.restartPolicy = 'Sometimes')), [
    { type: 'FieldValueNotSupported', field: 'spec.restartPolicy', message: 'Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"' },
  ]);
  assert.deepEqual(createErrors((p) => (p.spec.dnsPolicy = 'Google')), [
    { type: 'FieldValueNotSupported', field: 'spec.dnsPolicy', message: 'Unsupported value: "Google": supported values: "ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"' },
  ]);
  assert.deepEqual(createErrors((p) => delete p.spec.restartPolicy), [], 'defaulted fields may be absent');
});

test('volumes are unique and mounts must name one', () => {
  assert.deepEqual(createErrors((p) => p.spec.volumes.push({ name: 'data', emptyDir: {} })), [
    { type: 'FieldValueDuplicate', field: 'spec.volumes[1].name', message: 'Duplicate value: "data"' },
  ]);
  assert.deepEqual(createErrors((p) => (p.spec.containers[0].volumeMounts = [{ name: 'cache', mountPath: '/cache' }])), [
    { type: 'FieldValueNotFound', field: 'spec.containers[0].volumeMounts[0].name', message: 'Not found: "cache"' },
  ]);
  assert.deepEqual(createErrors((p) => (p.spec.volumes = [{ name: 'data' }])), [
    { type: 'FieldValueRequired', field: 'spec.volumes[0]', message: 'Required value: must specify a volume type' },
    { type: 'FieldValueNotFound', field: 'spec.containers[0].volumeMounts[0].name', message: 'Not found: "data"' },
  ]);
  assert.deepEqual(createErrors((p) => p.spec.containers[0].volumeMounts.push({ name: 'data', mountPath: '/data' })), [
    { type: 'FieldValueInvalid', field: 'spec.containers[0].volumeMounts[1].mountPath', message: 'Invalid value: "/data": must be unique' },
  ]);
});

test('requests may not exceed limits', () => {
  assert.deepEqual(createErrors((p) => (p.spec.containers[0].resources = { requests: { cpu: '1' }, limits: { cpu: '500m' } })), [
    { type: 'FieldValueInvalid', field: 'spec.containers[0].resources.requests', message: 'Invalid value: "1": must be less than or equal to cpu limit of 500m' },
  ]);
  assert.deepEqual(createErrors((p) => (p.spec.containers[0].resources = { requests: { memory: '1024Mi' }, limits: { memory: '512Mi' } })), [
    { type: 'FieldValueInvalid', field: 'spec.containers[0].resources.requests', message: 'Invalid value: "1Gi": must be less than or equal to memory limit of 512Mi' },
  ]);
  assert.deepEqual(createErrors((p) => (p.spec.containers[0].resources = { requests: { cpu: 0.5 }, limits: { cpu: '500m' } })), [], 'numbers are quantities');
  assert.deepEqual(createErrors((p) => (p.spec.containers[0].resources = { requests: { cpu: '-1' } })), [
    { type: 'FieldValueInvalid', field: 'spec.containers[0].resources.requests[cpu]', message: 'Invalid value: "-1": must be greater than or equal to 0' },
  ]);
  assert.deepEqual(createErrors((p) => (p.spec.containers[0].resources = { limits: { cpu: 'lots' } })), [
    {
      type: 'FieldValueInvalid',
      field: 'spec.containers[0].resources.limits[cpu]',
      message: "Invalid value: \"lots\": quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
    },
  ]);
  assert.deepEqual(createErrors((p) => (p.spec.containers[0].resources = { limits: { gpu: '1' } })), [
    { type: 'FieldValueInvalid', field: 'spec.containers[0].resources.limits[gpu]', message: 'Invalid value: "gpu": must be a standard resource for containers' },
  ]);
  assert.deepEqual(createErrors((p) => (p.spec.containers[0].resources = { requests: { 'example.com/gpu': '1' }, limits: { 'example.com/gpu': '2' } })), [
    { type: 'FieldValueInvalid', field: 'spec.containers[0].resources.requests', message: 'Invalid value: "1": must be equal to example.com/gpu limit of 2' },
  ]);
});

test('env names and ephemeral containers on create', () => {
  assert.deepEqual(createErrors((p) => (p.spec.containers[0].env = [{ name: '', value: 'x' }])), [
    { type: 'FieldValueRequired', field: 'spec.containers[0].env[0].name', message: 'Required value' },
  ]);
  assert.deepEqual(createErrors((p) => (p.spec.ephemeralContainers = [{ name: 'debug', image: 'busybox' }])), [
    { type: 'FieldValueForbidden', field: 'spec.ephemeralContainers', message: 'Forbidden: cannot be set on create' },
  ]);
});

test('an update may change images, raise nothing else', () => {
  assert.deepEqual(updateErrors((p) => (p.spec.containers[0].image = 'busybox:1.37')), []);
  const causes = updateErrors((p) => (p.spec.containers[0].ports[0].containerPort = 9090));
  assert.equal(causes.length, 1);
  assert.equal(causes[0]!.type, 'FieldValueForbidden');
  assert.equal(causes[0]!.field, 'spec');
  assert.ok(causes[0]!.message.startsWith(`Forbidden: ${UPDATABLE}\n`), causes[0]!.message);
  assert.match(causes[0]!.message, /spec\.containers\[0\]\.ports\[0\]\.containerPort/);
  assert.deepEqual(updateErrors((p) => p.spec.containers.push({ name: 'side', image: 'busybox' })), [
    { type: 'FieldValueForbidden', field: 'spec.containers', message: 'Forbidden: pod updates may not add or remove containers' },
  ]);
  assert.deepEqual(updateErrors((p) => (p.spec.containers[0].image = '')), [
    { type: 'FieldValueRequired', field: 'spec.containers[0].image', message: 'Required value' },
  ]);
});

test('activeDeadlineSeconds may be set or lowered, not raised or removed', () => {
  assert.deepEqual(updateErrors((p) => (p.spec.activeDeadlineSeconds = 60)), []);
  const old = FIXTURES['/Pod']!();
  old['spec'].activeDeadlineSeconds = 60;
  const raised = FIXTURES['/Pod']!();
  raised['spec'].activeDeadlineSeconds = 120;
  assert.deepEqual(validateUpdate(pods, raised, old), [
    { type: 'FieldValueInvalid', field: 'spec.activeDeadlineSeconds', message: 'Invalid value: 120: must be less than or equal to previous value' },
  ]);
  assert.deepEqual(validateUpdate(pods, FIXTURES['/Pod']!(), old), [
    { type: 'FieldValueInvalid', field: 'spec.activeDeadlineSeconds', message: 'Invalid value: null: must not update from a positive integer to nil value' },
  ]);
});

test('tolerations may only be added; grace period only from negative to 1', () => {
  const toleration = { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 };
  assert.deepEqual(updateErrors((p) => (p.spec.tolerations = [toleration])), []);
  const old = FIXTURES['/Pod']!();
  old['spec'].tolerations = [toleration];
  assert.deepEqual(validateUpdate(pods, FIXTURES['/Pod']!(), old), [
    { type: 'FieldValueForbidden', field: 'spec.tolerations', message: 'Forbidden: existing toleration can not be modified except its tolerationSeconds' },
  ]);
  const negative = FIXTURES['/Pod']!();
  negative['spec'].terminationGracePeriodSeconds = -1;
  const one = FIXTURES['/Pod']!();
  one['spec'].terminationGracePeriodSeconds = 1;
  assert.deepEqual(validateUpdate(pods, one, negative), []);
  const thirty = FIXTURES['/Pod']!();
  thirty['spec'].terminationGracePeriodSeconds = 30;
  assert.equal(validateUpdate(pods, one, thirty)[0]?.field, 'spec');
});

test('status updates: nodeName untouched, terminated containers stay terminated, IPs valid', () => {
  const old = FIXTURES['/Pod']!();
  old['spec'].restartPolicy = 'Never';
  old['status'] = { phase: 'Succeeded', containerStatuses: [{ name: 'web', state: { terminated: { exitCode: 0 } } }] };
  const next = structuredClone(old);
  next['spec'].nodeName = 'node-1';
  next['status'].containerStatuses[0].state = { running: { startedAt: '2024-01-01T00:00:00Z' } };
  next['status'].podIPs = [{ ip: '10.244.1' }];
  assert.deepEqual(validateStatusUpdate(pods, next, old), [
    { type: 'FieldValueForbidden', field: 'status.nodeName', message: 'Forbidden: may not be changed directly' },
    { type: 'FieldValueForbidden', field: 'status.containerStatuses[0].state', message: 'Forbidden: may not be transitioned to non-terminated state' },
    { type: 'FieldValueInvalid', field: 'status.podIPs[0].ip', message: 'Invalid value: "10.244.1": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)' },
  ]);
});

test('tolerations are validated', () => {
  assert.deepEqual(createErrors((p) => (p.spec.tolerations = [{ key: 'k', operator: 'Exists', value: 'v' }])), [
    { type: 'FieldValueInvalid', field: 'spec.tolerations[0].value', message: 'Invalid value: "v": value must be empty when `operator` is \'Exists\'' },
  ]);
  assert.deepEqual(createErrors((p) => (p.spec.tolerations = [{ key: 'k', operator: 'Equal', value: 'v', effect: 'Sometimes' }])), [
    { type: 'FieldValueNotSupported', field: 'spec.tolerations[0].effect', message: 'Unsupported value: "Sometimes": supported values: "NoSchedule", "PreferNoSchedule", "NoExecute"' },
  ]);
});
