/** Unit tests of how Endpoints subsets are built and grouped. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Pod, Service } from 'kubernetes-types/core/v1.js';
import { endpointSubsets } from './endpoints-subsets.js';

function pod(name: string, ip: string, ready: boolean, httpPort?: number): Pod {
  return {
    metadata: { name, namespace: 'ns', uid: `uid-${name}` },
    spec: { nodeName: 'n1', containers: [{ name: 'c', ports: httpPort ? [{ name: 'http', containerPort: httpPort }] : [] }] },
    status: { phase: 'Running', podIP: ip, conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }] },
  };
}

const svc = (over: Partial<NonNullable<Service['spec']>> = {}): Service => ({
  metadata: { name: 'web', namespace: 'ns' },
  spec: { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' }, { name: 'admin', port: 81, targetPort: 7000, protocol: 'TCP' }], ...over },
});

const ips = (list: { ip: string }[] | undefined): string[] => (list ?? []).map((a) => a.ip);

test('pods resolving the same ports share a subset; readiness splits addresses; sorted', () => {
  const subsets = endpointSubsets(svc(), [pod('b', '10.0.0.2', true, 8080), pod('a', '10.0.0.1', true, 8080), pod('c', '10.0.0.3', false, 8080), pod('d', '10.0.0.4', true, 9090), pod('e', '10.0.0.5', true)]);
  assert.equal(subsets.length, 3);
  const byPorts = new Map(subsets.map((s) => [JSON.stringify((s.ports ?? []).map((p) => `${p.name}:${p.port}`)), s]));
  const both8080 = byPorts.get(JSON.stringify(['admin:7000', 'http:8080']));
  assert.deepEqual(ips(both8080?.addresses), ['10.0.0.1', '10.0.0.2']);
  assert.deepEqual(ips(both8080?.notReadyAddresses), ['10.0.0.3']);
  assert.deepEqual(ips(byPorts.get(JSON.stringify(['admin:7000', 'http:9090']))?.addresses), ['10.0.0.4']);
  assert.deepEqual(ips(byPorts.get(JSON.stringify(['admin:7000']))?.addresses), ['10.0.0.5'], 'a pod lacking the named port keeps the other port');
  assert.deepEqual(both8080?.addresses?.[0], { ip: '10.0.0.1', nodeName: 'n1', targetRef: { kind: 'Pod', namespace: 'ns', name: 'a', uid: 'uid-a' } });
});

test('publishNotReadyAddresses lists every pod as an address, terminating ones included', () => {
  const terminating = { ...pod('t', '10.0.0.9', true, 8080), metadata: { name: 't', namespace: 'ns', deletionTimestamp: '2024-01-01T00:00:00Z' } };
  assert.deepEqual(endpointSubsets(svc(), [terminating]), [], 'terminating pods are dropped normally');
  const subsets = endpointSubsets(svc({ publishNotReadyAddresses: true }), [pod('c', '10.0.0.3', false, 8080), terminating]);
  assert.deepEqual(ips(subsets[0]?.addresses), ['10.0.0.3', '10.0.0.9']);
  assert.equal(subsets[0]?.notReadyAddresses, undefined);
});

test('no ports: only headless services list addresses (without ports)', () => {
  const pods = [pod('a', '10.0.0.1', true)];
  assert.deepEqual(endpointSubsets(svc({ ports: [] }), pods), []);
  const headless = endpointSubsets(svc({ ports: [], clusterIP: 'None' }), pods);
  assert.equal(headless.length, 1);
  assert.deepEqual(ips(headless[0]?.addresses), ['10.0.0.1']);
  assert.equal(headless[0]?.ports, undefined);
});
