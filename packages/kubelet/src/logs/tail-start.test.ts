/** Tests of findTailStart: backward block scanning gives the same answer as a whole-file scan, for every block size. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { open } from 'node:fs/promises';
import { findTailStart } from './tail-start.js';
import { cri, tempLog, ts } from './log-test-fixtures.js';

const content =
  cri(ts(0), 'stdout', 'F', 'one') +
  cri(ts(1), 'stdout', 'P', 'two-a') +
  cri(ts(1), 'stdout', 'P', 'two-b') +
  cri(ts(1), 'stdout', 'F', 'two-c') +
  'malformed line\n' +
  cri(ts(2), 'stderr', 'F', 'three') +
  cri(ts(3), 'stdout', 'P', 'four-no-newline-at-exit') +
  '2026-11-23T09:19:04.000000000Z stdout F half-writ'; // not complete yet

const offsetOf = (text: string): number => Buffer.byteLength(content.slice(0, content.indexOf(text)));

/** The expected starts: lines are one, two (P P F), three, four (trailing P). */
const expected: [number, number][] = [
  [0, -1], // set below: just after four's record
  [1, offsetOf(ts(3))],
  [2, offsetOf('malformed line')], // a malformed record before a line goes with it (it is skipped on output)
  [3, offsetOf(cri(ts(1), 'stdout', 'P', 'two-a'))],
  [4, 0],
  [10, 0],
];

test('finds the start of the last N lines, joining partial pieces and skipping malformed and half-written lines', async () => {
  const log = await tempLog(content);
  const file = await open(log.path, 'r');
  try {
    const size = (await file.stat()).size;
    const endOfFour = offsetOf('2026-11-23T09:19:04');
    expected[0] = [0, endOfFour];
    for (const block of [1, 2, 7, 16, 31, 64, 1000, 65536]) {
      for (const [n, want] of expected) {
        assert.equal(await findTailStart(file, size, n, block), want, `tail ${n} block ${block}`);
      }
    }
  } finally {
    await file.close();
    await log.cleanup();
  }
});

test('an empty file and a file without any newline have no lines', async () => {
  for (const text of ['', cri(ts(0), 'stdout', 'F', 'x').slice(0, -1)]) {
    const log = await tempLog(text);
    const file = await open(log.path, 'r');
    try {
      assert.equal(await findTailStart(file, (await file.stat()).size, 3, 4), 0);
      assert.equal(await findTailStart(file, (await file.stat()).size, 0, 4), 0);
    } finally {
      await file.close();
      await log.cleanup();
    }
  }
});
