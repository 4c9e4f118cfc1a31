/** Tests of pod-key tracked expectations. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PodExpectations } from './pod-expectations.js';

test('creations are counted down', () => {
  const e = new PodExpectations();
  assert.equal(e.satisfied('ns/rs'), true);
  e.expectCreations('ns/rs', 2);
  assert.equal(e.satisfied('ns/rs'), false);
  e.creationObserved('ns/rs');
  assert.equal(e.satisfied('ns/rs'), false);
  e.creationObserved('ns/rs');
  assert.equal(e.satisfied('ns/rs'), true);
});

test('a deleted pod observed twice lowers the expectation once; unknown pods not at all', () => {
  const e = new PodExpectations();
  e.expectDeletions('ns/rs', ['ns/a', 'ns/b']);
  e.deletionObserved('ns/rs', 'ns/a');
  e.deletionObserved('ns/rs', 'ns/a');
  e.deletionObserved('ns/rs', 'ns/zzz');
  assert.equal(e.satisfied('ns/rs'), false);
  e.deletionObserved('ns/rs', 'ns/b');
  assert.equal(e.satisfied('ns/rs'), true);
});

test('delete forgets everything', () => {
  const e = new PodExpectations();
  e.expectDeletions('ns/rs', ['ns/a']);
  e.delete('ns/rs');
  assert.equal(e.satisfied('ns/rs'), true);
});
