/** Unit tests of the SPDY/3.1 frame codec and the SPDY/3 dictionary. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { FLAG_FIN, FrameType, dataFrame, headerBlock, parseFrames, rstStreamFrame, synStreamFrame } from './spdy-frames.js';
import { SPDY3_DICTIONARY } from './spdy-dictionary.js';

test('the SPDY/3 dictionary has the spec length and content', () => {
  assert.equal(SPDY3_DICTIONARY.length, 1423);
  assert.equal(createHash('sha256').update(SPDY3_DICTIONARY).digest('hex'), '51d27341373f923f3cd88e1eb7162aeaa3723d7585ff2399201dc06498407f02');
});

test('a DATA frame with FIN round-trips, also when split across reads', () => {
  const frame = dataFrame(3, FLAG_FIN, Buffer.from('hello'));
  assert.deepEqual([...frame.subarray(0, 8)], [0, 0, 0, 3, 1, 0, 0, 5]);
  const first = parseFrames(frame.subarray(0, 6));
  assert.deepEqual(first.frames, []);
  const { frames, rest } = parseFrames(Buffer.concat([first.rest, frame.subarray(6)]));
  assert.equal(rest.length, 0);
  assert.deepEqual(frames, [{ kind: 'data', streamId: 3, flags: FLAG_FIN, data: Buffer.from('hello') }]);
});

test('control frames carry version 3, type, flags and length', () => {
  const syn = synStreamFrame(5, FLAG_FIN, Buffer.from([1, 2]));
  assert.deepEqual([...syn.subarray(0, 8)], [0x80, 3, 0, FrameType.SYN_STREAM, FLAG_FIN, 0, 0, 12]);
  assert.equal(syn.readUInt32BE(8), 5);
  const [rst] = parseFrames(rstStreamFrame(7, 5)).frames;
  assert.equal(rst?.kind, 'control');
  if (rst?.kind === 'control') {
    assert.equal(rst.type, FrameType.RST_STREAM);
    assert.deepEqual([...rst.payload], [0, 0, 0, 7, 0, 0, 0, 5]);
  }
});

test('header blocks lower-case names and prefix lengths', () => {
  const block = headerBlock({ streamType: 'stdin' });
  assert.deepEqual(block, Buffer.concat([Buffer.from([0, 0, 0, 1, 0, 0, 0, 10]), Buffer.from('streamtype'), Buffer.from([0, 0, 0, 5]), Buffer.from('stdin')]));
});
