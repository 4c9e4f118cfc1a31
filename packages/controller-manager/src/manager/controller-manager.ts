/** The controller manager: builds the selected controllers on shared informers, waits for the caches, starts them. */
import { setMaxListeners } from 'node:events';
import type { ResourceClient } from '@skiff/client';
import { Controller, EventRecorder, realClock, SharedInformerFactory, type Clock } from '@skiff/runtime';
import { pino, type Logger } from 'pino';
import { Registry } from 'prom-client';
import type { ControllerContext, ControllerDescriptor, RunnableController } from './controller-context.js';
import { selectControllers } from './select-controllers.js';
import { defaultControllerManagerSettings, type ControllerManagerSettings } from './settings.js';

export interface ControllerManagerOptions {
  client: ResourceClient;
  /** Every controller known (the selection comes from settings.controllers). */
  descriptors: readonly ControllerDescriptor[];
  settings?: ControllerManagerSettings;
  logger?: Logger;
  metrics?: Registry;
  clock?: Clock;
}

/** Start order as controller-runtime's manager: build (register informers), caches (wait for sync), controllers. */
export class ControllerManager {
  readonly informers: SharedInformerFactory;
  readonly selected: readonly ControllerDescriptor[];
  private readonly options: ControllerManagerOptions;
  private readonly settings: ControllerManagerSettings;
  private readonly logger: Logger;
  private readonly metrics: Registry;
  private readonly clock: Clock;
  private readonly recorders = new Map<string, EventRecorder>();
  private readonly running: { name: string; controller: RunnableController }[] = [];
  private readonly abort = new AbortController();
  private started = false;

  constructor(options: ControllerManagerOptions) {
    this.options = options;
    this.settings = options.settings ?? defaultControllerManagerSettings();
    this.logger = options.logger ?? pino({ level: 'silent' });
    this.metrics = options.metrics ?? new Registry();
    this.clock = options.clock ?? realClock;
    this.informers = new SharedInformerFactory(options.client, { clock: this.clock, logger: this.logger });
    this.selected = selectControllers(this.settings.controllers, options.descriptors);
    // Every informer's cache-sync wait listens on this one signal (the garbage collector alone watches ~17 resources).
    setMaxListeners(0, this.abort.signal);
  }

  /** Builds every selected controller, starts the informers, waits for their caches and starts the controllers. */
  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    const built: { name: string; controller: RunnableController }[] = [];
    for (const d of this.selected) built.push({ name: d.name, controller: d.build(this.context(d.name)) });
    this.informers.start();
    if (!(await this.informers.waitForCacheSync(this.abort.signal))) throw new Error('controller-manager: informer caches did not sync');
    for (const b of built) {
      await b.controller.start();
      this.running.push(b);
      this.logger.info({ controller: b.name }, 'started controller');
    }
  }

  /** Stops the controllers (last started first), the informers and the event recorders. */
  async stop(): Promise<void> {
    this.abort.abort();
    for (const r of [...this.running].reverse()) await r.controller.stop();
    this.running.length = 0;
    await this.informers.shutdown();
    await Promise.all([...this.recorders.values()].map((r) => r.shutdown()));
  }

  private context(name: string): ControllerContext {
    const logger = this.logger.child({ controller: name });
    return {
      client: this.options.client,
      informers: this.informers,
      recorder: (component) => this.recorder(component),
      logger,
      metrics: this.metrics,
      clock: this.clock,
      settings: this.settings,
      newController: (queueName, workers, reconcile) =>
        new Controller({ name: queueName, workers, reconciler: { reconcile }, clock: this.clock, logger, metricsRegistry: this.metrics }),
    };
  }

  private recorder(component: string): EventRecorder {
    let r = this.recorders.get(component);
    if (!r) {
      r = new EventRecorder({ client: this.options.client, component, clock: this.clock, logger: this.logger });
      this.recorders.set(component, r);
    }
    return r;
  }
}
