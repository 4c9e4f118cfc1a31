/** Unit tests for the serving certificate's host list. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { apiServerCertificateHosts } from './certificate-hosts.js';

test('covers loopback, in-cluster names and the kubernetes Service IP', () => {
  const hosts = apiServerCertificateHosts({ bindAddress: '127.0.0.1', serviceClusterIpRange: '10.96.0.0/12' });
  for (const h of ['127.0.0.1', 'localhost', 'kubernetes.default.svc', 'kubernetes.default.svc.cluster.local', '10.96.0.1']) assert.ok(hosts.includes(h), h);
  assert.equal(new Set(hosts).size, hosts.length, 'no duplicates');
});

test('adds the bind and advertise addresses and extra names, but not the wildcard address', () => {
  const hosts = apiServerCertificateHosts({ bindAddress: '0.0.0.0', serviceClusterIpRange: '10.100.0.0/16', advertiseAddress: '10.0.0.5', extra: ['api.example'] });
  assert.ok(hosts.includes('10.100.0.1'));
  assert.ok(hosts.includes('10.0.0.5'));
  assert.ok(hosts.includes('api.example'));
  assert.ok(!hosts.includes('0.0.0.0'));
});
