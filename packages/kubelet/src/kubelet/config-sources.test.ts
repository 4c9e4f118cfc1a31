/** Unit tests of the ConfigMap and Secret names a pod refers to. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { referencedSources } from './config-sources.js';

test('referencedSources finds ConfigMaps and Secrets in env, envFrom, volumes and projected volumes of every container', () => {
  const refs = referencedSources({
    spec: {
      initContainers: [{ name: 'i', env: [{ name: 'A', valueFrom: { configMapKeyRef: { name: 'cm-init', key: 'k' } } }] }],
      containers: [
        {
          name: 'c',
          env: [{ name: 'B', valueFrom: { secretKeyRef: { name: 's-env', key: 'k' } } }, { name: 'C', value: 'plain' }],
          envFrom: [{ configMapRef: { name: 'cm-from' } }, { secretRef: { name: 's-from' } }],
        },
      ],
      volumes: [
        { name: 'v1', configMap: { name: 'cm-vol' } },
        { name: 'v2', secret: { secretName: 's-vol' } },
        { name: 'v3', projected: { sources: [{ configMap: { name: 'cm-proj' } }, { secret: { name: 's-proj' } }] } },
        { name: 'v4', emptyDir: {} },
      ],
    },
  });
  assert.deepEqual([...refs.configMaps].sort(), ['cm-from', 'cm-init', 'cm-proj', 'cm-vol']);
  assert.deepEqual([...refs.secrets].sort(), ['s-env', 's-from', 's-proj', 's-vol']);
});
