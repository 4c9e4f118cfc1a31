/** Tests for toleration matching and the NoExecute eviction verdict. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Taint } from 'kubernetes-types/core/v1.js';
import { evictionVerdict, tolerates } from './tolerations.js';

const unreachable: Taint = { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute', timeAdded: '2026-01-01T00:00:00Z' };
const T0 = Date.parse('2026-01-01T00:00:00Z');

test('toleration matching: key and value, Exists, empty key with Exists, effect', () => {
  assert.ok(tolerates({ key: 'a', operator: 'Equal', value: 'x', effect: 'NoExecute' }, { key: 'a', value: 'x', effect: 'NoExecute' }));
  assert.ok(!tolerates({ key: 'a', operator: 'Equal', value: 'y' }, { key: 'a', value: 'x', effect: 'NoExecute' }));
  assert.ok(tolerates({ key: 'a', operator: 'Exists' }, { key: 'a', value: 'x', effect: 'NoSchedule' }));
  assert.ok(tolerates({ operator: 'Exists' }, { key: 'anything', effect: 'NoExecute' }));
  assert.ok(!tolerates({ operator: 'Equal' }, { key: 'anything', effect: 'NoExecute' }));
  assert.ok(!tolerates({ key: 'a', operator: 'Exists', effect: 'NoSchedule' }, { key: 'a', effect: 'NoExecute' }));
});

test('an untolerated NoExecute taint evicts at once; NoSchedule taints do not count', () => {
  assert.deepEqual(evictionVerdict([unreachable], [], 0), { kind: 'now' });
  assert.deepEqual(evictionVerdict([{ key: 'x', effect: 'NoSchedule' }], [], 0), { kind: 'never' });
});

test('tolerationSeconds counts from the taint\'s timeAdded (or the fallback); none means forever', () => {
  assert.deepEqual(evictionVerdict([unreachable], [{ key: unreachable.key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 5 }], 0), { kind: 'at', due: T0 + 5000 });
  assert.deepEqual(evictionVerdict([{ key: 'k', effect: 'NoExecute' }], [{ key: 'k', operator: 'Exists', tolerationSeconds: 2 }], 777), { kind: 'at', due: 2777 });
  assert.deepEqual(evictionVerdict([unreachable], [{ key: unreachable.key, operator: 'Exists' }], 0), { kind: 'never' });
  assert.deepEqual(evictionVerdict([unreachable], [{ key: unreachable.key, operator: 'Exists', tolerationSeconds: -3 }], 0), { kind: 'at', due: T0 });
});

test('with several taints the earliest due time wins, and the first matching toleration is the one used', () => {
  const other: Taint = { key: 'k', effect: 'NoExecute', timeAdded: '2026-01-01T00:00:10Z' };
  const verdict = evictionVerdict(
    [unreachable, other],
    [
      { key: 'k', operator: 'Exists', tolerationSeconds: 1 },
      { key: unreachable.key, operator: 'Exists', tolerationSeconds: 60 },
      { operator: 'Exists' },
    ],
    0,
  );
  assert.deepEqual(verdict, { kind: 'at', due: T0 + 11_000 });
  assert.deepEqual(evictionVerdict([unreachable], [{ operator: 'Exists' }, { key: unreachable.key, operator: 'Exists', tolerationSeconds: 1 }], 0), { kind: 'never' });
});
