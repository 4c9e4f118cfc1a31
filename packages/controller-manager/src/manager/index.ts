/** manager: the controller manager frame (context, selection, start order, component). */
export type { ControllerContext, ControllerDescriptor, RunnableController } from './controller-context.js';
export { ControllerManager, type ControllerManagerOptions } from './controller-manager.js';
export { selectControllers } from './select-controllers.js';
export { controllerManagerSettings, defaultControllerManagerSettings, CONTROLLER_MANAGER_FLAGS, type ControllerManagerSettings } from './settings.js';
export { controllerManagerComponent, DEFAULT_CONTROLLER_MANAGER_HEALTH_PORT, CONTROLLER_MANAGER_LEASE } from './component.js';
