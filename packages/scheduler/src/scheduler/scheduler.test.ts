/** Unit tests of a scheduling cycle without a server: a failed binding rolls the assumption back and reports it. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import type { ApiObject, ResourceClient } from '@skiff/client';
import { EventRecorder, FakeClock } from '@skiff/runtime';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import { Status, type BindPlugin } from '../framework/index.js';
import { defaultProfile, inTreeRegistry } from '../plugins/index.js';
import { Scheduler } from './scheduler.js';

/** Records writes; everything else is unused by a cycle. */
class RecordingClient {
  created: ApiObject[] = [];
  patches: { name: string; patch: unknown; subresource?: string }[] = [];
  async create<T extends ApiObject>(_r: unknown, _ns: unknown, obj: T): Promise<T> {
    this.created.push(obj);
    return obj;
  }
  async patch<T extends ApiObject>(_r: unknown, _ns: unknown, name: string, _t: unknown, patch: unknown, opts?: { subresource?: string }): Promise<T> {
    this.patches.push({ name, patch, ...(opts?.subresource ? { subresource: opts.subresource } : {}) });
    return {} as T;
  }
  async close(): Promise<void> {}
}

const node: Node = { metadata: { name: 'n1' }, status: { allocatable: { cpu: '2', memory: '4Gi', pods: '5' } } };
const pod: Pod = { metadata: { name: 'a', namespace: 'ns', uid: 'uid-a' }, spec: { containers: [{ name: 'c', image: 'i' }] } };

test('a rejected binding forgets the assumed pod, backs the pod off, and reports SchedulerError', async () => {
  const fake = new RecordingClient();
  const client = fake as unknown as ResourceClient;
  const clock = new FakeClock();
  let release!: () => void;
  const bindStarted = new Promise<void>((r) => (release = r));
  let finishBind!: () => void;
  const failing: BindPlugin = {
    name: 'FailingBinder',
    bind: () => {
      release();
      return new Promise((resolve) => (finishBind = () => resolve(Status.error(new Error('node went away')))));
    },
  };
  const metrics = new Registry();
  const profile = defaultProfile();
  profile.plugins.bind = [{ name: 'FailingBinder' }];
  const recorder = new EventRecorder({ client, component: 'default-scheduler', clock, logger: pino({ level: 'silent' }) });
  const scheduler = new Scheduler({ client, clock, metrics, recorder, profiles: [profile], registry: { ...inTreeRegistry(), FailingBinder: () => failing } });
  try {
    scheduler.cache.addNode(node);
    scheduler.queue.add(pod);
    const info = (await scheduler.queue.pop())!;
    scheduler.scheduleOne(info);
    await bindStarted;
    assert.equal(scheduler.cache.isAssumedPod(pod), true, 'assumed while binding');
    assert.equal(scheduler.cache.snapshot()[0]!.pods.length, 1);
    finishBind();
    await scheduler.idle();
    assert.equal(scheduler.cache.isAssumedPod(pod), false);
    assert.equal(scheduler.cache.snapshot()[0]!.pods.length, 0, 'the room is given back');
    assert.deepEqual(scheduler.queue.pendingPods().map((p) => [p.pod.metadata?.name, p.queue]), [['a', 'backoff']]);
    const patch = fake.patches[0]!;
    assert.equal(patch.subresource, 'status');
    const condition = (patch.patch as { status: { conditions: { type: string; status: string; reason: string; message: string }[] } }).status.conditions[0]!;
    assert.deepEqual([condition.type, condition.status, condition.reason], ['PodScheduled', 'False', 'SchedulerError']);
    assert.match(condition.message, /binding rejected: node went away/);
    await recorder.flush();
    const event = fake.created.find((o) => 'reason' in o) as ApiObject & { reason?: string; type?: string; message?: string };
    assert.deepEqual([event.reason, event.type, event.message], ['FailedScheduling', 'Warning', condition.message]);
    const attempts = await metrics.getSingleMetric('scheduler_schedule_attempts_total')!.get();
    assert.deepEqual(attempts.values.map((v) => [v.labels.result, v.value]), [['error', 1]]);
  } finally {
    await scheduler.stop();
    await recorder.shutdown();
  }
});
