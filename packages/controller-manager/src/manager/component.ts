/** The skiff-controller-manager component: flags, client (gRPC or REST), leader election, the controller manager. */
import { componentClient, runLeaderElected, type ComponentSpec } from '@skiff/runtime';
import { ALL_CONTROLLERS } from '../controllers/index.js';
import { ControllerManager } from './controller-manager.js';
import { CONTROLLER_MANAGER_FLAGS, controllerManagerSettings, type ControllerManagerSettings } from './settings.js';

/** kube-controller-manager's secure port, used here for health and metrics. */
export const DEFAULT_CONTROLLER_MANAGER_HEALTH_PORT = 10257;
/** The Lease kube-controller-manager elects its leader with. */
export const CONTROLLER_MANAGER_LEASE = { namespace: 'kube-system', name: 'kube-controller-manager' };
const USER_AGENT = 'skiff-controller-manager';

export const controllerManagerComponent: ComponentSpec<ControllerManagerSettings> = {
  name: 'skiff-controller-manager',
  defaultHealthPort: DEFAULT_CONTROLLER_MANAGER_HEALTH_PORT,
  flags: CONTROLLER_MANAGER_FLAGS,
  settings: controllerManagerSettings,
  async start(ctx) {
    const client = await componentClient(ctx.settings.kubeconfig, ctx.settings.grpcAddress, USER_AGENT);
    const manager = new ControllerManager({ client, descriptors: ALL_CONTROLLERS, settings: ctx.settings, logger: ctx.logger, metrics: ctx.metrics });
    if (!ctx.settings.leaderElect) {
      await manager.start();
      ctx.setReady(true);
      return async () => {
        await manager.stop();
        await client.close();
      };
    }
    ctx.setReady(true);
    const stop = runLeaderElected(client, CONTROLLER_MANAGER_LEASE, { start: () => manager.start(), stop: () => manager.stop() }, ctx.logger);
    return async () => {
      await stop();
      await client.close();
    };
  },
};
