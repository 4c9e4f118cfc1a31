/** Tests for the CIDR set node IPAM allocates from. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CidrSet, parseCidr } from './cidr-set.js';

test('allocates distinct subnets in order until the range is exhausted', () => {
  const set = new CidrSet('10.244.0.0/22', 24);
  assert.deepEqual([set.allocate(), set.allocate(), set.allocate(), set.allocate()], ['10.244.0.0/24', '10.244.1.0/24', '10.244.2.0/24', '10.244.3.0/24']);
  assert.equal(set.allocate(), undefined);
  assert.equal(set.free, 0);
});

test('occupied subnets are skipped and released ones handed out again', () => {
  const set = new CidrSet('10.244.0.0/16', 24);
  assert.equal(set.occupy('10.244.0.0/24'), true);
  assert.equal(set.occupy('10.244.1.0/24'), true);
  assert.equal(set.allocate(), '10.244.2.0/24');
  const small = new CidrSet('192.168.0.0/30', 31);
  assert.equal(small.allocate(), '192.168.0.0/31');
  assert.equal(small.allocate(), '192.168.0.2/31');
  small.release('192.168.0.0/31');
  assert.equal(small.allocate(), '192.168.0.0/31');
});

test('subnets outside the range or of another size are not occupied', () => {
  const set = new CidrSet('10.244.0.0/16', 24);
  assert.equal(set.occupy('10.245.0.0/24'), false);
  assert.equal(set.occupy('10.244.0.0/25'), false);
  assert.equal(set.occupy('garbage'), false);
  assert.equal(set.free, 256);
});

test('CIDR parsing masks the base and refuses nonsense', () => {
  assert.deepEqual(parseCidr('10.244.7.9/16'), { base: (10 * 256 + 244) * 65536, prefix: 16 });
  assert.throws(() => parseCidr('10.244.0.0'), /invalid CIDR/);
  assert.throws(() => parseCidr('10.300.0.0/16'), /invalid IPv4/);
  assert.throws(() => new CidrSet('10.244.0.0/16', 8), /does not fit/);
});
