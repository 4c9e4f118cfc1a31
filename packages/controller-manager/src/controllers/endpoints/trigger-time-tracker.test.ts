/** Unit tests of the last-change trigger time tracking. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Pod, Service } from 'kubernetes-types/core/v1.js';
import { TriggerTimeTracker } from './trigger-time-tracker.js';

const svc: Service = { metadata: { name: 's', namespace: 'ns', creationTimestamp: '2024-01-01T00:00:05Z' } };
const pod = (name: string, readyAt?: string): Pod => ({
  metadata: { name },
  status: readyAt ? { conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: readyAt }] } : {},
});

test('reports the earliest change not yet committed, and nothing once committed', () => {
  const t = new TriggerTimeTracker();
  const first = t.compute('ns/s', svc, [pod('a', '2024-01-01T00:00:09Z'), pod('b')]);
  assert.equal(first.triggerTime, '2024-01-01T00:00:05Z', 'a new service counts its creation');
  assert.equal(t.compute('ns/s', svc, []).triggerTime, '2024-01-01T00:00:05Z', 'nothing was committed yet');
  first.commit();
  assert.equal(t.compute('ns/s', svc, [pod('a', '2024-01-01T00:00:09Z'), pod('b')]).triggerTime, undefined);
  const next = t.compute('ns/s', svc, [pod('a', '2024-01-01T00:00:20Z'), pod('b', '2024-01-01T00:00:15Z')]);
  assert.equal(next.triggerTime, '2024-01-01T00:00:15Z');
  next.commit();
  t.deleteService('ns/s');
  assert.equal(t.compute('ns/s', svc, []).triggerTime, '2024-01-01T00:00:05Z', 'forgotten service is new again');
});
