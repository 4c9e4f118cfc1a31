/** Tests that protoPath/protoRoot find the skiff.v1 .proto files from source and from the build. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { protoPath, protoRoot } from './proto-path.js';

test('protoPath names the Resources service definition below protoRoot', () => {
  assert.equal(protoPath(), join(protoRoot(), 'skiff/v1/resources.proto'));
  const text = readFileSync(protoPath('skiff/v1/resources.proto'), 'utf8');
  assert.match(text, /^package skiff\.v1;$/m);
  assert.match(text, /service Resources \{/);
});
