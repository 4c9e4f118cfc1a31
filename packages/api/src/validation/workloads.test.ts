/** Deployment, ReplicaSet, DaemonSet, StatefulSet, Job and CronJob rules. */
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

function updateErrors(key: string, mutate: (o: Obj) => void): Cause[] {
  const obj = FIXTURES[key]!();
  mutate(obj);
  return validateUpdate(resourceFor(key), obj, FIXTURES[key]!());
}

const MISMATCH = '`selector` does not match template `labels`';

test('workload selectors are required, non-empty and must match the template', () => {
  for (const key of ['apps/Deployment', 'apps/ReplicaSet', 'apps/DaemonSet', 'apps/StatefulSet']) {
    assert.deepEqual(createErrors(key, (o) => delete o.spec.selector), [{ type: 'FieldValueRequired', field: 'spec.selector', message: 'Required value' }], key);
    assert.deepEqual(
      createErrors(key, (o) => (o.spec.selector = { matchLabels: { app: 'db' } })),
      [{ type: 'FieldValueInvalid', field: 'spec.template.metadata.labels', message: `Invalid value: {"app":"web"}: ${MISMATCH}` }],
      key,
    );
  }
  assert.deepEqual(createErrors('apps/Deployment', (o) => (o.spec.selector = {})), [
    { type: 'FieldValueInvalid', field: 'spec.selector', message: 'Invalid value: {}: empty selector is invalid for deployment' },
  ]);
  assert.deepEqual(createErrors('apps/DaemonSet', (o) => (o.spec.selector = {})), [
    { type: 'FieldValueInvalid', field: 'spec.selector', message: 'Invalid value: {}: empty selector is invalid for daemonset' },
  ]);
  assert.deepEqual(createErrors('apps/Deployment', (o) => (o.spec.selector = { matchExpressions: [{ key: 'app', operator: 'In', values: [] }] })), [
    { type: 'FieldValueRequired', field: 'spec.selector.matchExpressions[0].values', message: "Required value: must be specified when `operator` is 'In' or 'NotIn'" },
  ]);
  assert.deepEqual(createErrors('apps/ReplicaSet', (o) => (o.spec.selector = { matchExpressions: [{ key: 'app', operator: 'In', values: ['web', 'api'] }] })), []);
});

test('replicas may not be negative', () => {
  assert.deepEqual(createErrors('apps/Deployment', (o) => (o.spec.replicas = -1)), [
    { type: 'FieldValueInvalid', field: 'spec.replicas', message: 'Invalid value: -1: must be greater than or equal to 0' },
  ]);
});

test('workload templates must restart Always', () => {
  assert.deepEqual(createErrors('apps/Deployment', (o) => (o.spec.template.spec.restartPolicy = 'Never')), [
    { type: 'FieldValueNotSupported', field: 'spec.template.spec.restartPolicy', message: 'Unsupported value: "Never": supported values: "Always"' },
  ]);
  assert.deepEqual(createErrors('apps/ReplicaSet', (o) => (o.spec.template.spec.activeDeadlineSeconds = 10)), [
    { type: 'FieldValueForbidden', field: 'spec.template.spec.activeDeadlineSeconds', message: 'Forbidden: activeDeadlineSeconds in ReplicaSet is not Supported' },
  ]);
  assert.deepEqual(createErrors('apps/Deployment', (o) => (o.spec.template.spec.containers[0].name = 'Web')).map((c) => c.field), ['spec.template.spec.containers[0].name']);
});

