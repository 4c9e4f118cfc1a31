/** Prometheus metrics of work queues, named and labelled (`name`) as client-go's workqueue names them. */
import { Counter, Gauge, Histogram, register as defaultRegistry, type Registry } from 'prom-client';
import type { Clock } from '../clock/index.js';

/** client-go's buckets (10 ns x 10^0..9): queue and work durations span nanoseconds to tens of seconds. */
const DURATION_BUCKETS = Array.from({ length: 10 }, (_, i) => 1e-8 * 10 ** i);

/** What a queue reports; a queue without a name gets the no-op recorder. */
export interface QueueMetrics {
  /** A key became dirty (counted in depth and adds). */
  add(key: string): void;
  /** A worker took a key. */
  get(key: string): void;
  /** A worker finished a key. */
  done(key: string): void;
  /** A key was scheduled to come back later (delaying/rate-limited add). */
  retry(): void;
  /** The queue shut down; its in-progress gauges stop being reported. */
  close(): void;
}

export const noopQueueMetrics: QueueMetrics = {
  add: () => {},
  get: () => {},
  done: () => {},
  retry: () => {},
  close: () => {},
};

type Label = 'name';

/** One per registry: the metric objects plus the live queues whose in-progress work is read at scrape time. */
class WorkqueueMetricFamily {
  readonly depth: Gauge<Label>;
  readonly adds: Counter<Label>;
  readonly queueDuration: Histogram<Label>;
  readonly workDuration: Histogram<Label>;
  readonly retries: Counter<Label>;
  readonly live = new Set<NamedQueueMetrics>();

  constructor(registry: Registry) {
    const registers = [registry];
    const live = this.live;
    this.depth = new Gauge({ name: 'workqueue_depth', help: 'Current depth of workqueue', labelNames: ['name'], registers });
    this.adds = new Counter({ name: 'workqueue_adds_total', help: 'Total number of adds handled by workqueue', labelNames: ['name'], registers });
    this.queueDuration = new Histogram({
      name: 'workqueue_queue_duration_seconds',
      help: 'How long in seconds an item stays in workqueue before being requested.',
      labelNames: ['name'],
      buckets: DURATION_BUCKETS,
      registers,
    });
    this.workDuration = new Histogram({
      name: 'workqueue_work_duration_seconds',
      help: 'How long in seconds processing an item from workqueue takes.',
      labelNames: ['name'],
      buckets: DURATION_BUCKETS,
      registers,
    });
    this.retries = new Counter({ name: 'workqueue_retries_total', help: 'Total number of retries handled by workqueue', labelNames: ['name'], registers });
    new Gauge({
      name: 'workqueue_unfinished_work_seconds',
      help: 'How many seconds of work has been done that is in progress and has not been observed by work_duration. Large values indicate stuck threads.',
      labelNames: ['name'],
      registers,
      collect() {
        for (const q of live) this.set({ name: q.name }, q.unfinishedSeconds());
      },
    });
    new Gauge({
      name: 'workqueue_longest_running_processor_seconds',
      help: 'How many seconds has the longest running processor for workqueue been running.',
      labelNames: ['name'],
      registers,
      collect() {
        for (const q of live) this.set({ name: q.name }, q.longestRunningSeconds());
      },
    });
  }
}

const families = new WeakMap<Registry, WorkqueueMetricFamily>();

class NamedQueueMetrics implements QueueMetrics {
  private readonly addTimes = new Map<string, number>();
  private readonly startTimes = new Map<string, number>();

  constructor(
    readonly name: string,
    private readonly clock: Clock,
    private readonly family: WorkqueueMetricFamily,
  ) {
    family.live.add(this);
    family.depth.set({ name }, 0);
  }

  add(key: string): void {
    this.family.depth.inc({ name: this.name });
    this.family.adds.inc({ name: this.name });
    if (!this.addTimes.has(key)) this.addTimes.set(key, this.clock.now());
  }

  get(key: string): void {
    this.family.depth.dec({ name: this.name });
    const now = this.clock.now();
    this.startTimes.set(key, now);
    const added = this.addTimes.get(key);
    if (added !== undefined) {
      this.family.queueDuration.observe({ name: this.name }, (now - added) / 1000);
      this.addTimes.delete(key);
    }
  }

  done(key: string): void {
    const started = this.startTimes.get(key);
    if (started === undefined) return;
    this.family.workDuration.observe({ name: this.name }, (this.clock.now() - started) / 1000);
    this.startTimes.delete(key);
  }

  retry(): void {
    this.family.retries.inc({ name: this.name });
  }

  close(): void {
    this.family.live.delete(this);
  }

  unfinishedSeconds(): number {
    const now = this.clock.now();
    let total = 0;
    for (const started of this.startTimes.values()) total += now - started;
    return total / 1000;
  }

  longestRunningSeconds(): number {
    const now = this.clock.now();
    let longest = 0;
    for (const started of this.startTimes.values()) longest = Math.max(longest, now - started);
    return longest / 1000;
  }
}

/** The recorder for queue `name` in `registry` (prom-client's default registry when absent). */
export function queueMetrics(name: string, clock: Clock, registry: Registry = defaultRegistry): QueueMetrics {
  let family = families.get(registry);
  if (!family) {
    family = new WorkqueueMetricFamily(registry);
    families.set(registry, family);
  }
  return new NamedQueueMetrics(name, clock, family);
}
