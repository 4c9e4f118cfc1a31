/** Tests of environment resolution: sources, optional refs, typed errors, order and overrides, downward API, expansion. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Container } from 'kubernetes-types/core/v1.js';
import { ContainerConfigError } from './config-error.js';
import { resolveEnv, resolveEnvDetailed } from './env.js';
import { fakeSources, testPod, withResources } from './test-fixtures.js';

const src = fakeSources({ 'shop/cfg': { COLOR: 'blue', SIZE: 'L', 'bad key': 'x', '1NUM': 'y' } }, { 'shop/sec': { PASSWORD: 's3cret' } });

function envOf(c: Partial<Container>, pod = testPod()): Record<string, string> {
  return Object.fromEntries(resolveEnv(pod, { name: 'app', ...c }, src).map((e) => [e.name, e.value]));
}

test('plain values, configMapKeyRef and secretKeyRef', () => {
  const env = envOf({
    env: [
      { name: 'A', value: 'a' },
      { name: 'C', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'COLOR' } } },
      { name: 'P', valueFrom: { secretKeyRef: { name: 'sec', key: 'PASSWORD' } } },
    ],
  });
  assert.deepEqual(env, { A: 'a', C: 'blue', P: 's3cret' });
});

test('missing configMaps, secrets and keys: typed errors with Kubernetes messages, or skipped when optional', () => {
  const cases: [Container['env'], string][] = [
    [[{ name: 'X', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'NOPE' } } }], "couldn't find key NOPE in ConfigMap shop/cfg"],
    [[{ name: 'X', valueFrom: { configMapKeyRef: { name: 'gone', key: 'K' } } }], 'configmap "gone" not found'],
    [[{ name: 'X', valueFrom: { secretKeyRef: { name: 'sec', key: 'NOPE' } } }], "couldn't find key NOPE in Secret shop/sec"],
    [[{ name: 'X', valueFrom: { secretKeyRef: { name: 'gone', key: 'K' } } }], 'secret "gone" not found'],
  ];
  for (const [env, message] of cases) {
    assert.throws(() => envOf({ env }), (e: unknown) => e instanceof ContainerConfigError && e.message === message && e.reason === 'CreateContainerConfigError');
  }
  assert.throws(() => envOf({ envFrom: [{ configMapRef: { name: 'gone' } }] }), { message: 'configmap "gone" not found' });
  const optional = envOf({
    env: [
      { name: 'X', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'NOPE', optional: true } } },
      { name: 'Y', valueFrom: { configMapKeyRef: { name: 'gone', key: 'K', optional: true } } },
      { name: 'Z', valueFrom: { secretKeyRef: { name: 'gone', key: 'K', optional: true } } },
      { name: 'K', value: 'kept' },
    ],
    envFrom: [{ configMapRef: { name: 'gone', optional: true } }, { secretRef: { name: 'gone2', optional: true } }],
  });
  assert.deepEqual(optional, { K: 'kept' }, 'optional misses set nothing at all');
});

test('envFrom with prefix skips invalid names; env overrides envFrom; later envFrom overrides earlier', () => {
  const r = resolveEnvDetailed(
    testPod(),
    {
      name: 'app',
      envFrom: [{ configMapRef: { name: 'cfg' } }, { prefix: 'S_', secretRef: { name: 'sec' } }, { prefix: 'P_', configMapRef: { name: 'cfg' } }],
      env: [{ name: 'SIZE', value: 'XL' }],
    },
    src,
  );
  const env = Object.fromEntries(r.env.map((e) => [e.name, e.value]));
  assert.equal(env['COLOR'], 'blue');
  assert.equal(env['SIZE'], 'XL');
  assert.equal(env['S_PASSWORD'], 's3cret');
  assert.equal(env['P_1NUM'], 'y', 'a prefix can make a key valid');
  assert.equal(env['1NUM'], undefined);
  assert.equal(env['bad key'], undefined);
  assert.deepEqual(r.invalidKeys, [
    { source: 'configMap shop/cfg', keys: ['1NUM', 'bad key'] },
    { source: 'configMap shop/cfg', keys: ['P_bad key'] },
  ]);
  assert.deepEqual(
    r.env.map((e) => e.name),
    ['COLOR', 'SIZE', 'bad key', '1NUM', 'S_PASSWORD', 'P_COLOR', 'P_SIZE', 'P_1NUM'].filter((n) => !n.includes(' ') && n !== '1NUM'),
    'insertion order, first position kept on override',
  );
});

test('$(VAR) references earlier variables only, $$ escapes, service env is a fallback and is appended', () => {
  const env = resolveEnv(
    testPod(),
    {
      name: 'app',
      env: [
        { name: 'FIRST', value: 'one' },
        { name: 'REF', value: '$(FIRST)-$(LATER)-$(SVC_HOST)' },
        { name: 'LATER', value: 'two' },
        { name: 'ESC', value: '$$(FIRST)' },
        { name: 'SVC_PORT', value: 'mine' },
      ],
    },
    { ...src, serviceEnv: { SVC_HOST: '10.96.0.10', SVC_PORT: '80' } },
  );
  assert.deepEqual(env, [
    { name: 'FIRST', value: 'one' },
    { name: 'REF', value: 'one-$(LATER)-10.96.0.10' },
    { name: 'LATER', value: 'two' },
    { name: 'ESC', value: '$(FIRST)' },
    { name: 'SVC_PORT', value: 'mine' },
    { name: 'SVC_HOST', value: '10.96.0.10' },
  ]);
});

test('fieldRef paths', () => {
  const pod = {
    ...testPod({}, { labels: { app: 'web', 'tier.x/y': 'front' }, annotations: { a: '1' } }),
    status: { podIPs: [{ ip: '10.244.1.5' }, { ip: 'fd00::5' }], hostIPs: [{ ip: '10.250.0.11' }] },
  };
  const f = (fieldPath: string) => ({ name: fieldPath.replace(/\W/g, '_'), valueFrom: { fieldRef: { fieldPath } } });
  const env = resolveEnv(
    pod,
    {
      name: 'app',
      env: [
        f('metadata.name'),
        f('metadata.namespace'),
        f('metadata.uid'),
        f("metadata.labels['tier.x/y']"),
        f("metadata.annotations['a']"),
        f("metadata.labels['none']"),
        f('spec.nodeName'),
        f('spec.serviceAccountName'),
        f('status.podIP'),
        f('status.podIPs'),
        f('status.hostIP'),
        f('status.hostIPs'),
      ],
    },
    { ...src, podIP: undefined, hostIP: undefined },
  ).map((e) => e.value);
  assert.deepEqual(env, ['web', 'shop', '1111-2222', 'front', '1', '', 'node-a', 'default', '10.244.1.5', '10.244.1.5,fd00::5', '10.250.0.11', '10.250.0.11']);
  assert.equal(envOf({ env: [f('status.podIP')] })['status_podIP'], '10.244.1.5', 'the source IP wins over an empty status');
  assert.throws(() => envOf({ env: [f('spec.bogus')] }), ContainerConfigError);
});

test('resourceFieldRef with divisors; unset limits are node allocatable', () => {
  const c = withResources({ name: 'app', image: 'x' }, { cpu: '250m', memory: '64Mi' }, { memory: '128Mi' });
  const r = (resource: string, divisor?: string, containerName?: string) => ({
    name: resource.replace(/\W/g, '_') + (divisor ?? ''),
    valueFrom: { resourceFieldRef: { resource, divisor, containerName } },
  });
  c.env = [r('requests.cpu'), r('requests.cpu', '1m'), r('limits.memory'), r('limits.memory', '1Mi'), r('limits.cpu'), r('limits.cpu', '1m'), r('requests.memory', '1Ki', 'app')];
  const env = resolveEnv(testPod({ containers: [c] }), c, { ...src, nodeAllocatable: { cpu: '1500m', memory: '2Gi' } }).map((e) => e.value);
  assert.deepEqual(env, ['1', '250', String(128 * 1024 * 1024), '128', '2', '1500', '65536']);
});
