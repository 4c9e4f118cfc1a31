/** Unit tests of the revision annotations: new revisions, rollback history and replica counts. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  appendRevisionHistory,
  maxRevision,
  REVISION_ANNOTATION,
  REVISION_HISTORY_ANNOTATION,
  setNewReplicaSetAnnotations,
} from './revision-annotations.js';

test('a new ReplicaSet gets the revision, the replica counts and the Deployment annotations (not its own)', () => {
  const rs = { metadata: {} };
  const changed = setNewReplicaSetAnnotations({ team: 'a', [REVISION_ANNOTATION]: '7', 'kubectl.kubernetes.io/last-applied-configuration': '{}' }, rs, 3, false, 10, 13);
  assert.ok(changed);
  assert.deepEqual(rs.metadata, {
    annotations: { team: 'a', [REVISION_ANNOTATION]: '3', 'deployment.kubernetes.io/desired-replicas': '10', 'deployment.kubernetes.io/max-replicas': '13' },
  });
});

test('rolling back to an old ReplicaSet raises its revision and records the old one in revision-history', () => {
  const rs = { metadata: { annotations: { [REVISION_ANNOTATION]: '1' } } };
  setNewReplicaSetAnnotations({}, rs, 3, true, 0, 0);
  assert.equal(rs.metadata.annotations[REVISION_ANNOTATION], '3');
  assert.equal((rs.metadata.annotations as Record<string, string>)[REVISION_HISTORY_ANNOTATION], '1');
  setNewReplicaSetAnnotations({}, rs, 5, true, 0, 0);
  assert.equal((rs.metadata.annotations as Record<string, string>)[REVISION_HISTORY_ANNOTATION], '1,3');
  assert.equal(setNewReplicaSetAnnotations({}, rs, 5, true, 0, 0), false, 'nothing changes at the same revision');
});

test('revision history drops the oldest entries to stay within the limit', () => {
  assert.equal(appendRevisionHistory('1,2,3', '4', 6), '2,3,4');
  assert.equal(appendRevisionHistory(undefined, '4', 6), '4');
  assert.equal(appendRevisionHistory('1', '1234567', 6), undefined);
});

test('maxRevision ignores missing and malformed revisions', () => {
  assert.equal(maxRevision([{ metadata: { annotations: { [REVISION_ANNOTATION]: '4' } } }, { metadata: {} }, { metadata: { annotations: { [REVISION_ANNOTATION]: 'x' } } }]), 4);
});
