/** Tests for the DefaultTolerationSeconds admission of pods. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Toleration } from 'kubernetes-types/core/v1.js';
import type { KObject } from '../types.js';
import { admitDefaultTolerations } from './pod-tolerations.js';

const pod = (tolerations?: Toleration[]): KObject => ({
  metadata: { name: 'p', namespace: 'default' },
  spec: { containers: [{ name: 'c', image: 'busybox' }], ...(tolerations ? { tolerations } : {}) },
});
const tolerationsOf = (obj: KObject): Toleration[] => (obj.spec as { tolerations?: Toleration[] }).tolerations ?? [];

const NOT_READY: Toleration = { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 };
const UNREACHABLE: Toleration = { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 };

test('a pod without tolerations gets both defaults, 300 seconds each', () => {
  const obj = pod();
  admitDefaultTolerations(obj);
  assert.deepEqual(tolerationsOf(obj), [NOT_READY, UNREACHABLE]);
});

test('its own toleration for one key keeps that and only the other default is added, after the pod\'s own', () => {
  const own: Toleration = { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 1 };
  const other: Toleration = { key: 'dedicated', operator: 'Equal', value: 'gpu', effect: 'NoSchedule' };
  const obj = pod([other, own]);
  admitDefaultTolerations(obj);
  assert.deepEqual(tolerationsOf(obj), [other, own, NOT_READY]);
});

test('a toleration with an empty effect or an empty key covers the defaults; a NoSchedule one does not', () => {
  const anyEffect = pod([{ key: 'node.kubernetes.io/not-ready', operator: 'Exists' }]);
  admitDefaultTolerations(anyEffect);
  assert.deepEqual(tolerationsOf(anyEffect), [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists' }, UNREACHABLE]);
  const everything = pod([{ operator: 'Exists' }]);
  admitDefaultTolerations(everything);
  assert.deepEqual(tolerationsOf(everything), [{ operator: 'Exists' }]);
  const noSchedule = pod([{ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoSchedule' }]);
  admitDefaultTolerations(noSchedule);
  assert.deepEqual(tolerationsOf(noSchedule), [{ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoSchedule' }, NOT_READY, UNREACHABLE]);
});
