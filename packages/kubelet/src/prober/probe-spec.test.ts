/** Probe defaults, grace periods, ports and event messages. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { probeKillMessage, probeFailedMessage } from './events.js';
import { probeKillGracePeriodSeconds, probeTiming } from './probe-spec.js';
import { resolveProbePort } from './resolve-port.js';

test('probeTiming applies Kubernetes defaults', () => {
  assert.deepEqual(probeTiming({}), { initialDelaySeconds: 0, periodSeconds: 10, timeoutSeconds: 1, successThreshold: 1, failureThreshold: 3 });
  assert.equal(probeTiming({ periodSeconds: 0 }).periodSeconds, 1);
});

test('probeKillGracePeriodSeconds: probe, then pod, then 30', () => {
  const c = { name: 'c', livenessProbe: { terminationGracePeriodSeconds: 5 }, startupProbe: {} };
  assert.equal(probeKillGracePeriodSeconds({ spec: { containers: [c], terminationGracePeriodSeconds: 60 } }, c, 'liveness'), 5);
  assert.equal(probeKillGracePeriodSeconds({ spec: { containers: [c], terminationGracePeriodSeconds: 60 } }, c, 'startup'), 60);
  assert.equal(probeKillGracePeriodSeconds({ spec: { containers: [c] } }, c, 'startup'), 30);
});

test('resolveProbePort: numbers, named ports, errors', () => {
  const c = { name: 'web', ports: [{ name: 'http', containerPort: 8080 }] };
  assert.equal(resolveProbePort(80, c), 80);
  assert.equal(resolveProbePort('http', c), 8080);
  assert.throws(() => resolveProbePort('metrics', c), /couldn't find port: metrics in web/);
  assert.throws(() => resolveProbePort(70000, c), /invalid port number: 70000/);
});

test('event messages read as the kubelet writes them', () => {
  assert.equal(probeFailedMessage('startup', 'x'), 'Startup probe failed: x');
  assert.equal(probeKillMessage('web', 'liveness'), 'Container web failed liveness probe, will be restarted');
});
