/** Tests for the pods' Priority admission over an in-memory PriorityClass lookup. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { PriorityClass } from 'kubernetes-types/scheduling/v1.js';
import { StatusError } from '@skiff/api';
import type { KObject } from '../types.js';
import { admitPodPriority, keepPodPriority } from './pod-priority.js';
import { pickGlobalDefault, type PriorityClassLookup } from './priority-classes.js';

const cls = (name: string, value: number, extra: Partial<PriorityClass> = {}): PriorityClass => ({
  apiVersion: 'scheduling.k8s.io/v1',
  kind: 'PriorityClass',
  metadata: { name },
  value,
  preemptionPolicy: 'PreemptLowerPriority',
  ...extra,
});

function lookupOf(classes: PriorityClass[]): PriorityClassLookup {
  return {
    get: async (name) => classes.find((c) => c.metadata?.name === name),
    globalDefault: async () => pickGlobalDefault(classes),
  };
}

const pod = (spec: Record<string, unknown> = {}): KObject => ({ metadata: { name: 'p', namespace: 'default' }, spec: { containers: [{ name: 'c', image: 'busybox' }], ...spec } });
const specOf = (obj: KObject) => obj.spec as { priority?: number; priorityClassName?: string; preemptionPolicy?: string };

async function forbidden(obj: KObject, lookup: PriorityClassLookup): Promise<string> {
  try {
    await admitPodPriority(obj, lookup);
  } catch (err) {
    assert.ok(err instanceof StatusError);
    assert.equal(err.code, 403);
    assert.deepEqual(err.details, { name: 'p', kind: 'pods' });
    return err.message;
  }
  assert.fail('admission accepted the pod');
}

test('the class named by the pod gives its priority and preemption policy', async () => {
  const obj = pod({ priorityClassName: 'batch' });
  await admitPodPriority(obj, lookupOf([cls('batch', 100, { preemptionPolicy: 'Never' })]));
  assert.deepEqual(specOf(obj), { ...specOf(obj), priority: 100, priorityClassName: 'batch', preemptionPolicy: 'Never' });
});

test('without a class name: the global default (lowest value of several), else priority 0', async () => {
  const withDefault = pod();
  await admitPodPriority(withDefault, lookupOf([cls('a', 5), cls('d2', 30, { globalDefault: true }), cls('d1', 20, { globalDefault: true })]));
  assert.deepEqual([specOf(withDefault).priorityClassName, specOf(withDefault).priority], ['d1', 20]);
  const none = pod();
  await admitPodPriority(none, lookupOf([cls('a', 5)]));
  assert.deepEqual([specOf(none).priorityClassName, specOf(none).priority, specOf(none).preemptionPolicy], [undefined, 0, 'PreemptLowerPriority']);
});

test('a missing class and a priority or policy the class does not give are 403s with Kubernetes wording', async () => {
  const lookup = lookupOf([cls('batch', 100)]);
  assert.equal(await forbidden(pod({ priorityClassName: 'nope' }), lookup), 'pods "p" is forbidden: no PriorityClass with name nope was found');
  assert.equal(
    await forbidden(pod({ priorityClassName: 'batch', priority: 7 }), lookup),
    'pods "p" is forbidden: the integer value of priority (7) must not be provided in pod spec; priority admission controller computed 100 from the given PriorityClass name',
  );
  assert.equal(
    await forbidden(pod({ priorityClassName: 'batch', preemptionPolicy: 'Never' }), lookup),
    'pods "p" is forbidden: the string value of PreemptionPolicy (Never) must not be provided in pod spec; priority admission controller computed PreemptLowerPriority from the given PriorityClass name',
  );
  const same = pod({ priorityClassName: 'batch', priority: 100 });
  await admitPodPriority(same, lookup);
  assert.equal(specOf(same).priority, 100);
});

test('an update without priority keeps the stored one', () => {
  const next = pod();
  keepPodPriority(next, pod({ priority: 100, preemptionPolicy: 'Never' }));
  assert.deepEqual([specOf(next).priority, specOf(next).preemptionPolicy], [100, 'Never']);
  const changed = pod({ priority: 3 });
  keepPodPriority(changed, pod({ priority: 100 }));
  assert.equal(specOf(changed).priority, 3, 'a changed value is left for validation to refuse');
});
