/** Shared helpers of the scheduling queue tests: pods, a queue on a FakeClock, metric reads. */
import type { TestContext } from 'node:test';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { Registry } from 'prom-client';
import { FakeClock } from '@skiff/runtime';
import { SchedulingQueue, type SchedulingQueueOptions } from './scheduling-queue.js';
import type { QueuedPodInfo } from './queued-pod-info.js';

export interface PodOptions {
  namespace?: string;
  priority?: number;
  labels?: Record<string, string>;
  gates?: string[];
  priorityClassName?: string;
}

export function makePod(name: string, opts: PodOptions = {}): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: opts.namespace ?? 'default', resourceVersion: '1', ...(opts.labels ? { labels: opts.labels } : {}) },
    spec: {
      containers: [{ name: 'c', image: 'busybox' }],
      ...(opts.priority !== undefined ? { priority: opts.priority } : {}),
      ...(opts.priorityClassName ? { priorityClassName: opts.priorityClassName } : {}),
      ...(opts.gates ? { schedulingGates: opts.gates.map((g) => ({ name: g })) } : {}),
    },
  };
}

export interface Harness {
  queue: SchedulingQueue;
  clock: FakeClock;
  registry: Registry;
}

/** A queue on a FakeClock starting at 0 with its own registry; closed when the test ends, even when it fails. */
export function newHarness(t: TestContext, options: Omit<SchedulingQueueOptions, 'clock' | 'registry'> = {}): Harness {
  const clock = new FakeClock(0);
  const registry = new Registry();
  const queue = new SchedulingQueue({ ...options, clock, registry });
  t.after(() => queue.close());
  return { queue, clock, registry };
}

/** Lets pending promise continuations run (no real time involved). */
export function tick(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Whether a promise has settled by the next macrotask. */
export async function isSettled(p: Promise<unknown>): Promise<boolean> {
  let settled = false;
  p.then(() => { settled = true; }, () => { settled = true; });
  await tick();
  return settled;
}

/** The value of a promise that must already have settled (fails instead of hanging the test). */
export async function settledValue<T>(p: Promise<T>): Promise<T> {
  if (!(await isSettled(p))) throw new Error('expected the promise to have settled');
  return p;
}

/** Pops the next pod, failing if none is ready right now. */
export async function popNow(queue: SchedulingQueue): Promise<QueuedPodInfo> {
  const ac = new AbortController();
  const p = queue.pop(ac.signal);
  if (!(await isSettled(p))) {
    ac.abort(new Error('no pod ready'));
  }
  const info = await p;
  if (!info) throw new Error('queue closed');
  return info;
}

/** Pops a pod and parks it as unschedulable, rejected by `plugins`; returns its info. */
export async function popAndFail(queue: SchedulingQueue, plugins: string[] = []): Promise<QueuedPodInfo> {
  const info = await popNow(queue);
  const cycle = queue.currentSchedulingCycle();
  info.unschedulablePlugins = new Set(plugins);
  queue.addUnschedulableIfNotPresent(info, cycle);
  return info;
}

/** The value of one labelled sample of a metric, 0 when absent. */
export async function metricValue(registry: Registry, name: string, labels: Record<string, string>): Promise<number> {
  const metric = registry.getSingleMetric(name);
  if (!metric) return 0;
  const data = await metric.get();
  const sample = data.values.find((v) => Object.entries(labels).every(([k, val]) => v.labels[k] === val));
  return sample?.value ?? 0;
}
