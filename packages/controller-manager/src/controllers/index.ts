/** Every controller the manager knows, in start order. Each lives in its own folder and exports one descriptor. */
import type { ControllerDescriptor } from '../manager/controller-context.js';

export const ALL_CONTROLLERS: readonly ControllerDescriptor[] = [];
