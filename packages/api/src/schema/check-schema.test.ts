/** Tests for decode-time schema checks: unknown fields under each fieldValidation mode, pruning and Go-worded type errors. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { StatusError } from '../errors/status-error.js';
import { checkSchema } from './check-schema.js';

const DEPLOYMENT = { group: 'apps', version: 'v1', kind: 'Deployment' };
const POD = { group: '', version: 'v1', kind: 'Pod' };
const SERVICE = { group: '', version: 'v1', kind: 'Service' };

type Obj = Record<string, any>;  

function deployment(): Obj {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default', labels: { app: 'web' }, annotations: { 'example.com/any-key': '{"a":1}' } },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: 'web' } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: 1 } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: {
          nodeSelector: { 'kubernetes.io/os': 'linux' },
          containers: [
            { name: 'web', image: 'nginx', ports: [{ containerPort: 80 }], resources: { limits: { cpu: '500m', memory: '64Mi' }, requests: { cpu: 1 } } },
            { name: 'side', image: 'busybox' },
          ],
        },
      },
    },
  };
}

/** Asserts that `fn` throws a 400 BadRequest with exactly `message`. */
function assertBadRequest(fn: () => unknown, message: string): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof StatusError, String(err));
    assert.equal(err.code, 400);
    assert.equal(err.reason, 'BadRequest');
    assert.equal(err.message, message);
    return true;
  });
}

test('a valid object passes Strict unchanged, and the input is not modified', () => {
  const input = deployment();
  const result = checkSchema(DEPLOYMENT, input, 'Strict');
  assert.deepEqual(result, { object: deployment(), warnings: [] });
  assert.notEqual(result.object, input);
});

test('Strict rejects all unknown fields at once, with list indices, in document order', () => {
  const d = deployment();
  d.spec.foo = 1;
  d.spec.template.spec.containers[1].bogus = true;
  d.spec.template.spec.containers[0].ports[0].extra = 'x';
  d.status = { nope: 1 };
  assertBadRequest(
    () => checkSchema(DEPLOYMENT, d, 'Strict'),
    'Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: ' +
      'unknown field "spec.template.spec.containers[0].ports[0].extra", unknown field "spec.template.spec.containers[1].bogus", ' +
      'unknown field "spec.foo", unknown field "status.nope"',
  );
});

test('Warn prunes unknown fields and returns one warning each', () => {
  const d = deployment();
  d.spec.foo = { deep: 1 };
  d.spec.template.spec.containers[1].bogus = true;
  const { object, warnings } = checkSchema(DEPLOYMENT, d, 'Warn');
  assert.deepEqual(warnings, ['unknown field "spec.template.spec.containers[1].bogus"', 'unknown field "spec.foo"']);
  assert.deepEqual(object, deployment());
  assert.equal(d.spec.foo.deep, 1, 'the input keeps its fields');
});

test('Ignore prunes unknown fields silently', () => {
  const d = deployment();
  d.topLevel = 1;
  d.metadata.unknownMeta = 'x';
  assert.deepEqual(checkSchema(DEPLOYMENT, d, 'Ignore'), { object: deployment(), warnings: [] });
});

test('maps and free-form fields accept any key: labels, annotations, data, stringData, limits, fieldsV1', () => {
  const configMap = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', labels: { 'a.b/c': 'd' } }, data: { 'any.key': 'v', other: 'w' }, binaryData: { bin: 'AAE=' } };
  assert.deepEqual(checkSchema({ group: '', version: 'v1', kind: 'ConfigMap' }, configMap, 'Strict').warnings, []);
  const secret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, stringData: { password: 'x' }, data: { token: 'eA==' }, type: 'Opaque' };
  assert.deepEqual(checkSchema({ group: '', version: 'v1', kind: 'Secret' }, secret, 'Strict').warnings, []);
  const pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: 'p',
      managedFields: [{ manager: 'kubectl', operation: 'Update', fieldsType: 'FieldsV1', fieldsV1: { 'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } } } }],
    },
    spec: { containers: [{ name: 'c', image: 'i', resources: { limits: { 'nvidia.com/gpu': 1, 'example.com/thing': '3' } } }] },
  };
  const result = checkSchema(POD, pod, 'Strict');
  assert.deepEqual(result, { object: pod, warnings: [] });
});