test('deployment strategy', () => {
  assert.deepEqual(createErrors('apps/Deployment', (o) => (o.spec.strategy = { type: 'BlueGreen' })), [
    { type: 'FieldValueNotSupported', field: 'spec.strategy', message: 'Unsupported value: {"type":"BlueGreen"}: supported values: "Recreate", "RollingUpdate"' },
  ]);
  assert.deepEqual(createErrors('apps/Deployment', (o) => (o.spec.strategy.type = 'Recreate')), [
    { type: 'FieldValueForbidden', field: 'spec.strategy.rollingUpdate', message: "Forbidden: may not be specified when strategy `type` is 'Recreate'" },
  ]);
  assert.deepEqual(createErrors('apps/Deployment', (o) => (o.spec.strategy.rollingUpdate = { maxSurge: 0, maxUnavailable: '0%' })), [
    { type: 'FieldValueInvalid', field: 'spec.strategy.rollingUpdate.maxUnavailable', message: 'Invalid value: "0%": may not be 0 when `maxSurge` is 0' },
  ]);
  assert.deepEqual(createErrors('apps/Deployment', (o) => (o.spec.strategy.rollingUpdate = { maxSurge: 1, maxUnavailable: '150%' })), [
    { type: 'FieldValueInvalid', field: 'spec.strategy.rollingUpdate.maxUnavailable', message: 'Invalid value: "150%": must not be greater than 100%' },
  ]);
  assert.deepEqual(createErrors('apps/Deployment', (o) => Object.assign(o.spec, { minReadySeconds: 30, progressDeadlineSeconds: 10 })), [
    { type: 'FieldValueInvalid', field: 'spec.progressDeadlineSeconds', message: 'Invalid value: 10: must be greater than minReadySeconds' },
  ]);
});

test('daemonset and statefulset strategies', () => {
  assert.deepEqual(createErrors('apps/DaemonSet', (o) => (o.spec.updateStrategy = { type: 'Sometimes' })), [
    { type: 'FieldValueNotSupported', field: 'spec.updateStrategy', message: 'Unsupported value: {"type":"Sometimes"}: supported values: "RollingUpdate", "OnDelete"' },
  ]);
  assert.deepEqual(createErrors('apps/StatefulSet', (o) => (o.spec.podManagementPolicy = 'Random')), [
    { type: 'FieldValueInvalid', field: 'spec.podManagementPolicy', message: 'Invalid value: "Random": must be \'OrderedReady\' or \'Parallel\'' },
  ]);
  assert.deepEqual(createErrors('apps/StatefulSet', (o) => (o.spec.updateStrategy = { type: 'RollingUpdate', rollingUpdate: { partition: -1 } })), [
    { type: 'FieldValueInvalid', field: 'spec.updateStrategy.rollingUpdate.partition', message: 'Invalid value: -1: must be greater than or equal to 0' },
  ]);
});

test('selectors are immutable on update; replicas and templates may change', () => {
  assert.deepEqual(updateErrors('apps/Deployment', (o) => (o.spec.replicas = 5)), []);
  assert.deepEqual(updateErrors('apps/Deployment', (o) => (o.spec.template.spec.containers[0].image = 'busybox:1.37')), []);
  for (const key of ['apps/Deployment', 'apps/ReplicaSet', 'apps/DaemonSet']) {
    assert.deepEqual(
      updateErrors(key, (o) => {
        o.spec.selector.matchLabels.tier = 'front';
        o.spec.template.metadata.labels.tier = 'front';
      }),
      [{ type: 'FieldValueInvalid', field: 'spec.selector', message: 'Invalid value: {"matchLabels":{"app":"web","tier":"front"}}: field is immutable' }],
      key,
    );
  }
  assert.deepEqual(updateErrors('apps/StatefulSet', (o) => (o.spec.serviceName = 'other')), [
    {
      type: 'FieldValueForbidden',
      field: 'spec',
      message: "Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
    },
  ]);
  assert.deepEqual(updateErrors('apps/StatefulSet', (o) => (o.spec.replicas = 3)), []);
});

test('workload status counts', () => {
  const key = 'apps/Deployment';
  const obj = FIXTURES[key]!();
  obj['status'] = { replicas: 2, readyReplicas: 3, availableReplicas: -1 };
  assert.deepEqual(validateStatusUpdate(resourceFor(key), obj, FIXTURES[key]!()), [
    { type: 'FieldValueInvalid', field: 'status.availableReplicas', message: 'Invalid value: -1: must be greater than or equal to 0' },
    { type: 'FieldValueInvalid', field: 'status.readyReplicas', message: 'Invalid value: 3: cannot be greater than status.replicas' },
  ]);
});

