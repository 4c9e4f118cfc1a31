/** Tests of podRequests: containers, init containers, sidecars, overhead and the scoring defaults. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_MEMORY_REQUEST, DEFAULT_MILLI_CPU_REQUEST, podRequests } from './pod-requests.js';
import { container, makePod } from './test-fixtures.js';

const GI = 1024 ** 3;
const MI = 1024 ** 2;

test('sums the containers, converting cpu to millicores and memory to bytes', () => {
  const pod = makePod('p', {
    containers: [container('a', { cpu: '1.5', memory: '1Gi' }), container('b', { cpu: '250m', memory: '512Mi', 'example.com/gpu': '2' })],
  });
  const r = podRequests(pod);
  assert.equal(r.milliCPU, 1750);
  assert.equal(r.memory, GI + 512 * MI);
  assert.deepEqual(r.scalarResources, { 'example.com/gpu': 2 });
});

test('a regular init container larger than the containers sets the request', () => {
  const pod = makePod('p', {
    initContainers: [container('init', { cpu: '2', memory: '100Mi' })],
    containers: [container('a', { cpu: '500m', memory: '1Gi' })],
  });
  const r = podRequests(pod);
  assert.equal(r.milliCPU, 2000, 'cpu: the init container dominates');
  assert.equal(r.memory, GI, 'memory: the app container dominates');
});

test('sidecar init containers (restartPolicy Always) add up with the containers and with later init containers', () => {
  const pod = makePod('p', {
    initContainers: [
      container('sidecar', { cpu: '300m' }, { restartPolicy: 'Always' }),
      container('init', { cpu: '1' }),
    ],
    containers: [container('a', { cpu: '500m' })],
  });
  // steady state: 500m + 300m = 800m; init phase: 1000m + 300m sidecar already running = 1300m
  assert.equal(podRequests(pod).milliCPU, 1300);
  const lighter = makePod('p', {
    initContainers: [container('sidecar', { cpu: '300m' }, { restartPolicy: 'Always' }), container('init', { cpu: '100m' })],
    containers: [container('a', { cpu: '500m' })],
  });
  assert.equal(podRequests(lighter).milliCPU, 800);
});

test('pod overhead is added on top', () => {
  const pod = makePod('p', { containers: [container('a', { cpu: '1', memory: '1Gi' })], overhead: { cpu: '250m', memory: '120Mi' } });
  const r = podRequests(pod);
  assert.equal(r.milliCPU, 1250);
  assert.equal(r.memory, GI + 120 * MI);
});

test('nonZero substitutes the scoring defaults only for missing cpu/memory requests', () => {
  const pod = makePod('p', { containers: [container('a', {}), container('b', { cpu: '0', memory: '1Mi' })] });
  assert.equal(podRequests(pod).milliCPU, 0);
  const r = podRequests(pod, { nonZero: true });
  assert.equal(r.milliCPU, DEFAULT_MILLI_CPU_REQUEST, 'explicit 0 stays 0');
  assert.equal(r.memory, DEFAULT_MEMORY_REQUEST + MI);
});
