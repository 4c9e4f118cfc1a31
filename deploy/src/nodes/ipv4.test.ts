/** Unit tests of the IPv4 helpers. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { blockOfInterfaceCidr, cidrsOverlap, formatCidr, formatIpv4, parseCidr, parseIpv4 } from './ipv4.js';

test('addresses round-trip and bad ones are refused', () => {
  assert.equal(formatIpv4(parseIpv4('255.0.10.1')), '255.0.10.1');
  assert.equal(parseIpv4('10.0.0.1'), 167772161);
  for (const bad of ['10.0.0', '10.0.0.256', '10.0.0.01', '10.0.0.x', '']) assert.throws(() => parseIpv4(bad), /invalid IPv4 address/);
});

test('CIDRs parse, overlap and map interface addresses to their block', () => {
  assert.equal(formatCidr(parseCidr('10.244.0.0/16')), '10.244.0.0/16');
  assert.throws(() => parseCidr('10.244.0.0'), /invalid IPv4 CIDR/);
  assert.ok(cidrsOverlap(parseCidr('10.244.0.0/16'), parseCidr('10.244.7.0/24')));
  assert.ok(!cidrsOverlap(parseCidr('10.244.6.0/24'), parseCidr('10.244.7.0/24')));
  assert.equal(formatCidr(blockOfInterfaceCidr('10.250.3.1/24')), '10.250.3.0/24');
  assert.equal(formatCidr(blockOfInterfaceCidr('10.250.3.77/26')), '10.250.3.64/26');
});
