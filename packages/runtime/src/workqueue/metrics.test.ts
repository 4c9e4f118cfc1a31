/** Tests of the work-queue metrics against a private prom-client registry. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Registry } from 'prom-client';
import { FakeClock } from '../clock/index.js';
import { RateLimitingQueue, ItemExponentialFailureRateLimiter } from './index.js';

async function value(registry: Registry, metric: string, suffix = ''): Promise<number | undefined> {
  const m = registry.getSingleMetric(metric);
  assert.ok(m, `${metric} registered`);
  const got = await m.get();
  const sample = got.values.find((v) => v.labels['name'] === 'test' && (v as { metricName?: string }).metricName === metric + suffix)
    ?? (suffix === '' ? got.values.find((v) => v.labels['name'] === 'test') : undefined);
  return sample?.value;
}

test('depth, adds, retries, queue and work durations, unfinished and longest-running work', async () => {
  const registry = new Registry();
  const clock = new FakeClock(0);
  const q = new RateLimitingQueue({ name: 'test', clock, metricsRegistry: registry, rateLimiter: new ItemExponentialFailureRateLimiter() });
  q.add('a');
  q.add('a');
  q.add('b');
  assert.equal(await value(registry, 'workqueue_depth'), 2);
  assert.equal(await value(registry, 'workqueue_adds_total'), 2, 'a duplicate add is not counted');

  clock.step(2000);
  const a = await q.get();
  assert.equal(await value(registry, 'workqueue_depth'), 1);
  assert.equal(await value(registry, 'workqueue_queue_duration_seconds', '_sum'), 2);

  clock.step(3000);
  await q.get();
  assert.equal(await value(registry, 'workqueue_unfinished_work_seconds'), 3, 'a has run 3 s, b just started');
  assert.equal(await value(registry, 'workqueue_longest_running_processor_seconds'), 3);
  clock.step(1000);
  assert.equal(await value(registry, 'workqueue_unfinished_work_seconds'), 4 + 1);
  assert.equal(await value(registry, 'workqueue_longest_running_processor_seconds'), 4);
  q.done(a.key as string);
  assert.equal(await value(registry, 'workqueue_work_duration_seconds', '_sum'), 4);
  assert.equal(await value(registry, 'workqueue_work_duration_seconds', '_count'), 1);
  assert.equal(await value(registry, 'workqueue_longest_running_processor_seconds'), 1);

  q.addRateLimited('a');
  q.addAfter('c', 10);
  assert.equal(await value(registry, 'workqueue_retries_total'), 2);
  q.shutDown();
});

test('an unnamed queue registers no metrics', () => {
  const registry = new Registry();
  new RateLimitingQueue({ clock: new FakeClock(0), metricsRegistry: registry }).add('a');
  assert.equal(registry.getMetricsAsArray().length, 0);
});
