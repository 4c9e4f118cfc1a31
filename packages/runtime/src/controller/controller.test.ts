/** Tests of the Controller skeleton on a FakeClock: retry policy, concurrency and graceful stop. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock } from '../clock/index.js';
import { nextTurn } from '../testing/index.js';
import { Controller, TerminalError, type Reconciler, type Result } from './index.js';


interface Deferred {
  promise: Promise<void>;
  resolve: () => void;
}
function deferred(): Deferred {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => { resolve = r; });
  return { promise, resolve };
}

/** A reconciler driven by a per-call script; records every call. */
class ScriptedReconciler implements Reconciler {
  readonly calls: string[] = [];
  readonly signals: AbortSignal[] = [];
  constructor(private readonly script: (key: string, n: number) => Promise<Result> | Result) {}
  async reconcile(key: string, signal: AbortSignal): Promise<Result> {
    this.calls.push(key);
    this.signals.push(signal);
    return this.script(key, this.calls.filter((k) => k === key).length);
  }
}

test('success reconciles once and forgets earlier failures', async () => {
  const clock = new FakeClock(0);
  const r = new ScriptedReconciler((_k, n) => {
    if (n === 1) throw new Error('transient');
  });
  const c = new Controller({ name: 'ok', reconciler: r, clock });
  c.start();
  c.enqueue('ns/a');
  await nextTurn();
  assert.equal(c.queue.numRequeues('ns/a'), 1);
  clock.step(5);
  await nextTurn();
  assert.deepEqual(r.calls, ['ns/a', 'ns/a']);
  assert.equal(c.queue.numRequeues('ns/a'), 0, 'success forgot the failure');
  assert.equal(clock.hasWaiters(), false, 'nothing scheduled after success');
  await c.stop();
});

test('an error requeues with growing per-key backoff (5 ms, 10 ms, 20 ms)', async () => {
  const clock = new FakeClock(0);
  const r = new ScriptedReconciler(() => {
    throw new Error('boom');
  });
  const c = new Controller({ name: 'err', reconciler: r, clock });
  c.start();
  c.enqueue('a');
  await nextTurn();
  assert.equal(r.calls.length, 1);
  for (const [i, delay] of [5, 10, 20].entries()) {
    clock.step(delay - 1);
    await nextTurn();
    assert.equal(r.calls.length, i + 1, `not retried before ${delay} ms`);
    clock.step(1);
    await nextTurn();
    assert.equal(r.calls.length, i + 2, `retried after ${delay} ms`);
  }
  assert.equal(c.queue.numRequeues('a'), 4);
  await c.stop();
});

test('a TerminalError (also as a cause) is not retried', async () => {
  const clock = new FakeClock(0);
  const r = new ScriptedReconciler((key) => {
    if (key === 'direct') throw new TerminalError('bad spec');
    throw new Error('wrapped', { cause: new TerminalError('bad spec') });
  });
  const c = new Controller({ name: 'terminal', reconciler: r, clock });
  c.start();
  c.enqueue('direct');
  c.enqueue('wrapped');
  await nextTurn();
  assert.deepEqual(r.calls, ['direct', 'wrapped']);
  assert.equal(clock.hasWaiters(), false, 'no retry scheduled');
  assert.equal(c.queue.numRequeues('direct'), 0);
  clock.step(2_000_000);
  await nextTurn();
  assert.equal(r.calls.length, 2);
  await c.stop();
});

test('requeueAfter brings the key back after that delay, not before', async () => {
  const clock = new FakeClock(0);
  const r = new ScriptedReconciler((_k, n) => (n === 1 ? { requeueAfter: 30_000 } : undefined));
  const c = new Controller({ name: 'requeue', reconciler: r, clock });
  c.start();
  c.enqueue('a');
  await nextTurn();
  assert.equal(clock.nextTimerAt(), 30_000);
  clock.step(29_999);
  await nextTurn();
  assert.equal(r.calls.length, 1);
  clock.step(1);
  await nextTurn();
  assert.equal(r.calls.length, 2);
  assert.equal(clock.hasWaiters(), false);
  await c.stop();
});

