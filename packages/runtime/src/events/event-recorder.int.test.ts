/** Integration: the event recorder against a real etcd + API server. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pino } from 'pino';
import { startTestApiServer } from '@skiff/apiserver/testing';
import { RestResourceClient } from '@skiff/client';
import { DEFAULT_SPAM_BURST } from './event-correlator.js';
import { EventRecorder } from './event-recorder.js';

const silent = pino({ level: 'silent' });

test('a burst of 100 identical events becomes one Event with count 100; the default spam filter caps it at 25', async (t) => {
  const api = await startTestApiServer();
  const client = new RestResourceClient({ server: api.url });
  t.after(async () => {
    await client.close();
    await api.stop();
  });
  const events = async (name: string) =>
    ((await api.request('GET', '/api/v1/namespaces/default/events')).body.items as Array<Record<string, any>>).filter((e) => e.involvedObject.name === name);

  const roomy = new EventRecorder({ client, component: 'int-test', host: 'host-1', logger: silent, spamBurst: 100 });
  const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'burst', namespace: 'default', uid: 'u-burst' } };
  for (let i = 0; i < 100; i++) roomy.event(pod, 'Warning', 'BackOff', 'Back-off restarting failed container');
  await roomy.shutdown();
  const burst = await events('burst');
  assert.equal(burst.length, 1);
  assert.equal(burst[0]!.count, 100);
  assert.equal(burst[0]!.reason, 'BackOff');
  assert.equal(burst[0]!.type, 'Warning');
  assert.deepEqual(burst[0]!.source, { component: 'int-test', host: 'host-1' });
  assert.match(burst[0]!.metadata.name, /^burst\.[0-9a-f]+$/);

  const standard = new EventRecorder({ client, component: 'int-test', logger: silent });
  const other = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'spammy', namespace: 'default', uid: 'u-spammy' } };
  for (let i = 0; i < 100; i++) standard.event(other, 'Warning', 'BackOff', 'Back-off restarting failed container');
  await standard.shutdown();
  const capped = await events('spammy');
  assert.equal(capped.length, 1);
  assert.equal(capped[0]!.count, DEFAULT_SPAM_BURST);
});
