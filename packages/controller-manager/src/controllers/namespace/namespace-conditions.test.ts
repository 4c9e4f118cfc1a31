/** Namespace deletion conditions: Kubernetes' reasons and messages, and transition times that move only with the status. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NAMESPACE_CONDITION_TYPES, updatedConditions, type DeletionReport } from './namespace-conditions.js';

const empty = (): DeletionReport => ({ contentErrors: [], remaining: new Map(), finalizers: new Map() });

test('a clean pass sets every owned condition to its successful variant', () => {
  const conds = updatedConditions([], empty(), 't1')!;
  assert.deepEqual(conds.map((c) => c.type), [...NAMESPACE_CONDITION_TYPES]);
  assert.ok(conds.every((c) => c.status === 'False' && c.lastTransitionTime === 't1'));
  assert.equal(conds.find((c) => c.type === 'NamespaceContentRemaining')?.reason, 'ContentRemoved');
  assert.equal(updatedConditions(conds, empty(), 't2'), undefined, 'nothing changes on a second identical pass');
});

test('remaining content, finalizers and failures are reported sorted, as Kubernetes words them', () => {
  const report: DeletionReport = {
    contentErrors: ['pods.: boom', 'configmaps.: bang'],
    remaining: new Map([['pods.', 2], ['deployments.apps', 1]]),
    finalizers: new Map([['b/x', 1], ['a/y', 3]]),
  };
  const conds = updatedConditions([{ type: 'Other', status: 'True' }], report, 't1')!;
  const by = new Map(conds.map((c) => [c.type, c]));
  assert.equal(by.get('Other')?.status, 'True', 'conditions of other types are kept');
  assert.equal(by.get('NamespaceContentRemaining')?.message, 'Some resources are remaining: deployments.apps has 1 resource instances, pods. has 2 resource instances');
  assert.equal(by.get('NamespaceFinalizersRemaining')?.message, 'Some content in the namespace has finalizers remaining: a/y in 3 resource instances, b/x in 1 resource instances');
  assert.equal(by.get('NamespaceDeletionContentFailure')?.reason, 'ContentDeletionFailed');
  assert.equal(by.get('NamespaceDeletionContentFailure')?.message, 'Failed to delete all resource types, 2 remaining: [configmaps.: bang, pods.: boom]');
});

test('lastTransitionTime moves only when the status changes', () => {
  const first = updatedConditions([], { ...empty(), remaining: new Map([['pods.', 2]]) }, 't1')!;
  const fewer = updatedConditions(first, { ...empty(), remaining: new Map([['pods.', 1]]) }, 't2')!;
  const remaining = (cs: typeof first) => cs.find((c) => c.type === 'NamespaceContentRemaining')!;
  assert.equal(remaining(fewer).lastTransitionTime, 't1', 'same status, new message: time kept');
  assert.match(remaining(fewer).message ?? '', /has 1 resource instances/);
  const done = updatedConditions(fewer, empty(), 't3')!;
  assert.equal(remaining(done).status, 'False');
  assert.equal(remaining(done).lastTransitionTime, 't3');
});
