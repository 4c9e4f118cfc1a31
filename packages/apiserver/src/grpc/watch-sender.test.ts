/** Tests for sendWatch: batching, order, flow control and errors, with a fake call and watch. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { expired } from '@skiff/api';
import type { RegistryEvent, RegistryWatch } from '../registry/registry.js';
import type { WatchEventMessage } from './messages.js';
import { MAX_EVENTS_PER_MESSAGE, sendWatch, type WatchEventsCall } from './watch-sender.js';

/** A watch fed by the test: `push` events, then `end()` or `fail()`. */
function fakeWatch() {
  const queue: RegistryEvent[] = [];
  let ended = false;
  let failure: unknown;
  let wake: (() => void) | undefined;
  const poke = () => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  const watch: RegistryWatch = {
    stop: () => {
      ended = true;
      poke();
    },
    async *[Symbol.asyncIterator]() {
      while (true) {
        if (queue.length > 0) yield queue.shift()!;
        else if (failure) throw failure;
        else if (ended) return;
        else await new Promise<void>((r) => (wake = r));
      }
    },
  };
  return {
    watch,
    push(...names: string[]) {
      for (const name of names) queue.push({ type: 'ADDED', object: { kind: 'ConfigMap', metadata: { name } } });
      poke();
    },
    end: () => watch.stop(),
    fail(err: unknown) {
      failure = err;
      poke();
    },
  };
}

/** A call that records messages; `writable` decides what write() answers. */
function fakeCall() {
  const emitter = new EventEmitter() as EventEmitter & { cancelled: boolean; write(m: { events: WatchEventMessage[] }): boolean };
  const messages: WatchEventMessage[][] = [];
  const state = { writable: true };
  emitter.cancelled = false;
  emitter.write = (m) => {
    messages.push(m.events);
    return state.writable;
  };
  return { call: emitter as unknown as WatchEventsCall, emitter, messages, state };
}

const names = (events: WatchEventMessage[]) => events.map((e) => (JSON.parse(e.object.toString()) as { metadata: { name: string } }).metadata.name);
const turn = () => new Promise((r) => setImmediate(r));

test('events that arrive together go out as one message, later ones in the next, in order', async () => {
  const w = fakeWatch();
  const c = fakeCall();
  const sending = sendWatch(c.call, w.watch);
  w.push('a', 'b', 'c');
  await turn();
  await turn();
  w.push('d');
  await turn();
  await turn();
  w.end();
  await sending;
  assert.deepEqual(c.messages.map(names), [['a', 'b', 'c'], ['d']]);
  assert.ok(c.messages.flat().every((e) => e.type === 'ADDED'));
});

test('a full batch is sent at once', async () => {
  const w = fakeWatch();
  const c = fakeCall();
  const sending = sendWatch(c.call, w.watch);
  w.push(...Array.from({ length: MAX_EVENTS_PER_MESSAGE + 1 }, (_, i) => `n${i}`));
  w.end();
  await sending;
  assert.deepEqual(c.messages.map((m) => m.length), [MAX_EVENTS_PER_MESSAGE, 1]);
  assert.deepEqual(names(c.messages.flat()).slice(-2), [`n${MAX_EVENTS_PER_MESSAGE - 1}`, `n${MAX_EVENTS_PER_MESSAGE}`]);
});

test('nothing more is written while flow control pushes back; the rest follows the drain', async () => {
  const w = fakeWatch();
  const c = fakeCall();
  c.state.writable = false;
  const sending = sendWatch(c.call, w.watch);
  w.push('a');
  await turn();
  await turn();
  w.push('b', 'c');
  for (let i = 0; i < 5; i++) await turn();
  assert.deepEqual(c.messages.map(names), [['a']], 'blocked: b and c wait');
  c.state.writable = true;
  c.emitter.emit('drain');
  await turn();
  await turn();
  w.end();
  await sending;
  assert.deepEqual(names(c.messages.flat()), ['a', 'b', 'c']);
});

test('a failing watch ends with an ERROR event carrying its Status, after the events before it', async () => {
  const w = fakeWatch();
  const c = fakeCall();
  const sending = sendWatch(c.call, w.watch);
  w.push('a');
  w.fail(expired('too old resource version: 1 (5)'));
  await sending;
  const events = c.messages.flat();
  assert.equal(events.length, 2);
  assert.equal(events[0]!.type, 'ADDED');
  assert.equal(events[1]!.type, 'ERROR');
  const status = JSON.parse(events[1]!.object.toString());
  assert.equal(status.code, 410);
  assert.equal(status.reason, 'Expired');
});

test('a cancelled call gets nothing more', async () => {
  const w = fakeWatch();
  const c = fakeCall();
  const sending = sendWatch(c.call, w.watch);
  c.emitter.cancelled = true;
  c.emitter.emit('cancelled');
  w.push('a');
  await turn();
  w.end();
  await sending;
  assert.deepEqual(c.messages, []);
});