test('jobs restart OnFailure or Never; counts are non-negative', () => {
  assert.deepEqual(createErrors('batch/Job', (o) => delete o.spec.template.spec.restartPolicy), [
    { type: 'FieldValueNotSupported', field: 'spec.template.spec.restartPolicy', message: 'Unsupported value: "Always": supported values: "OnFailure", "Never"' },
  ]);
  assert.deepEqual(createErrors('batch/Job', (o) => (o.spec.parallelism = -1)), [
    { type: 'FieldValueInvalid', field: 'spec.parallelism', message: 'Invalid value: -1: must be greater than or equal to 0' },
  ]);
  assert.deepEqual(createErrors('batch/Job', (o) => (o.spec.completions = -2)), [
    { type: 'FieldValueInvalid', field: 'spec.completions', message: 'Invalid value: -2: must be greater than or equal to 0' },
  ]);
  assert.deepEqual(createErrors('batch/Job', (o) => (o.spec.selector = { matchLabels: { app: 'other' } })), [
    { type: 'FieldValueInvalid', field: 'spec.template.metadata.labels', message: `Invalid value: {"app":"web"}: ${MISMATCH}` },
  ]);
});

test('job completions, selector and template are immutable', () => {
  assert.deepEqual(updateErrors('batch/Job', (o) => (o.spec.completions = 3)), [
    { type: 'FieldValueInvalid', field: 'spec.completions', message: 'Invalid value: 3: field is immutable' },
  ]);
  assert.equal(updateErrors('batch/Job', (o) => (o.spec.template.spec.containers[0].image = 'x'))[0]?.field, 'spec.template');
  assert.deepEqual(updateErrors('batch/Job', (o) => (o.spec.parallelism = 4)), []);
});

test('cronjob schedule, policy, name length and job template', () => {
  assert.deepEqual(createErrors('batch/CronJob', (o) => delete o.spec.schedule), [{ type: 'FieldValueRequired', field: 'spec.schedule', message: 'Required value' }]);
  assert.deepEqual(createErrors('batch/CronJob', (o) => (o.spec.schedule = '61 * * * *')), [
    { type: 'FieldValueInvalid', field: 'spec.schedule', message: 'Invalid value: "61 * * * *": end of range (61) above maximum (59): 61' },
  ]);
  assert.deepEqual(createErrors('batch/CronJob', (o) => (o.spec.schedule = 'TZ=UTC 0 * * * *')), [
    { type: 'FieldValueInvalid', field: 'spec.schedule', message: 'Invalid value: "TZ=UTC 0 * * * *": cannot use TZ or CRON_TZ in schedule, use timeZone field instead' },
  ]);
  assert.deepEqual(createErrors('batch/CronJob', (o) => (o.spec.concurrencyPolicy = 'Sometimes')), [
    { type: 'FieldValueNotSupported', field: 'spec.concurrencyPolicy', message: 'Unsupported value: "Sometimes": supported values: "Allow", "Forbid", "Replace"' },
  ]);
  const long = 'n'.repeat(53);
  assert.deepEqual(createErrors('batch/CronJob', (o) => (o.metadata.name = long)), [
    { type: 'FieldValueInvalid', field: 'metadata.name', message: `Invalid value: "${long}": must be no more than 52 characters` },
  ]);
  assert.deepEqual(createErrors('batch/CronJob', (o) => (o.spec.jobTemplate.spec.template.spec.restartPolicy = 'Always')), [
    { type: 'FieldValueNotSupported', field: 'spec.jobTemplate.spec.template.spec.restartPolicy', message: 'Unsupported value: "Always": supported values: "OnFailure", "Never"' },
  ]);
  assert.deepEqual(createErrors('batch/CronJob', (o) => (o.spec.jobTemplate.spec.selector = { matchLabels: { app: 'web' } })), [
    { type: 'FieldValueInvalid', field: 'spec.jobTemplate.spec.selector', message: 'Invalid value: {"matchLabels":{"app":"web"}}: `selector` will be auto-generated' },
  ]);
});
