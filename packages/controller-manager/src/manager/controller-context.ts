/** What every controller is built from: the shared client and informers, events, logs, metrics, clock and settings. */
import type { ResourceClient } from '@skiff/client';
import type { Clock, Controller, EventRecorder, Reconciler, SharedInformerFactory } from '@skiff/runtime';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { ControllerManagerSettings } from './settings.js';

export interface ControllerContext {
  /** The controller manager's one client (gRPC to the apiserver in production). */
  client: ResourceClient;
  /** Shared informers: a controller asks for the resources it watches while it is built; the manager starts them. */
  informers: SharedInformerFactory;
  /** An event recorder reporting as `component` (e.g. `replicaset-controller`), shared per component. */
  recorder(component: string): EventRecorder;
  /** The controller's own child logger (field `controller`). */
  logger: Logger;
  /** Where workqueue and controller metrics are registered (pass as the Controller's metricsRegistry). */
  metrics: Registry;
  clock: Clock;
  settings: ControllerManagerSettings;
  /** A runtime Controller (rate-limited queue + workers) on this context's clock, logger and metrics; `name` names its queue. */
  newController(name: string, workers: number, reconcile: Reconciler['reconcile']): Controller;
}

/** A built controller; the manager starts it once the informers have synced and stops it on shutdown. */
export interface RunnableController {
  start(): void | Promise<void>;
  stop(): Promise<void>;
}

/** One controller the manager can run, under Kubernetes' name for it. */
export interface ControllerDescriptor {
  /** kube-controller-manager's name, e.g. `replicaset-controller`. */
  name: string;
  /** Older names `--controllers` also accepts, e.g. `replicaset`. */
  aliases?: string[];
  /** Off unless named in `--controllers` when false (default true). */
  enabledByDefault?: boolean;
  /** Builds the controller: registers its informer handlers (informers are started after every build). */
  build(ctx: ControllerContext): RunnableController;
}
