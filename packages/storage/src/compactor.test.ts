/** Unit tests of the compactor's rounds. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startCompactor, type CompactionCoordinator } from './compactor.js';
import type { Store } from './interface.js';

const HOUR = 3_600_000;

test('without coordination, each round compacts to the revision read at the previous round', async () => {
  let revision = 10;
  const compacted: number[] = [];
  const store = { currentRevision: async () => revision, compact: async (r: number) => void compacted.push(r) } as unknown as Store;
  const c = startCompactor(store, { intervalMs: HOUR });
  assert.equal(await c.runOnce(), 0, 'the first round only records the revision');
  revision = 25;
  assert.equal(await c.runOnce(), 10);
  revision = 30;
  assert.equal(await c.runOnce(), 25);
  assert.deepEqual(compacted, [10, 25]);
  c.stop();
});

test('with coordination, rounds pass the version and revision seen back in', async () => {
  const calls: Array<[number, number]> = [];
  const replies = [
    { version: 1, revision: 100, compacted: false },
    { version: 2, revision: 150, compacted: true },
    { version: 5, revision: 170, compacted: false }, // another API server compacted meanwhile
  ];
  const store = {
    compactRound: async (v: number, r: number) => (calls.push([v, r]), replies.shift()!),
  } as unknown as Store & CompactionCoordinator;
  const c = startCompactor(store, { intervalMs: HOUR });
  await c.runOnce();
  assert.equal(await c.runOnce(), 100);
  assert.equal(await c.runOnce(), 0);
  assert.deepEqual(calls, [[0, 0], [1, 100], [2, 150]]);
  c.stop();
});
