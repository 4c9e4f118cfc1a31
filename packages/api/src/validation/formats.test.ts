/** Tests for the name/format checks, IP and CIDR checks, quantities and cron schedules. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cronScheduleError } from './cron-schedule.js';
import { isValidCIDR, isValidIP, isValidIPv4Address, isValidIPv6Address, nonSpecialIPErrors } from './ip-format.js';
import {
  isConfigMapKey,
  isDNS1035Label,
  isDNS1123Label,
  isDNS1123Subdomain,
  isEnvVarName,
  isQualifiedName,
  isValidLabelValue,
  isValidPercent,
  isValidPortName,
  isValidPortNum,
} from './name-format.js';
import { compareQuantities, formatQuantity, parseQuantity, QUANTITY_FORMAT_ERROR, type Quantity } from './quantity.js';

test('DNS-1123 subdomains', () => {
  assert.deepEqual(isDNS1123Subdomain('web.example-1'), []);
  assert.deepEqual(isDNS1123Subdomain('Bad_Name'), [
    "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
  ]);
  assert.deepEqual(isDNS1123Subdomain('a'.repeat(254)), ['must be no more than 253 characters']);
});

test('DNS-1123 and DNS-1035 labels', () => {
  assert.deepEqual(isDNS1123Label('web-1'), []);
  assert.deepEqual(isDNS1123Label('1web'), []);
  assert.deepEqual(isDNS1123Label('web.v1'), ['must not contain dots']);
  assert.deepEqual(isDNS1123Label('-web'), [
    "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
  ]);
  assert.deepEqual(isDNS1123Label('a'.repeat(64)), ['must be no more than 63 characters']);
  assert.deepEqual(isDNS1035Label('web'), []);
  assert.deepEqual(isDNS1035Label('1web'), [
    "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')",
  ]);
});

test('qualified names and label values', () => {
  assert.deepEqual(isQualifiedName('app.kubernetes.io/name'), []);
  assert.deepEqual(isQualifiedName('MyName'), []);
  assert.deepEqual(isQualifiedName('/name'), ['prefix part must be non-empty']);
  assert.deepEqual(isQualifiedName('example.com/'), [
    'name part must be non-empty',
    "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
  ]);
  assert.match(isQualifiedName('a/b/c')[0]!, /^a qualified name must consist of .* with an optional DNS subdomain prefix and '\/' \(e\.g\. 'example\.com\/MyName'\)$/);
  assert.deepEqual(isValidLabelValue(''), []);
  assert.deepEqual(isValidLabelValue('v1.2_beta-3'), []);
  assert.deepEqual(isValidLabelValue('-x'), [
    "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
  ]);
});

test('port numbers and names', () => {
  assert.deepEqual(isValidPortNum(80), []);
  assert.deepEqual(isValidPortNum(0), ['must be between 1 and 65535, inclusive']);
  assert.deepEqual(isValidPortNum(65536), ['must be between 1 and 65535, inclusive']);
  assert.deepEqual(isValidPortName('http-alt'), []);
  assert.deepEqual(isValidPortName('Web--Port-Number-1'), [
    'must be no more than 15 characters',
    'must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
    'must not contain consecutive hyphens',
  ]);
  assert.deepEqual(isValidPortName('123'), ['must contain at least one letter (a-z)']);
  assert.deepEqual(isValidPortName('-http'), ['must not begin or end with a hyphen']);
});

test('config keys, env names and percents', () => {
  assert.deepEqual(isConfigMapKey('app.properties'), []);
  assert.deepEqual(isConfigMapKey('..data'), ["must not start with '..'"]);
  assert.match(isConfigMapKey('a/b')[0]!, /^a valid config key must consist of alphanumeric characters, '-', '_' or '\.'/);
  assert.deepEqual(isEnvVarName('MY_VAR'), []);
  assert.match(isEnvVarName('1VAR')[0]!, /must not start with a digit/);
  assert.deepEqual(isValidPercent('25%'), []);
  assert.equal(isValidPercent('25').length, 1);
});

test('IP addresses and CIDRs', () => {
  assert.deepEqual(isValidIP('10.244.1.5'), []);
  assert.deepEqual(isValidIP('fd00::1'), []);
  assert.deepEqual(isValidIP('10.244.1'), ['must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)']);
  assert.deepEqual(isValidIPv4Address('fd00::1'), ['must be a valid IPv4 address']);
  assert.deepEqual(isValidIPv6Address('fd00::1'), []);
  assert.deepEqual(isValidCIDR('10.244.0.0/16'), []);
  assert.deepEqual(isValidCIDR('fd00::/64'), []);
  for (const bad of ['10.244.0.0', '10.244.0.0/33', 'x/8', '10.0.0.0/']) {
    assert.deepEqual(isValidCIDR(bad), ['must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)'], bad);
  }
  assert.deepEqual(nonSpecialIPErrors('10.244.1.5'), []);
  assert.deepEqual(nonSpecialIPErrors('127.0.0.1'), ['may not be in the loopback range (127.0.0.0/8)']);
  assert.deepEqual(nonSpecialIPErrors('0.0.0.0'), ['may not be unspecified (0.0.0.0)']);
  assert.deepEqual(nonSpecialIPErrors('169.254.1.1'), ['may not be in the link-local range (169.254.0.0/16)']);
  assert.deepEqual(nonSpecialIPErrors('::1'), ['may not be in the loopback range (127.0.0.0/8)']);
  assert.deepEqual(nonSpecialIPErrors('fe80::1'), ['may not be in the link-local range (169.254.0.0/16)']);
  assert.deepEqual(nonSpecialIPErrors('::ffff:10.0.0.1'), []);
});

function q(text: string): Quantity {
  const parsed = parseQuantity(text);
  assert.notEqual(typeof parsed, 'string', text);
  return parsed as Quantity;
}

test('quantities print in Kubernetes canonical form', () => {
  const cases: [string, string][] = [
    ['100m', '100m'],
    ['0.5', '500m'],
    ['1000m', '1'],
    ['1.5', '1500m'],
    ['2000', '2k'],
    ['1500', '1500'],
    ['1Gi', '1Gi'],
    ['1024Mi', '1Gi'],
    ['1536Mi', '1536Mi'],
    ['0.5Gi', '512Mi'],
    ['100Ki', '100Ki'],
    ['1e3', '1e3'],
    ['1E', '1E'],
    ['0.1n', '1n'],
    ['-1', '-1'],
    ['0', '0'],
    ['512', '512'],
  ];
  for (const [input, canonical] of cases) assert.equal(formatQuantity(q(input)), canonical, input);
});

test('quantities compare by value across formats', () => {
  assert.equal(compareQuantities(q('1'), q('1000m')), 0);
  assert.equal(compareQuantities(q('1Gi'), q('1G')), 1);
  assert.equal(compareQuantities(q('100m'), q('0.2')), -1);
  assert.equal(compareQuantities(q('128Mi'), q('134217728')), 0);
});

test('bad quantities are reported', () => {
  for (const bad of ['', 'lots', '1.2.3', '.', '1Gb', '1 Gi', ' 1']) assert.equal(typeof parseQuantity(bad), 'string', bad);
  assert.equal(parseQuantity('lots'), QUANTITY_FORMAT_ERROR);
  assert.equal(parseQuantity('1Gb'), QUANTITY_FORMAT_ERROR);
  assert.equal(parseQuantity('1Gk'), "unable to parse quantity's suffix");
});

test('cron schedules', () => {
  for (const ok of ['*/5 * * * *', '0 0 * * MON-FRI', '30 2 1 jan,jul *', '0 */2 1-15 * 0', '@daily', '@every 1h30m', '0 0 ? * *']) {
    assert.equal(cronScheduleError(ok), undefined, ok);
  }
  const cases: [string, string][] = [
    ['', 'empty spec string'],
    ['* * * *', 'expected exactly 5 fields, found 4: [* * * *]'],
    ['60 * * * *', 'end of range (60) above maximum (59): 60'],
    ['0 0 0 * *', 'beginning of range (0) below minimum (1): 0'],
    ['x * * * *', 'failed to parse int from x: strconv.Atoi: parsing "x": invalid syntax'],
    ['5-1 * * * *', 'beginning of range (5) beyond end of range (1): 5-1'],
    ['*/0 * * * *', 'step of range should be a positive number: */0'],
    ['1-2-3 * * * *', 'too many hyphens: 1-2-3'],
    ['* * * * 7', 'end of range (7) above maximum (6): 7'],
    ['@sometimes', 'unrecognized descriptor: @sometimes'],
    ['@every soon', 'failed to parse duration @every soon: time: invalid duration "soon"'],
  ];
  for (const [schedule, message] of cases) assert.equal(cronScheduleError(schedule), message, schedule);
});
