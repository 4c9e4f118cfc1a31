/** The standard frame of a component binary. */
export { runComponent, loadSettings, type CommonSettings, type ComponentContext, type ComponentSpec, type RunningComponent } from './run-component.js';
export { startHealthServer, type HealthServer, type HealthServerOptions } from './health-server.js';
export { componentClient } from './component-client.js';
