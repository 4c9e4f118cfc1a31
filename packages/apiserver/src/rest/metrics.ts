/** The API server's Prometheus metrics, named as kube-apiserver names them. */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** kube-apiserver's request latency buckets (seconds). */
const REQUEST_DURATION_BUCKETS = [0.005, 0.025, 0.05, 0.1, 0.2, 0.4, 0.6, 0.8, 1, 1.25, 1.5, 2, 3, 4, 5, 6, 8, 10, 15, 20, 30, 45, 60];

export interface RequestLabels {
  verb: string;
  group: string;
  version: string;
  resource: string;
  subresource: string;
  scope: string;
}

export class ApiServerMetrics {
  readonly registry = new Registry();
  private readonly requests: Counter<string>;
  private readonly duration: Histogram<string>;
  private readonly longRunning: Gauge<string>;
  private readonly watchEvents: Counter<string>;

  constructor() {
    collectDefaultMetrics({ register: this.registry });
    const labels = ['verb', 'group', 'version', 'resource', 'subresource', 'scope', 'component'];
    this.requests = new Counter({ name: 'apiserver_request_total', help: 'Counter of apiserver requests broken out for each verb, group, version, resource, scope, component, and HTTP response code.', labelNames: [...labels, 'code'], registers: [this.registry] });
    this.duration = new Histogram({ name: 'apiserver_request_duration_seconds', help: 'Response latency distribution in seconds for each verb, group, version, resource, subresource, scope and component.', labelNames: labels, buckets: REQUEST_DURATION_BUCKETS, registers: [this.registry] });
    this.longRunning = new Gauge({ name: 'apiserver_longrunning_requests', help: 'Gauge of all active long-running apiserver requests (watches) broken out by verb, group, version, resource, scope and component.', labelNames: labels, registers: [this.registry] });
    this.watchEvents = new Counter({ name: 'apiserver_watch_events_total', help: 'Number of events sent in watch clients', labelNames: ['group', 'version', 'kind'], registers: [this.registry] });
  }

  observe(labels: RequestLabels, code: number, seconds: number): void {
    const l = { ...labels, component: 'apiserver' };
    this.requests.inc({ ...l, code: String(code) });
    this.duration.observe(l, seconds);
  }

  watchStarted(labels: RequestLabels): () => void {
    const l = { ...labels, component: 'apiserver' };
    this.longRunning.inc(l);
    return () => this.longRunning.dec(l);
  }

  watchEvent(group: string, version: string, kind: string): void {
    this.watchEvents.inc({ group, version, kind });
  }
}
