/** Unit tests of the shared pod-to-endpoint rules. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Pod, Service } from 'kubernetes-types/core/v1.js';
import { findPodPort, isPodReady, podHostname, servesEndpoints, shouldPodBeInEndpoints } from './pod-endpoints.js';

const pod = (over: Partial<Pod> = {}): Pod => ({
  metadata: { name: 'p', namespace: 'ns', uid: 'u1' },
  spec: {
    containers: [
      { name: 'a', ports: [{ name: 'http', containerPort: 8080 }, { name: 'dns', containerPort: 53, protocol: 'UDP' }] },
      { name: 'b', ports: [{ name: 'metrics', containerPort: 9100 }] },
    ],
  },
  status: { phase: 'Running', podIP: '10.0.0.5', conditions: [{ type: 'Ready', status: 'True' }] },
  ...over,
});

test('findPodPort resolves numbers, numeric strings and named ports of any container, matching the protocol', () => {
  assert.equal(findPodPort(pod(), { port: 80, targetPort: 7000 }), 7000);
  assert.equal(findPodPort(pod(), { port: 80 }), 80, 'no targetPort: the service port');
  assert.equal(findPodPort(pod(), { port: 80, targetPort: '8081' }), 8081);
  assert.equal(findPodPort(pod(), { port: 80, targetPort: 'http' }), 8080);
  assert.equal(findPodPort(pod(), { port: 80, targetPort: 'metrics' }), 9100);
  assert.equal(findPodPort(pod(), { port: 53, targetPort: 'dns', protocol: 'UDP' }), 53);
  assert.equal(findPodPort(pod(), { port: 53, targetPort: 'dns' }), undefined, 'dns is UDP, the service port TCP');
  assert.equal(findPodPort(pod(), { port: 80, targetPort: 'grpc' }), undefined);
});

test('shouldPodBeInEndpoints needs an IPv4 address, a live phase and (unless asked) no deletion', () => {
  assert.equal(shouldPodBeInEndpoints(pod(), false), true);
  assert.equal(shouldPodBeInEndpoints(pod({ status: { phase: 'Pending' } }), false), false, 'no IP yet');
  assert.equal(shouldPodBeInEndpoints(pod({ status: { phase: 'Succeeded', podIP: '10.0.0.5' } }), true), false);
  assert.equal(shouldPodBeInEndpoints(pod({ status: { phase: 'Failed', podIP: '10.0.0.5' } }), true), false);
  assert.equal(shouldPodBeInEndpoints(pod({ status: { phase: 'Running', podIP: 'fd00::1' } }), true), false, 'IPv6 only');
  const deleting = pod({ metadata: { name: 'p', namespace: 'ns', deletionTimestamp: '2024-01-01T00:00:00Z' } });
  assert.equal(shouldPodBeInEndpoints(deleting, false), false);
  assert.equal(shouldPodBeInEndpoints(deleting, true), true);
});

test('isPodReady reads the Ready condition', () => {
  assert.equal(isPodReady(pod()), true);
  assert.equal(isPodReady(pod({ status: { conditions: [{ type: 'Ready', status: 'False' }] } })), false);
  assert.equal(isPodReady(pod({ status: {} })), false);
});

test('servesEndpoints: a selector and not ExternalName', () => {
  assert.equal(servesEndpoints({ spec: { selector: { app: 'web' } } }), true);
  assert.equal(servesEndpoints({ spec: {} }), false);
  assert.equal(servesEndpoints({ spec: { selector: {} } }), false, 'an empty selector is none');
  assert.equal(servesEndpoints({ spec: { selector: { app: 'web' }, type: 'ExternalName' } }), false);
});

test('podHostname only when the pod subdomain names the service', () => {
  const svc: Service = { metadata: { name: 'db', namespace: 'ns' } };
  assert.equal(podHostname(pod({ spec: { containers: [], hostname: 'db-0', subdomain: 'db' } }), svc), 'db-0');
  assert.equal(podHostname(pod({ spec: { containers: [], hostname: 'db-0', subdomain: 'other' } }), svc), undefined);
  assert.equal(podHostname(pod({ spec: { containers: [] } }), svc), undefined);
});
