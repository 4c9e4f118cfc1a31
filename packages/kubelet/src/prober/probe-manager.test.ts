/** ProbeManager with a fake runner on a FakeClock: delays, periods, thresholds, startup gating, hold after failure, events. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock } from '@skiff/runtime';
import type { Container, Pod, Probe } from 'kubernetes-types/core/v1.js';
import { ProbeManager } from './probe-manager.js';
import type { ProbeKind, ProbeOutcome, ProbeResult, ProbeRunResult } from './types.js';

const UID = 'uid-1';

function pod(containers: Container[], terminationGracePeriodSeconds?: number): Pod {
  return { metadata: { name: 'p', namespace: 'default', uid: UID }, spec: { containers, terminationGracePeriodSeconds }, status: { podIP: '10.244.9.9' } };
}

const exec = (extra: Partial<Probe> = {}): Probe => ({ exec: { command: ['true'] }, ...extra });

/** A runner whose answer per kind the test sets; it records every call. */
function fakeRunner() {
  const answers = new Map<ProbeKind, ProbeRunResult | Error>();
  const calls: Array<{ kind: ProbeKind; at: number; containerId: string; podIP: string }> = [];
  let clock: FakeClock | undefined;
  const runner = async (kind: ProbeKind, _probe: Probe, target: { containerId: string; podIP: string }): Promise<ProbeOutcome> => {
    calls.push({ kind, at: clock ? clock.now() : 0, containerId: target.containerId, podIP: target.podIP });
    const a = answers.get(kind) ?? 'Success';
    if (a instanceof Error) throw a;
    return { result: a, output: a === 'Failure' ? `${kind} says no` : 'ok' };
  };
  return { answers, calls, runner, bind: (c: FakeClock) => (clock = c) };
}

function setup(containers: Container[]) {
  const clock = new FakeClock();
  const fake = fakeRunner();
  fake.bind(clock);
  const changes: Array<[string, ProbeKind, ProbeResult]> = [];
  const events: Array<[string, string, string]> = [];
  const mgr = new ProbeManager({
    runner: fake.runner,
    clock,
    onChange: (uid, name, kind, result) => {
      assert.equal(uid, UID);
      changes.push([name, kind, result]);
    },
    onEvent: (_pod, name, type, reason, message) => events.push([`${name}:${type}`, reason, message]),
  });
  const p = pod(containers);
  return { clock, fake, changes, events, mgr, p, start: clock.now() };
}

const runningAt = (id: string, startedAt: number) => new Map([['c', { id, startedAt }]]);

test('readiness is false until the first success, then true; probes run at once and every periodSeconds', async () => {
  const { clock, fake, changes, mgr, p, start } = setup([{ name: 'c', readinessProbe: exec({ periodSeconds: 5 }) }]);
  mgr.addPod(p, runningAt('id1', start));
  assert.equal(mgr.podResults(UID).ready.get('c'), false);
  assert.equal(mgr.podResults(UID).started.get('c'), true, 'no startup probe: started at once');
  await clock.advance(0);
  assert.equal(mgr.podResults(UID).ready.get('c'), true);
  assert.deepEqual(changes, [['c', 'readiness', 'Success']]);
  await clock.advance(15_000);
  assert.deepEqual(fake.calls.map((c) => c.at - start), [0, 5000, 10_000, 15_000]);
  assert.equal(fake.calls[0]!.podIP, '10.244.9.9');
  assert.equal(fake.calls[0]!.containerId, 'id1');
  mgr.removePod(UID);
  assert.equal(clock.hasWaiters(), false, 'removePod stops every timer');
  assert.equal(mgr.podResults(UID).ready.size, 0);
});

test('initialDelaySeconds: no probe until that long after the container started', async () => {
  const { clock, fake, mgr, p, start } = setup([{ name: 'c', readinessProbe: exec({ periodSeconds: 2, initialDelaySeconds: 5 }) }]);
  mgr.addPod(p, runningAt('id1', start));
  await clock.advance(4_000);
  assert.equal(fake.calls.length, 0);
  assert.equal(mgr.podResults(UID).ready.get('c'), false);
  await clock.advance(2_000);
  assert.deepEqual(fake.calls.map((c) => c.at - start), [6_000], 'first tick at or after the delay');
  assert.equal(mgr.podResults(UID).ready.get('c'), true);
  mgr.stop();
});

