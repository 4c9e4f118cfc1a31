/** Tests for the imagePullPolicy default. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultImagePullPolicy, parseImageReference } from './image-pull-policy.js';

const DIGEST = 'sha256:' + 'a'.repeat(64);

test('latest tag or no tag without digest pulls Always', () => {
  for (const image of ['nginx', 'nginx:latest', 'library/nginx', 'registry.example.com/team/app', 'localhost:5000/app', 'localhost:5000/app:latest', `nginx:latest@${DIGEST}`]) {
    assert.equal(defaultImagePullPolicy(image), 'Always', image);
  }
});

test('a specific tag or a digest pulls IfNotPresent', () => {
  for (const image of ['nginx:1.27', 'busybox:stable', 'localhost:5000/app:v1', `nginx@${DIGEST}`, `nginx:1.2@${DIGEST}`, 'registry:5000/a/b:c']) {
    assert.equal(defaultImagePullPolicy(image), 'IfNotPresent', image);
  }
});

test('unparseable or missing images default to IfNotPresent, as Kubernetes ignores the parse error', () => {
  for (const image of ['', 'Nginx', 'nginx:', 'nginx@sha256:short', undefined, 42, 'a'.repeat(64)]) {
    assert.equal(defaultImagePullPolicy(image), 'IfNotPresent', String(image));
  }
});

test('the registry port is not mistaken for a tag', () => {
  assert.deepEqual(parseImageReference('localhost:5000/app'), { tag: '', digest: '' });
  assert.deepEqual(parseImageReference('host.example:443/a/b:v2'), { tag: 'v2', digest: '' });
});