test('several workers run distinct keys at once but never one key twice', async () => {
  const clock = new FakeClock(0);
  const gates = new Map<string, Deferred[]>();
  const inFlight = new Map<string, number>();
  let maxPerKey = 0;
  let maxTotal = 0;
  const r = new ScriptedReconciler(async (key) => {
    inFlight.set(key, (inFlight.get(key) ?? 0) + 1);
    maxPerKey = Math.max(maxPerKey, inFlight.get(key)!);
    maxTotal = Math.max(maxTotal, [...inFlight.values()].reduce((a, b) => a + b, 0));
    const gate = deferred();
    gates.set(key, [...(gates.get(key) ?? []), gate]);
    await gate.promise;
    inFlight.set(key, inFlight.get(key)! - 1);
  });
  const c = new Controller({ name: 'workers', reconciler: r, clock, workers: 3 });
  c.start();
  c.enqueue('a');
  c.enqueue('b');
  await nextTurn();
  c.enqueue('a'); // changed again while being reconciled
  c.enqueue('a');
  await nextTurn();
  assert.deepEqual(r.calls, ['a', 'b'], 'a is not handed to the idle third worker');
  gates.get('a')![0]!.resolve();
  await nextTurn();
  assert.deepEqual(r.calls, ['a', 'b', 'a'], 'a runs again after it was done, once');
  gates.get('a')![1]!.resolve();
  gates.get('b')![0]!.resolve();
  await nextTurn();
  assert.equal(r.calls.length, 3);
  assert.equal(maxPerKey, 1);
  assert.equal(maxTotal, 2);
  await c.stop();
});

test('graceful stop finishes in-flight work, takes no new keys and requeues nothing', async () => {
  const clock = new FakeClock(0);
  const gate = deferred();
  let finished = false;
  const r = new ScriptedReconciler(async (key) => {
    if (key === 'slow') {
      await gate.promise;
      finished = true;
      throw new Error('fails while stopping'); // would normally be requeued
    }
  });
  const c = new Controller({ name: 'stop', reconciler: r, clock });
  c.start();
  c.enqueue('slow');
  c.enqueue('queued');
  await nextTurn();
  let stopped = false;
  const stopping = c.stop().then(() => { stopped = true; });
  await nextTurn();
  assert.equal(stopped, false, 'stop waits for the in-flight reconcile');
  assert.equal(r.signals[0]!.aborted, false, 'a graceful stop does not abort in-flight work');
  c.enqueue('late');
  gate.resolve();
  await stopping;
  assert.equal(finished, true);
  assert.deepEqual(r.calls, ['slow'], 'neither the queued nor the late key was reconciled');
  assert.equal(clock.hasWaiters(), false, 'the failure was not requeued');
  assert.equal(c.queue.shuttingDown(), true);
  assert.equal(c.stop(), c.stop(), 'stop is idempotent');
});

test('stop with abortInFlight aborts the signal given to reconcile', async () => {
  const clock = new FakeClock(0);
  const r = new ScriptedReconciler((_key) => new Promise<Result>((resolve) => {
    r.signals.at(-1)!.addEventListener('abort', () => resolve(undefined));
  }));
  const c = new Controller({ name: 'abort', reconciler: r, clock });
  c.start();
  c.enqueue('a');
  await nextTurn();
  await c.stop({ abortInFlight: true });
  assert.equal(r.signals[0]!.aborted, true);
});

test('keys enqueued before start wait; a stopped controller cannot start', async () => {
  const clock = new FakeClock(0);
  const r = new ScriptedReconciler(() => undefined);
  const c = new Controller({ name: 'early', reconciler: r, clock });
  c.enqueue('a');
  await nextTurn();
  assert.equal(r.calls.length, 0);
  c.start();
  await nextTurn();
  assert.deepEqual(r.calls, ['a']);
  assert.throws(() => c.start(), /already started/);
  await c.stop();
  assert.throws(() => new Controller({ name: 'x', reconciler: r, workers: 0 }), /positive integer/);
});
