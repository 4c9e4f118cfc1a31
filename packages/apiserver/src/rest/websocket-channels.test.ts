/** Unit tests: the channel protocol's frames and subprotocol choice. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { chooseChannelProtocol, decodeClientFrame, encodeChannelFrame, offeredProtocols } from './websocket-channels.js';

test('prefers v5, accepts v4, nothing else', () => {
  assert.equal(chooseChannelProtocol(offeredProtocols('v4.channel.k8s.io, v5.channel.k8s.io')), 'v5.channel.k8s.io');
  assert.equal(chooseChannelProtocol(['v4.channel.k8s.io']), 'v4.channel.k8s.io');
  assert.equal(chooseChannelProtocol(offeredProtocols('channel.k8s.io')), undefined);
  assert.equal(chooseChannelProtocol(offeredProtocols(undefined)), undefined);
});

test('frames: stdin, resize, v5 close; v4 has no close signal', () => {
  assert.deepEqual(encodeChannelFrame(1, 'hi'), Buffer.from([1, 0x68, 0x69]));
  assert.deepEqual(decodeClientFrame(Buffer.from([0, 0x61]), 'v5.channel.k8s.io'), { kind: 'stdin', data: Buffer.from('a') });
  assert.deepEqual(decodeClientFrame(Buffer.concat([Buffer.from([4]), Buffer.from('{"Width":80,"Height":24}\n')]), 'v5.channel.k8s.io'), { kind: 'resize', width: 80, height: 24 });
  assert.deepEqual(decodeClientFrame(Buffer.from([4, 0x7b]), 'v5.channel.k8s.io'), { kind: 'ignored' });
  assert.deepEqual(decodeClientFrame(Buffer.from([255, 0]), 'v5.channel.k8s.io'), { kind: 'close', channel: 0 });
  assert.deepEqual(decodeClientFrame(Buffer.from([255, 0]), 'v4.channel.k8s.io'), { kind: 'ignored' });
  assert.deepEqual(decodeClientFrame(Buffer.alloc(0), 'v5.channel.k8s.io'), { kind: 'ignored' });
});
