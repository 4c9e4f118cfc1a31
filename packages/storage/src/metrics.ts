/** Prometheus metrics of the store and its watch caches, named as kube-apiserver names them. */
import { Counter, Gauge, Histogram, register as defaultRegistry, type Registry } from 'prom-client';

export type EtcdOperation = 'get' | 'list' | 'create' | 'update' | 'delete' | 'watch' | 'compact' | 'revision';

/** Buckets of kube-apiserver's etcd_request_duration_seconds, trimmed at 60 s. */
const REQUEST_DURATION_BUCKETS = [0.005, 0.025, 0.05, 0.1, 0.2, 0.4, 0.6, 0.8, 1, 1.25, 1.5, 2, 3, 4, 5, 6, 8, 10, 15, 20, 30, 45, 60];

function getOrCreate<M>(registry: Registry, name: string, make: () => M): M {
  return (registry.getSingleMetric(name) as M | undefined) ?? make();
}

export class StorageMetrics {
  readonly requestDuration: Histogram<'operation' | 'type'>;
  readonly requestsTotal: Counter<'operation' | 'type'>;
  readonly eventsReceived: Counter<'resource'>;
  readonly eventsDispatched: Counter<'resource'>;
  readonly terminatedWatchers: Counter<'resource'>;
  readonly cacheInitializations: Counter<'resource'>;
  readonly cacheResourceVersion: Gauge<'resource'>;
  readonly registeredWatchers: Gauge<'resource'>;
  readonly storageObjects: Gauge<'resource'>;
  private readonly durationChildren = new Map<string, Histogram.Internal<'operation' | 'type'>>();
  private readonly countChildren = new Map<string, Counter.Internal>();

  constructor(registry: Registry = defaultRegistry) {
    const registers = [registry];
    this.requestDuration = getOrCreate(registry, 'etcd_request_duration_seconds', () => new Histogram({
      name: 'etcd_request_duration_seconds',
      help: 'Etcd request latency in seconds for each operation and object type.',
      labelNames: ['operation', 'type'] as const,
      buckets: REQUEST_DURATION_BUCKETS,
      registers,
    }));
    this.requestsTotal = getOrCreate(registry, 'etcd_requests_total', () => new Counter({
      name: 'etcd_requests_total',
      help: 'Etcd request counts for each operation and object type.',
      labelNames: ['operation', 'type'] as const,
      registers,
    }));
    this.eventsReceived = getOrCreate(registry, 'apiserver_watch_cache_events_received_total', () => new Counter({
      name: 'apiserver_watch_cache_events_received_total',
      help: 'Counter of events received in watch cache broken by resource type.',
      labelNames: ['resource'] as const,
      registers,
    }));
    this.eventsDispatched = getOrCreate(registry, 'apiserver_watch_cache_events_dispatched_total', () => new Counter({
      name: 'apiserver_watch_cache_events_dispatched_total',
      help: 'Counter of events dispatched in watch cache broken by resource type.',
      labelNames: ['resource'] as const,
      registers,
    }));
    this.terminatedWatchers = getOrCreate(registry, 'apiserver_terminated_watchers_total', () => new Counter({
      name: 'apiserver_terminated_watchers_total',
      help: 'Counter of watchers closed due to unresponsiveness broken by resource type.',
      labelNames: ['resource'] as const,
      registers,
    }));
    this.cacheInitializations = getOrCreate(registry, 'apiserver_watch_cache_initializations_total', () => new Counter({
      name: 'apiserver_watch_cache_initializations_total',
      help: 'Counter of watch cache initializations broken by resource type.',
      labelNames: ['resource'] as const,
      registers,
    }));
    this.cacheResourceVersion = getOrCreate(registry, 'apiserver_watch_cache_resource_version', () => new Gauge({
      name: 'apiserver_watch_cache_resource_version',
      help: 'Current resource version of watch cache broken by resource type.',
      labelNames: ['resource'] as const,
      registers,
    }));
    this.registeredWatchers = getOrCreate(registry, 'apiserver_registered_watchers', () => new Gauge({
      name: 'apiserver_registered_watchers',
      help: 'Number of currently registered watchers for a given resource.',
      labelNames: ['resource'] as const,
      registers,
    }));
    this.storageObjects = getOrCreate(registry, 'apiserver_storage_objects', () => new Gauge({
      name: 'apiserver_storage_objects',
      help: 'Number of stored objects at the time of last check split by kind.',
      labelNames: ['resource'] as const,
      registers,
    }));
  }

  /** Records one etcd request of `operation` on a key of resource `type` that took `seconds`. */
  observe(operation: EtcdOperation, type: string, seconds: number): void {
    const id = `${operation}\u0000${type}`;
    let duration = this.durationChildren.get(id);
    let count = this.countChildren.get(id);
    if (!duration || !count) {
      duration = this.requestDuration.labels(operation, type);
      count = this.requestsTotal.labels(operation, type);
      this.durationChildren.set(id, duration);
      this.countChildren.set(id, count);
    }
    duration.observe(seconds);
    count.inc();
  }

  /** Runs `fn` as an etcd request of `operation` on resource `type`, recording its duration. */
  async time<T>(operation: EtcdOperation, type: string, fn: () => Promise<T>): Promise<T> {
    const start = performance.now();
    try {
      return await fn();
    } finally {
      this.observe(operation, type, (performance.now() - start) / 1000);
    }
  }
}
