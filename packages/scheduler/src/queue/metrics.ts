/** Prometheus metrics of the scheduling queue, named and labelled as kube-scheduler names them. */
import { Counter, Gauge, register as defaultRegistry, type Registry } from 'prom-client';
import type { ClusterEvent } from './cluster-events.js';

/** The sub-queues as the `queue` label spells them. */
export type QueueName = 'active' | 'backoff' | 'unschedulable' | 'gated';

function getOrCreate<M>(registry: Registry, name: string, make: () => M): M {
  return (registry.getSingleMetric(name) as M | undefined) ?? make();
}

/** The queue's two metrics in one registry (shared when several queues use the same registry). */
export class SchedulingQueueMetrics {
  private readonly pending: Gauge<'queue'>;
  private readonly incoming: Counter<'queue' | 'event'>;

  constructor(registry: Registry = defaultRegistry) {
    const registers = [registry];
    this.pending = getOrCreate(registry, 'scheduler_pending_pods', () => new Gauge({
      name: 'scheduler_pending_pods',
      help: "Number of pending pods, by the queue type. 'active' means number of pods in activeQ; 'backoff' means number of pods in backoffQ; 'unschedulable' means number of pods in unschedulablePods that the scheduler attempted to schedule and failed; 'gated' is the number of unschedulable pods that the scheduler never attempted to schedule because they are gated.",
      labelNames: ['queue'],
      registers,
    }));
    this.incoming = getOrCreate(registry, 'scheduler_queue_incoming_pods_total', () => new Counter({
      name: 'scheduler_queue_incoming_pods_total',
      help: 'Number of pods added to scheduling queues by event and queue type.',
      labelNames: ['queue', 'event'],
      registers,
    }));
  }

  /** A pod entered `queue` because of `event`. */
  recordIncoming(queue: QueueName, event: ClusterEvent): void {
    this.incoming.inc({ queue, event });
  }

  /** The current size of every sub-queue. */
  setPending(sizes: Readonly<Record<QueueName, number>>): void {
    for (const [queue, n] of Object.entries(sizes)) this.pending.set({ queue }, n);
  }
}
