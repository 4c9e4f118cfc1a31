/** Unit tests for Accept negotiation and body decoding. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { statusErrorOf } from '@skiff/api';
import { aggregatedDiscoveryVersion, decodeBody, parseAccept, wantsTable, MAX_REQUEST_BODY_BYTES } from './media.js';

const KUBECTL_TABLE = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';
const DISCOVERY_129 = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json';
const DISCOVERY_127 = 'application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json';

test('Table is chosen only when asked for first', () => {
  assert.equal(wantsTable(parseAccept(KUBECTL_TABLE)), true);
  assert.equal(wantsTable(parseAccept('application/json')), false);
  assert.equal(wantsTable(parseAccept('application/json, */*')), false);
  assert.equal(wantsTable(parseAccept('application/vnd.kubernetes.protobuf,application/json')), false);
  assert.equal(wantsTable(parseAccept(undefined)), false);
});

test('aggregated discovery version follows the client', () => {
  assert.equal(aggregatedDiscoveryVersion(parseAccept(DISCOVERY_129)), 'v2');
  assert.equal(aggregatedDiscoveryVersion(parseAccept(DISCOVERY_127)), 'v2beta1');
  assert.equal(aggregatedDiscoveryVersion(parseAccept('application/json, */*')), undefined);
});

test('bodies decode by media type', () => {
  assert.deepEqual(decodeBody(Buffer.from('{"a":1}'), 'application/json; charset=utf-8'), { a: 1 });
  assert.deepEqual(decodeBody(Buffer.from('a: 1\nb: [x]\n'), 'application/yaml'), { a: 1, b: ['x'] });
  assert.deepEqual(decodeBody(Buffer.from('{"a":1}'), 'application/apply-patch+yaml'), { a: 1 });
  assert.equal(decodeBody(Buffer.from(''), 'application/json'), undefined);
});

test('bad bodies are Status errors with the right codes', () => {
  const code = (fn: () => unknown) => statusErrorOf(fn).code;
  assert.equal(code(() => decodeBody(Buffer.from('{'), 'application/json')), 400);
  assert.equal(code(() => decodeBody(Buffer.from('a: [\n'), 'application/yaml')), 400);
  assert.equal(code(() => decodeBody(Buffer.from('a: 1\na: 2\n'), 'application/yaml')), 400);
  assert.equal(code(() => decodeBody(Buffer.from('x'), 'text/plain')), 415);
  assert.equal(code(() => decodeBody(Buffer.from('x'), 'application/vnd.kubernetes.protobuf')), 415);
  assert.equal(code(() => decodeBody(Buffer.alloc(MAX_REQUEST_BODY_BYTES + 1, 32), 'application/json')), 413);
});