test('failureThreshold and successThreshold: a result is published only after that many in a row', async () => {
  const { clock, fake, changes, events, mgr, p, start } = setup([
    { name: 'c', readinessProbe: exec({ periodSeconds: 1, failureThreshold: 3, successThreshold: 2 }) },
  ]);
  mgr.addPod(p, runningAt('id1', start));
  await clock.advance(1_000); // probes at 0 and 1 s: two successes
  assert.equal(mgr.podResults(UID).ready.get('c'), true);
  fake.answers.set('readiness', 'Failure');
  await clock.advance(2_000); // failures at 2 and 3 s
  assert.equal(mgr.podResults(UID).ready.get('c'), true, 'two failures are below the threshold');
  await clock.advance(1_000); // third failure
  assert.equal(mgr.podResults(UID).ready.get('c'), false);
  fake.answers.set('readiness', 'Success');
  await clock.advance(1_000);
  assert.equal(mgr.podResults(UID).ready.get('c'), false, 'one success is below successThreshold 2');
  await clock.advance(1_000);
  assert.equal(mgr.podResults(UID).ready.get('c'), true);
  assert.deepEqual(changes, [
    ['c', 'readiness', 'Success'],
    ['c', 'readiness', 'Failure'],
    ['c', 'readiness', 'Success'],
  ]);
  assert.equal(events.length, 3, 'every failed run is an event, even below the threshold');
  assert.deepEqual(events[0], ['c:Warning', 'Unhealthy', 'Readiness probe failed: readiness says no']);
  mgr.stop();
});

test('startup gating: liveness and readiness wait for startup success; readiness runs right after it', async () => {
  const { clock, fake, changes, mgr, p, start } = setup([
    {
      name: 'c',
      startupProbe: exec({ periodSeconds: 10, failureThreshold: 30 }),
      livenessProbe: exec({ periodSeconds: 3 }),
      readinessProbe: exec({ periodSeconds: 7 }),
    },
  ]);
  fake.answers.set('startup', 'Failure');
  mgr.addPod(p, runningAt('id1', start));
  assert.equal(mgr.podResults(UID).started.get('c'), false);
  await clock.advance(25_000);
  assert.ok(fake.calls.every((c) => c.kind === 'startup'), 'only the startup probe runs before it succeeds');
  assert.deepEqual(fake.calls.map((c) => c.at - start), [0, 10_000, 20_000]);
  fake.answers.set('startup', 'Success');
  await clock.advance(5_000); // startup at 30 s
  assert.equal(mgr.podResults(UID).started.get('c'), true);
  assert.deepEqual(changes.slice(0, 2), [
    ['c', 'startup', 'Success'],
    ['c', 'readiness', 'Success'],
  ]);
  const readinessAt = fake.calls.filter((c) => c.kind === 'readiness').map((c) => c.at - start);
  assert.deepEqual(readinessAt, [30_000], 'readiness probed immediately, not at its next tick');
  const startupCount = fake.calls.filter((c) => c.kind === 'startup').length;
  await clock.advance(20_000);
  assert.equal(fake.calls.filter((c) => c.kind === 'startup').length, startupCount, 'startup probe stops once it succeeded');
  assert.ok(fake.calls.filter((c) => c.kind === 'liveness').length >= 6, 'liveness runs after startup');
  mgr.stop();
});

