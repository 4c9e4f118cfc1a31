/** QoS class from requests and limits, as Kubernetes decides it. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ResourceRequirements } from 'kubernetes-types/core/v1.js';
import { qosClassOf } from './qos-class.js';
import { pod } from './test-fixtures.js';

const withResources = (...rs: ResourceRequirements[]) => pod({ containers: rs.map((resources, i) => ({ name: `c${i}`, resources })) });

test('BestEffort without cpu or memory; zero quantities and other resources do not count', () => {
  assert.equal(qosClassOf(pod({})), 'BestEffort');
  assert.equal(qosClassOf(withResources({ requests: { cpu: '0' }, limits: { 'example.com/gpu': '1' } })), 'BestEffort');
});

test('Guaranteed when every container limits cpu and memory with equal requests (or none, defaulting to the limits)', () => {
  assert.equal(qosClassOf(withResources({ requests: { cpu: '100m', memory: '1Gi' }, limits: { cpu: '0.1', memory: '1024Mi' } })), 'Guaranteed');
  assert.equal(qosClassOf(withResources({ limits: { cpu: '1', memory: '1Gi' } }, { limits: { cpu: '2', memory: '2Gi' } })), 'Guaranteed');
});

test('Burstable otherwise: a missing limit, unequal request, or one container without resources', () => {
  assert.equal(qosClassOf(withResources({ requests: { cpu: '100m' } })), 'Burstable');
  assert.equal(qosClassOf(withResources({ requests: { cpu: '100m', memory: '1Gi' }, limits: { cpu: '200m', memory: '1Gi' } })), 'Burstable');
  assert.equal(qosClassOf(withResources({ limits: { cpu: '1' } })), 'Burstable');
  assert.equal(qosClassOf(withResources({ limits: { cpu: '1', memory: '1Gi' } }, {})), 'Burstable');
  const init = pod({ initContainers: [{ name: 'i', resources: { requests: { memory: '1Mi' } } }] });
  assert.equal(qosClassOf(init), 'Burstable');
});
