/** Unit tests of the nominator and its upkeep by the scheduling queue. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { FakeClock } from '@skiff/runtime';
import { Registry } from 'prom-client';
import { makePod } from '../framework/test-fixtures.js';
import { Nominator } from './nominator.js';
import { SchedulingQueue } from './scheduling-queue.js';

const nominatedTo = (name: string, node: string): Pod => ({ ...makePod(name), status: { nominatedNodeName: node } });
const names = (n: Nominator, node: string) => n.nominatedPodsForNode(node).map((p) => p.pod.metadata!.name);

test('pods are held under the node their status or the scheduler names, and assigned pods never', () => {
  const n = new Nominator();
  n.add(nominatedTo('a', 'n1'));
  n.add(makePod('b'), 'n1');
  n.add(makePod('c'));
  n.add({ ...nominatedTo('d', 'n1'), spec: { ...makePod('d').spec!, nodeName: 'n1' } });
  assert.deepEqual(names(n, 'n1'), ['a', 'b']);
  n.add(makePod('a'), 'n2');
  assert.deepEqual(names(n, 'n1'), ['b']);
  assert.equal(n.nodeFor(makePod('a')), 'n2');
  n.delete(makePod('b'));
  assert.deepEqual(names(n, 'n1'), []);
});

test('an update without a nomination keeps the one made in memory; an update that clears a written one drops it', () => {
  const n = new Nominator();
  n.add(makePod('a'), 'n1');
  n.update(makePod('a'), { ...makePod('a'), metadata: { ...makePod('a').metadata, labels: { x: 'y' } } });
  assert.deepEqual(names(n, 'n1'), ['a']);
  n.update(nominatedTo('a', 'n1'), makePod('a'));
  assert.deepEqual(names(n, 'n1'), []);
  n.update(makePod('a'), nominatedTo('a', 'n3'));
  assert.deepEqual(names(n, 'n3'), ['a']);
});

test('the queue keeps its nominator in step with pending pods', () => {
  const queue = new SchedulingQueue({ clock: new FakeClock(), registry: new Registry() });
  try {
    queue.add(nominatedTo('p', 'n1'));
    assert.deepEqual(names(queue.nominator, 'n1'), ['p']);
    queue.update(nominatedTo('p', 'n1'), nominatedTo('p', 'n2'));
    assert.deepEqual(names(queue.nominator, 'n2'), ['p']);
    queue.delete(nominatedTo('p', 'n2'));
    assert.deepEqual(names(queue.nominator, 'n2'), []);
  } finally {
    queue.close();
  }
});