test('liveness failure is published once, then the worker holds until the container restarts', async () => {
  const { clock, fake, changes, events, mgr, p, start } = setup([{ name: 'c', livenessProbe: exec({ periodSeconds: 1, failureThreshold: 2 }) }]);
  mgr.addPod(p, runningAt('id1', start));
  await clock.advance(1_000);
  assert.equal(mgr.result(UID, 'c', 'liveness'), 'Success');
  assert.deepEqual(changes, [], 'liveness starts as Success: no change');
  fake.answers.set('liveness', 'Failure');
  await clock.advance(2_000);
  assert.deepEqual(changes, [['c', 'liveness', 'Failure']]);
  assert.deepEqual(events.map((e) => e[2]), ['Liveness probe failed: liveness says no', 'Liveness probe failed: liveness says no']);
  const callsWhenHeld = fake.calls.length;
  await clock.advance(5_000);
  assert.equal(fake.calls.length, callsWhenHeld, 'on hold: no probes until a new attempt');

  fake.answers.set('liveness', 'Success');
  mgr.containerRestarted(UID, 'c', { id: 'id2', startedAt: clock.now() });
  assert.equal(mgr.result(UID, 'c', 'liveness'), 'Success', 'reset for the new attempt');
  await clock.advance(1_000);
  assert.ok(fake.calls.length > callsWhenHeld);
  assert.equal(fake.calls.at(-1)!.containerId, 'id2');
  mgr.stop();
});

test('a stopped container is not ready and not probed; errors are retried and do not count', async () => {
  const { clock, fake, changes, events, mgr, p, start } = setup([{ name: 'c', readinessProbe: exec({ periodSeconds: 1 }) }]);
  mgr.addPod(p, runningAt('id1', start));
  await clock.advance(0);
  assert.equal(mgr.podResults(UID).ready.get('c'), true);
  mgr.containerRestarted(UID, 'c', undefined);
  assert.equal(mgr.podResults(UID).ready.get('c'), false);
  assert.equal(mgr.podResults(UID).started.get('c'), false);
  const n = fake.calls.length;
  await clock.advance(3_000);
  assert.equal(fake.calls.length, n, 'not running: no probes');

  fake.answers.set('readiness', new Error('runtime down'));
  mgr.containerRestarted(UID, 'c', { id: 'id2', startedAt: clock.now() });
  await clock.advance(1_000); // the next tick
  assert.equal(fake.calls.length, n + 3, 'three tries on error');
  assert.equal(mgr.podResults(UID).ready.get('c'), false, 'an errored probe publishes nothing');
  assert.deepEqual(events, [['c:Warning', 'Unhealthy', 'Readiness probe errored: runtime down']]);
  assert.deepEqual(changes, [['c', 'readiness', 'Success']]);
  mgr.stop();
});

test('a Warning outcome counts as success and is reported as ProbeWarning; containers without probes have no workers', async () => {
  const { clock, fake, events, mgr, p, start } = setup([{ name: 'c', readinessProbe: exec() }, { name: 'plain' }]);
  fake.answers.set('readiness', 'Warning');
  mgr.addPod(p, new Map([['c', { id: 'id1', startedAt: start }], ['plain', { id: 'id9', startedAt: start }]]));
  assert.equal(mgr.workerCount(), 1);
  await clock.advance(0);
  assert.deepEqual(Object.fromEntries(mgr.podResults(UID).ready), { c: true, plain: true });
  assert.deepEqual(events, [['c:Warning', 'ProbeWarning', 'Readiness probe warning: ok']]);
  mgr.addPod(p, new Map([['c', { id: 'id1', startedAt: start }]]));
  assert.equal(mgr.podResults(UID).ready.get('plain'), false, 'left out of addPod: not running');
  assert.equal(mgr.workerCount(), 1, 'addPod again does not add workers');
  mgr.stop();
});

test('a startup probe that reaches failureThreshold publishes Failure once (restart) and liveness never runs', async () => {
  const { clock, fake, changes, events, mgr, p, start } = setup([
    { name: 'c', startupProbe: exec({ periodSeconds: 1, failureThreshold: 2 }), livenessProbe: exec({ periodSeconds: 1 }) },
  ]);
  fake.answers.set('startup', 'Failure');
  mgr.addPod(p, runningAt('id1', start));
  await clock.advance(5_000);
  assert.deepEqual(changes, [['c', 'startup', 'Failure']]);
  assert.equal(mgr.podResults(UID).started.get('c'), false);
  assert.deepEqual(fake.calls.map((c) => c.kind), ['startup', 'startup'], 'held after the failure; liveness gated');
  assert.deepEqual(events.map((e) => e[2]), ['Startup probe failed: startup says no', 'Startup probe failed: startup says no']);
  mgr.stop();
});
