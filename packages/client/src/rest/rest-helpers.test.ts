/** Unit tests of the REST client's pieces: paths, query strings, NDJSON splitting and error mapping. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { StatusError } from '@skiff/api';
import { LineSplitter } from './line-splitter.js';
import { deleteOptionsBody, encodeQuery, listQuery, patchQuery, watchQuery } from './query-params.js';
import { resourcePath } from './request-path.js';
import { errorFromNetwork, errorFromResponse } from './response-errors.js';

const pods = { group: '', version: 'v1', resource: 'pods', namespaced: true };
const deployments = { group: 'apps', version: 'v1', resource: 'deployments', namespaced: true };
const nodes = { group: '', version: 'v1', resource: 'nodes', namespaced: false };

test('resource paths for core and named groups, scopes and subresources', () => {
  assert.equal(resourcePath(pods, 'default'), '/api/v1/namespaces/default/pods');
  assert.equal(resourcePath(pods, undefined), '/api/v1/pods');
  assert.equal(resourcePath(deployments, 'ns', 'web', 'scale'), '/apis/apps/v1/namespaces/ns/deployments/web/scale');
  assert.equal(resourcePath(nodes, 'ignored', 'n1', 'status'), '/api/v1/nodes/n1/status');
  assert.equal(resourcePath(pods, 'ns', 'a b'), '/api/v1/namespaces/ns/pods/a%20b');
  assert.throws(() => resourcePath(pods, undefined, 'x'), (e: unknown) => e instanceof StatusError && e.reason === 'BadRequest');
  assert.throws(() => resourcePath(pods, 'ns', '../x'), StatusError);
  assert.throws(() => resourcePath(pods, 'ns', ''), /resource name may not be empty/);
});

test('query strings carry every option, sorted, and leave out unset ones', () => {
  assert.equal(encodeQuery(listQuery({})), '');
  assert.equal(
    encodeQuery(listQuery({ labelSelector: 'app=web', fieldSelector: 'metadata.name=x', limit: 5, continue: 'tok', resourceVersion: '10', resourceVersionMatch: 'NotOlderThan' })),
    '?continue=tok&fieldSelector=metadata.name%3Dx&labelSelector=app%3Dweb&limit=5&resourceVersion=10&resourceVersionMatch=NotOlderThan',
  );
  assert.equal(encodeQuery(watchQuery({ resourceVersion: '7', allowWatchBookmarks: true, timeoutSeconds: 30 })), '?allowWatchBookmarks=true&resourceVersion=7&timeoutSeconds=30&watch=true');
  assert.equal(encodeQuery(patchQuery({ fieldManager: 'me', force: true, dryRun: true, fieldValidation: 'Strict' })), '?dryRun=All&fieldManager=me&fieldValidation=Strict&force=true');
  assert.equal(encodeQuery(patchQuery({ force: false })), '');
  assert.deepEqual(deleteOptionsBody({ propagationPolicy: 'Foreground', gracePeriodSeconds: 0, dryRun: true, preconditions: { uid: 'u' } }), {
    kind: 'DeleteOptions',
    apiVersion: 'v1',
    gracePeriodSeconds: 0,
    propagationPolicy: 'Foreground',
    preconditions: { uid: 'u' },
    dryRun: ['All'],
  });
});

test('lines are split whatever the chunk boundaries, even inside a UTF-8 character', () => {
  const text = '{"type":"ADDED","object":{"v":"é🚀"}}\n\n{"type":"DELETED","object":{}}\n{"type":"MODIFIED","object":{"n":1}}';
  const bytes = Buffer.from(text);
  for (let size = 1; size <= bytes.length; size += 3) {
    const splitter = new LineSplitter();
    const out: string[] = [];
    for (let i = 0; i < bytes.length; i += size) out.push(...splitter.push(bytes.subarray(i, i + size)));
    out.push(...splitter.end());
    assert.deepEqual(out, ['{"type":"ADDED","object":{"v":"é🚀"}}', '{"type":"DELETED","object":{}}', '{"type":"MODIFIED","object":{"n":1}}']);
  }
});

test('answers become StatusErrors: the server Status when sent, a reason from the code otherwise', () => {
  const status = { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'AlreadyExists', code: 409, message: 'pods "a" already exists', details: { name: 'a', kind: 'pods' } };
  const e = errorFromResponse(409, JSON.stringify(status));
  assert.equal(e.reason, 'AlreadyExists');
  assert.equal(e.code, 409);
  assert.equal(e.message, 'pods "a" already exists');
  assert.deepEqual(e.details, { name: 'a', kind: 'pods' });
  const html = errorFromResponse(502, '<html>bad gateway</html>');
  assert.equal(html.reason, 'InternalError');
  assert.equal(html.code, 502);
  assert.match(html.message, /HTTP 502: <html>bad gateway/);
  assert.equal(errorFromResponse(404, 'nope').reason, 'NotFound');
  const refused = errorFromNetwork(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), 'https://127.0.0.1:6443');
  assert.equal(refused.reason, 'ServiceUnavailable');
  assert.equal(refused.message, 'The connection to the server 127.0.0.1:6443 was refused - did you specify the right host or port?');
});