test('a value of the wrong type is a 400 worded like Go decoding errors, in every mode', () => {
  for (const mode of ['Strict', 'Warn', 'Ignore'] as const) {
    const d = deployment();
    d.spec.replicas = '3';
    assertBadRequest(
      () => checkSchema(DEPLOYMENT, d, mode),
      'Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32',
    );
  }
  const cases: [(d: Obj) => void, string][] = [
    [(d) => (d.metadata.labels.app = 5), 'json: cannot unmarshal number into Go struct field ObjectMeta.metadata.labels of type string'],
    [(d) => (d.spec.template.spec.containers[0].ports[0].containerPort = 80.5), 'json: cannot unmarshal number 80.5 into Go struct field ContainerPort.spec.template.spec.containers.ports.containerPort of type int32'],
    [(d) => (d.spec.template.spec.containers[0].ports[0].containerPort = 2 ** 31), 'json: cannot unmarshal number 2147483648 into Go struct field ContainerPort.spec.template.spec.containers.ports.containerPort of type int32'],
    [(d) => (d.spec.template.spec.containers = { name: 'x' }), 'json: cannot unmarshal object into Go struct field PodSpec.spec.template.spec.containers of type []v1.Container'],
    [(d) => (d.spec.template = 'x'), 'json: cannot unmarshal string into Go struct field DeploymentSpec.spec.template of type v1.PodTemplateSpec'],
    [(d) => (d.spec.paused = 'yes'), 'json: cannot unmarshal string into Go struct field DeploymentSpec.spec.paused of type bool'],
    [(d) => (d.spec.template.spec.containers[0].args = [1]), 'json: cannot unmarshal number into Go struct field Container.spec.template.spec.containers.args of type string'],
    [(d) => (d.spec.template.spec.containers[0].resources.limits.cpu = 'lots'), "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"],
  ];
  for (const [mutate, message] of cases) {
    const d = deployment();
    mutate(d);
    assertBadRequest(() => checkSchema(DEPLOYMENT, d, 'Warn'), `Deployment in version "v1" cannot be handled as a Deployment: ${message}`);
  }
  assertBadRequest(() => checkSchema(POD, [], 'Strict'), 'Pod in version "v1" cannot be handled as a Pod: json: cannot unmarshal array into Go value of type v1.Pod');
});

test('a type error wins over unknown fields, and the first one in the document is reported', () => {
  const d = deployment();
  d.aaa = 1;
  d.spec = { paused: 'no', replicas: 'two' };
  assertBadRequest(
    () => checkSchema(DEPLOYMENT, d, 'Strict'),
    'Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal string into Go struct field DeploymentSpec.spec.paused of type bool',
  );
});

test('int-or-string fields take a number or a string, nothing else', () => {
  const service = (targetPort: unknown) => ({ apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { ports: [{ port: 80, targetPort }] } });
  assert.deepEqual(checkSchema(SERVICE, service(8080), 'Strict').warnings, []);
  assert.deepEqual(checkSchema(SERVICE, service('http'), 'Strict').warnings, []);
  assertBadRequest(() => checkSchema(SERVICE, service(true), 'Strict'), 'Service in version "v1" cannot be handled as a Service: json: cannot unmarshal bool into Go value of type int32');
  assertBadRequest(() => checkSchema(SERVICE, service(1.5), 'Strict'), 'Service in version "v1" cannot be handled as a Service: json: cannot unmarshal number 1.5 into Go value of type int32');
  const d = deployment();
  d.spec.strategy.rollingUpdate = { maxSurge: 1, maxUnavailable: '10%' };
  assert.deepEqual(checkSchema(DEPLOYMENT, d, 'Strict').warnings, []);
});

test('null fields of structs are accepted and dropped, as a round trip through Go types drops them', () => {
  const d = deployment();
  d.metadata.creationTimestamp = null;
  d.spec.template.metadata.creationTimestamp = null;
  d.spec.template.spec.containers[0].resources = { limits: null };
  const expected = deployment();
  expected.spec.template.spec.containers[0].resources = {};
  assert.deepEqual(checkSchema(DEPLOYMENT, d, 'Strict'), { object: expected, warnings: [] });
});

test('core/v1 Event and events.k8s.io/v1 Event are checked against their own schemas', () => {
  const coreEvent = { apiVersion: 'v1', kind: 'Event', metadata: { name: 'e' }, involvedObject: { kind: 'Pod', name: 'p' }, reason: 'Started', count: 1 };
  assert.deepEqual(checkSchema({ group: '', version: 'v1', kind: 'Event' }, coreEvent, 'Strict').warnings, []);
  const eventsEvent = { apiVersion: 'events.k8s.io/v1', kind: 'Event', metadata: { name: 'e' }, regarding: { kind: 'Pod', name: 'p' }, involvedObject: {} };
  assert.deepEqual(checkSchema({ group: 'events.k8s.io', version: 'v1', kind: 'Event' }, eventsEvent, 'Warn').warnings, ['unknown field "involvedObject"']);
});

test('subresource kinds and unknown kinds', () => {
  const scale = { apiVersion: 'autoscaling/v1', kind: 'Scale', metadata: { name: 'web' }, spec: { replicas: 3 } };
  assert.deepEqual(checkSchema({ group: 'autoscaling', version: 'v1', kind: 'Scale' }, scale, 'Strict').warnings, []);
  assert.throws(() => checkSchema({ group: 'x', version: 'v1', kind: 'Nope' }, {}, 'Strict'), (err: unknown) => err instanceof StatusError && err.code === 500);
});
