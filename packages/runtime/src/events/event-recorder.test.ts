/** Unit tests of EventRecorder over an in-memory client and a fake clock. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pino } from 'pino';
import { FakeClock } from '../clock/index.js';
import { FakeStore } from '../testing/index.js';
import { AGGREGATE_MESSAGE_PREFIX, DEFAULT_SPAM_BURST } from './event-correlator.js';
import { EVENTS, formatTime, type CoreEvent } from './event-object.js';
import { EventRecorder, type EventRecorderOptions } from './event-recorder.js';

const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web-1', namespace: 'prod', uid: 'u-1', resourceVersion: '7' } };
const node = { apiVersion: 'v1', kind: 'Node', metadata: { name: 'node-a', uid: 'u-n' } };

function setup(extra: Partial<EventRecorderOptions> = {}) {
  const store = new FakeStore();
  const client = store.client();
  const clock = new FakeClock();
  const logs: Array<{ msg: string; [k: string]: unknown }> = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => logs.push(JSON.parse(line)) });
  const recorder = new EventRecorder({ client, component: 'skiff-scheduler', host: 'cp-1', clock, logger, ...extra });
  const events = (ns = 'prod') => store.all(EVENTS, ns) as CoreEvent[];
  return { store, client, clock, logs, recorder, events };
}

test('writes one core/v1 Event named <object>.<hex nanoseconds> with the reference and source', async () => {
  const { recorder, events, clock } = setup();
  recorder.event(pod, 'Normal', 'Scheduled', 'Successfully assigned prod/web-1 to node-a');
  await recorder.flush();
  const [ev, ...rest] = events();
  assert.equal(rest.length, 0);
  assert.equal(ev!.metadata.name, `web-1.${(BigInt(clock.now()) * 1_000_000n).toString(16)}`);
  assert.equal(ev!.metadata.namespace, 'prod');
  assert.deepEqual(ev!.involvedObject, { kind: 'Pod', apiVersion: 'v1', name: 'web-1', namespace: 'prod', uid: 'u-1', resourceVersion: '7' });
  assert.deepEqual(ev!.source, { component: 'skiff-scheduler', host: 'cp-1' });
  assert.equal(ev!.type, 'Normal');
  assert.equal(ev!.reason, 'Scheduled');
  assert.equal(ev!.count, 1);
  assert.equal(ev!.firstTimestamp, formatTime(clock.now()));
  assert.equal(ev!.lastTimestamp, ev!.firstTimestamp);
  assert.equal(ev!.reportingComponent, 'skiff-scheduler');
  assert.equal(ev!.reportingInstance, 'cp-1');
});

test('events about cluster-scoped objects go to the default namespace; eventf formats', async () => {
  const { recorder, events } = setup();
  recorder.eventf(node, 'Warning', 'NodeNotReady', 'Node %s status is now: %s', 'node-a', 'NodeNotReady');
  await recorder.flush();
  const [ev] = events('default');
  assert.equal(ev!.message, 'Node node-a status is now: NodeNotReady');
  assert.equal(ev!.involvedObject.namespace, undefined);
});

test('a burst of identical events becomes one Event with a count, bumped by patches', async () => {
  const { recorder, events, client, clock } = setup();
  const first = clock.now();
  for (let i = 0; i < 10; i++) {
    recorder.event(pod, 'Warning', 'BackOff', 'Back-off restarting failed container');
    clock.step(1_000);
  }
  await recorder.flush();
  const all = events();
  assert.equal(all.length, 1);
  assert.equal(all[0]!.count, 10);
  assert.equal(all[0]!.firstTimestamp, formatTime(first));
  assert.equal(all[0]!.lastTimestamp, formatTime(first + 9_000));
  assert.equal(client.calls.filter((c) => c.verb === 'create').length, 1);
  assert.equal(client.calls.filter((c) => c.verb === 'patch').length, 9);
});

test('different messages, reasons or objects are separate events', async () => {
  const { recorder, events } = setup();
  recorder.event(pod, 'Normal', 'Pulling', 'Pulling image "busybox"');
  recorder.event(pod, 'Normal', 'Pulled', 'Pulled image "busybox"');
  recorder.event(pod, 'Normal', 'Pulling', 'Pulling image "pause"');
  recorder.event({ ...pod, metadata: { ...pod.metadata, name: 'web-2', uid: 'u-2' } }, 'Normal', 'Pulling', 'Pulling image "busybox"');
  recorder.event(pod, 'Normal', 'Pulling', 'Pulling image "busybox"');
  await recorder.flush();
  const all = events();
  assert.equal(all.length, 4);
  const counts = all.map((e) => `${e.involvedObject.name} ${e.reason} ${e.message} ${e.count}`).sort();
  assert.deepEqual(counts, [
    'web-1 Pulled Pulled image "busybox" 1',
    'web-1 Pulling Pulling image "busybox" 2',
    'web-1 Pulling Pulling image "pause" 1',
    'web-2 Pulling Pulling image "busybox" 1',
  ]);
});

test('a repeat after the 10-minute window writes a new Event', async () => {
  const { recorder, events, clock } = setup();
  recorder.event(pod, 'Normal', 'Killing', 'Stopping container web');
  await recorder.flush();
  clock.step(10 * 60 * 1000 + 1);
  recorder.event(pod, 'Normal', 'Killing', 'Stopping container web');
  await recorder.flush();
  assert.deepEqual(events().map((e) => e.count), [1, 1]);
});

test('the spam filter drops beyond a burst of 25 per source+object, logs it, and refills one per 5 minutes', async () => {
  const { recorder, events, clock, logs } = setup();
  for (let i = 0; i < DEFAULT_SPAM_BURST + 5; i++) recorder.event(pod, 'Warning', 'FailedMount', 'MountVolume.SetUp failed');
  await recorder.flush();
  assert.equal(events()[0]!.count, DEFAULT_SPAM_BURST);
  assert.equal(logs.filter((l) => l.msg === 'dropped event: rate limited by the spam filter').length, 5);
  // Another object from the same source has its own bucket.
  recorder.event(node, 'Warning', 'FailedMount', 'MountVolume.SetUp failed');
  await recorder.flush();
  assert.equal(events('default').length, 1);
  clock.step(4 * 60 * 1000);
  recorder.event(pod, 'Warning', 'FailedMount', 'MountVolume.SetUp failed');
  await recorder.flush();
  assert.equal(events()[0]!.count, DEFAULT_SPAM_BURST, 'still empty before the refill');
  clock.step(60 * 1000);
  recorder.event(pod, 'Warning', 'FailedMount', 'MountVolume.SetUp failed');
  await recorder.flush();
  assert.equal(events()[0]!.count, DEFAULT_SPAM_BURST + 1);
});

test('ten different messages for the same object and reason are combined into one event', async () => {
  const { recorder, events } = setup({ spamBurst: 100 });
  for (let i = 1; i <= 12; i++) recorder.event(pod, 'Warning', 'Unhealthy', `Readiness probe failed: attempt ${i}`);
  await recorder.flush();
  const all = events();
  assert.equal(all.length, 10, 'nine single events and one combined');
  const combined = all.find((e) => e.message.startsWith(AGGREGATE_MESSAGE_PREFIX));
  assert.equal(combined?.message, `${AGGREGATE_MESSAGE_PREFIX}Readiness probe failed: attempt 12`);
  assert.equal(combined?.count, 3);
});

test('never throws into the caller; retries while the server is down and writes once it is back', async () => {
  const { recorder, events, client, clock } = setup();
  client.down = true;
  assert.doesNotThrow(() => recorder.event(pod, 'Normal', 'Started', 'Started container web'));
  assert.doesNotThrow(() => recorder.event({} as never, 'Normal', 'Started', 'no reference'));
  assert.doesNotThrow(() => recorder.event(pod, 'Bogus' as never, 'Started', 'bad type'));
  await clock.advance(0);
  assert.equal(events().length, 0);
  client.down = false;
  await clock.advance(10_000);
  await recorder.flush();
  assert.equal(events().length, 1);
  assert.equal(events()[0]!.message, 'Started container web');
});

test('a bump of an Event deleted on the server recreates it with the running count', async () => {
  const { recorder, events, store } = setup();
  recorder.event(pod, 'Normal', 'Created', 'Created container web');
  await recorder.flush();
  const name = events()[0]!.metadata.name;
  store.remove(EVENTS, 'prod', name);
  recorder.event(pod, 'Normal', 'Created', 'Created container web');
  await recorder.flush();
  assert.deepEqual(events().map((e) => [e.metadata.name, e.count]), [[name, 2]]);
});

test('shutdown gives up pending retries and drops later events, logging both', async () => {
  const { recorder, events, client, clock, logs } = setup();
  client.down = true;
  recorder.event(pod, 'Normal', 'Started', 'Started container web');
  await clock.advance(0);
  await recorder.shutdown();
  recorder.event(pod, 'Normal', 'Started', 'after shutdown');
  client.down = false;
  await recorder.flush();
  assert.equal(events().length, 0);
  assert.ok(logs.some((l) => l.msg === 'dropped event: could not write it'));
  assert.ok(logs.some((l) => l.msg === 'dropped event: recorder is shut down'));
});
