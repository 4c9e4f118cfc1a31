/** Unit tests for IPv4 range arithmetic. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ipToNumber, numberToIp, parseCidr, rangeContains } from './cidr.js';

test('round trips and ranges', () => {
  assert.equal(numberToIp(ipToNumber('10.96.0.1')!), '10.96.0.1');
  assert.equal(ipToNumber('256.0.0.1'), undefined);
  assert.equal(ipToNumber('1.2.3'), undefined);
  const r = parseCidr('10.96.0.0/12');
  assert.equal(r.size, 2 ** 20);
  assert.equal(numberToIp(r.base), '10.96.0.0');
  assert.ok(rangeContains(r, '10.111.255.254'));
  assert.ok(!rangeContains(r, '10.112.0.0'));
  assert.equal(numberToIp(parseCidr('10.96.5.7/24').base), '10.96.5.0');
  assert.throws(() => parseCidr('10.96.0.0/33'));
});
